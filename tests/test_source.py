"""Reading source: encodings, BOM, CRLF and binary files become text or a clear error."""

from __future__ import annotations

import codecs

import pytest

from noiselint.diagnostics import FileError
from noiselint.files.source import SourceFile, decode_source
from noiselint.syntax.parse import SyntaxProblem, parse_source, python_2_problem, repair_keyword_in_tuple
from noiselint.syntax.precheck import precheck


@pytest.mark.parametrize(("data", "text", "encoding", "bom"), [
    (b"x = 1\n", "x = 1\n", "utf-8", False),
    (b"x = 1\r\n", "x = 1\r\n", "utf-8", False),
    (codecs.BOM_UTF8 + b"x = 1\n", "x = 1\n", "utf-8", True),
    (b"# coding: latin-1\nx = '\xe9'\n", "# coding: latin-1\nx = '\xe9'\n", "iso-8859-1", False),
])
def test_decode_and_encode_round_trip(data: bytes, text: str, encoding: str, bom: bool) -> None:
    source = decode_source("m.py", data)
    assert isinstance(source, SourceFile)
    assert (source.text, source.encoding, source.bom) == (text, encoding, bom)
    assert source.encode(source.text) == data


@pytest.mark.parametrize(("data", "message"), [
    (b"\x00\x00", "is a binary file"),
    (b"x = '\xff'\n", "cannot be decoded as utf-8"),
    (b"# -*- coding: nope -*-\n", "invalid encoding declaration"),
])
def test_bad_bytes_are_errors(data: bytes, message: str) -> None:
    error = decode_source("m.py", data)
    assert isinstance(error, FileError) and message in error.message


def test_syntax_problem_uses_cpython_message_and_position() -> None:
    problem = parse_source(SourceFile("m.py", "from keras import layers\nx = layers.Dropout(0.1\n"))
    assert isinstance(problem, SyntaxProblem)
    assert problem.message == "'(' was never closed" and (problem.row, problem.col) == (2, 19)
    assert problem.hint is None


_PYTHON_2 = [
    "import keras\nprint 'model'\nm = keras.layers.Dropout(0.5)\n",
    "def f(m):\n    print m.summary()\n    return m\n",
    "print\nprint 'a', 'b',\n",
    "exec 'x = 1'\n",
    "import sys\nprint >>sys.stderr, 'x'\nprint 'y'\n",  # the first is Python 3 (a tuple), the second not
    "exec code in globals()\n",
    "print 'x'\nlayers.Dropout((0.1, noise_shape=[None, 1]))\n",
]


@pytest.mark.parametrize("text", _PYTHON_2)
def test_a_python_2_statement_is_reported_as_libcst_s_pass_reports_it_without_libcst(text: str) -> None:
    import libcst

    with pytest.raises(libcst.ParserSyntaxError):  # libcst rejects the text as well
        libcst.parse_module(text)
    checked = precheck(text)
    assert checked.tree is None and checked.rejected is not None
    assert python_2_problem(text, checked.rejected) == parse_source(SourceFile("m.py", text))


@pytest.mark.parametrize("text", [
    "x = layers.Dropout(0.1\n",  # not a Python 2 statement
    "print 'a'\ny = f'{x}'\n",  # an f-string: CPython 3.11 may read a newer Python's as other tokens
    "print 'a'\ny = RF\"{x}\"\n",
    "print 'a'\ny = t'{x}'\n",  # a template string (Python 3.14)
])
def test_other_syntax_errors_are_left_to_libcst(text: str) -> None:
    assert python_2_problem(text, precheck(text).rejected) is None


@pytest.mark.parametrize(("text", "hint"), [
    ("Dropout((0.1, noise_shape=[None, 1, 2]))(x)\n",
     "did you mean `Dropout(0.1, noise_shape=[None, 1, 2])`?"),
    ("layers.Dropout((0.1,\n    noise_shape=(None, 1)))\n",
     "did you mean `layers.Dropout(0.1, noise_shape=(None, 1))`?"),
    ("tf.nn.dropout((x, rate=0.5))\n", "did you mean `tf.nn.dropout(x, rate=0.5)`?"),
])
def test_keyword_inside_tuple_is_recognised(text: str, hint: str) -> None:
    found = repair_keyword_in_tuple(text)
    assert found is not None and found[0] == hint


@pytest.mark.parametrize("text", [
    "f((a == b, c))\n",
    "f((a, b))\n",
    "f(((a, b=1)), c\n",
    "print((x := 3, 4))\n",
])
def test_other_text_is_not_repaired(text: str) -> None:
    assert repair_keyword_in_tuple(text) is None


def test_a_directory_is_refused_by_the_bounded_reader(tmp_path) -> None:
    # Found when the worker count read a SavedModel directory named on the command line:
    # Linux opens a directory read-only, and fdopen raised IsADirectoryError.
    from noiselint.files.source import read_bounded

    found = read_bounded(tmp_path)
    assert not isinstance(found, bytes) and found.message == "is a directory"
