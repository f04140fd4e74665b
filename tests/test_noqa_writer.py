"""`--add-noqa` writes a comment and nothing else: the code of the flagged line, and any
string on it or running past it, stay as they were (issue 26, mutation survivors of
`fixes.noqa_writer`)."""

from __future__ import annotations

from noiselint.engine import lint_text, selected_rules
from noiselint.files.source import SourceFile
from noiselint.fixes.noqa_writer import add_noqa
from noiselint.settings import Settings

RULES = selected_rules(Settings(shapes=False))
HEAD = "from keras import layers\n"
CALL = "y = layers.Dropout(0.5, noise_shape=(64, 1, 8)"


def _add_noqa(text: str) -> tuple[str, int]:
    return add_noqa(text, lint_text(SourceFile("m.py", text), RULES))


def test_the_last_characters_of_the_code_are_kept() -> None:
    # Only the line break is set aside while the comment is added, whatever the line ends in.
    for end in ("(x) if training else X", "(x) * MAX", "(x)\r", "(x)\r\n"):
        line = f"{CALL}){end}"
        body = line.rstrip("\r\n")
        text = f"{HEAD}{line}{'' if line.endswith(chr(13)) else chr(10)}z = 1\n"
        assert _add_noqa(text) == (text.replace(body, f"{body}  # noqa: NL001", 1), 1), end


def test_a_noqa_written_inside_a_string_is_not_the_lines_comment() -> None:
    # The layer's name stays as written: the code goes into the comment, a new one or the
    # line's own noqa list, never into a string that happens to hold a noqa list.
    name = ", name='# noqa: E501')(x)"
    plain = f"{HEAD}{CALL}{name}\n"
    assert _add_noqa(plain) == (plain.replace(")(x)\n", ")(x)  # noqa: NL001\n"), 1)
    listed = f"{HEAD}{CALL}{name}  # noqa: E731\n"
    assert _add_noqa(listed) == (listed.replace("# noqa: E731", "# noqa: E731, NL001"), 1)


def test_a_flagged_line_that_ends_inside_a_string_takes_no_comment_on_any_row() -> None:
    # The rows a string spans are found by its rows alone: the call may sit on any row, and
    # its string argument start at any column, end at any column of the next row.
    for rows_before in range(60):
        text = HEAD + "# a note\n" * rows_before + f'{CALL}, name="""drop\n""")(x)\nz = 1\n'
        assert _add_noqa(text) == (text, 0), rows_before


def test_a_flagged_line_that_ends_inside_an_f_string_takes_no_comment() -> None:
    # Python 3.12 and later tokenize an f-string as pieces (FSTRING_START ... FSTRING_END),
    # not one STRING; a comment written there would become part of the name.
    text = f'{HEAD}{CALL}, name=f"""{{1}}drop\n""")(x)\nz = 1\n'
    assert _add_noqa(text) == (text, 0)
