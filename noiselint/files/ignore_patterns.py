"""Ignore patterns (`.gitignore`, `exclude`, `per-file-ignores`): git's rules, matched in
linear time, without pathspec at run time.

Each pattern is translated to a regex as pathspec's `GitIgnoreSpec` translates it (git's
wildmatch rules, and git's handling of the edge cases: a directory's contents re-included, a
bad range dropped), and the spec decides as pathspec's does: the last pattern that matches
wins, a match on the path itself over a match on a directory above it. pathspec is the
reference the tests hold this to (tests/test_hostile_patterns.py), not a run-time import: its
package imports every matching backend it knows (50 M instructions, about 13 ms), which every
run over a git tree paid for its `.gitignore`.

pathspec's regex, run by Python's backtracking engine, tries every split of a long name for
`*a*a*c`, and every way to spread a deep path over the `**`s of `**/a/**/a/**/b`: hours at a
dozen of them. So the regex is never run by Python: it is compiled here into a small automaton
and simulated as a Pike VM (threads in priority order, one per instruction), which gives the
same match and the same `ps_d` group as the backtracking engine, in time linear in the path's
length for every pattern. Steps are memoised per (thread list, character), so a pattern's
automaton is walked once per new situation, not once per character.

The regex language is what the translation emits: literals, escapes, `.`, bracket classes,
`*` `+` `?` quantifiers, `(?:...)` and `(?P<ps_d>...)` groups, `|`, `^` and `$`. Anything else
is refused when the pattern is compiled, never matched slowly.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

from noiselint.settings import ConfigError, Settings

_DIR_MARK = "ps_d"
_CACHE_LIMIT = 20_000  # memoised steps per pattern; cleared past this, so memory stays bounded


class UnsupportedRegex(ValueError):
    """The translation emitted a construct the automaton does not model."""


class InvalidPattern(ValueError):
    """A pattern git cannot read: a trailing unescaped backslash, a lone `!`."""


# Instructions: ("c", test, next) consumes one character; ("s", first, second) splits with
# `first` preferred; ("j", target); ("^", next) and ("$", next) assert a position; ("g", next)
# marks that the `ps_d` group took part; ("m",) is a match.
_Instr = tuple


@dataclass(frozen=True)
class _Matched:
    """The part of `re.Match` that pathspec reads."""

    dir_mark: bool

    def groupdict(self) -> dict[str, str | None]:
        return {_DIR_MARK: "/" if self.dir_mark else None}


class _Parser:
    def __init__(self, regex: str) -> None:
        self.text, self.pos, self.code = regex, 0, []
        self.depth = 0
        # The longest run of literal characters every match must contain (outside groups and
        # quantifiers): a path without it is rejected by one `in` test, which most paths are.
        self.required, self._run = "", ""
        self.top_level_choice = False

    def emit(self, *instr: object) -> int:
        self.code.append(list(instr))
        return len(self.code) - 1

    def parse(self) -> list[_Instr]:
        self._alternation()
        if self.pos != len(self.text):
            raise UnsupportedRegex(f"unexpected {self.text[self.pos]!r} in {self.text!r}")
        self.emit("m")
        return [tuple(instr) for instr in self.code]

    def _alternation(self) -> None:
        # A | B  ->  split L1, L2; L1: A; jmp end; L2: B; end:
        split = self.emit("s", None, None)
        self.code[split][1] = len(self.code)
        self._sequence()
        if self.pos < len(self.text) and self.text[self.pos] == "|":
            if self.depth == 0:
                self.top_level_choice = True
            self.pos += 1
            jump = self.emit("j", None)
            self.code[split][2] = len(self.code)
            self._alternation()
            self.code[jump][1] = len(self.code)
        else:
            self.code[split] = ["j", split + 1]

    def _sequence(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] not in "|)":
            self._item()
        self._end_run()

    def _end_run(self) -> None:
        if len(self._run) > len(self.required):
            self.required = self._run
        self._run = ""

    def _item(self) -> None:
        start = len(self.code)
        literal = self._atom()
        if self.pos >= len(self.text) or self.text[self.pos] not in "*+?":
            if literal is not None and self.depth == 0:
                self._run += literal
            elif self.depth == 0:
                self._end_run()
            return
        self._end_run()
        quantifier = self.text[self.pos]
        self.pos += 1
        if self.pos < len(self.text) and self.text[self.pos] in "*+?{":
            raise UnsupportedRegex(f"lazy or possessive quantifier in {self.text!r}")
        body = self.code[start:]
        del self.code[start:]
        shift = 1 if quantifier in "*?" else 0
        # Re-emit the atom after a split (for `*` and `?`), relocating its jumps.
        if quantifier in "*?":
            split = self.emit("s", None, None)
        for instr in body:
            self.code.append(_relocate(instr, shift))
        if quantifier == "*":
            self.emit("j", split)
            self.code[split][1:] = [split + 1, len(self.code)]
        elif quantifier == "?":
            self.code[split][1:] = [split + 1, len(self.code)]
        else:  # "+": the atom, then a split back to it (greedy: loop first)
            self.emit("s", start, len(self.code) + 1)

    def _atom(self) -> str | None:
        """Emit one atom; return its character when it matches exactly one literal."""
        text, char = self.text, self.text[self.pos]
        literal = None
        if char == "(":
            self._group()
        elif char == "[":
            end = _class_end(text, self.pos)
            self.emit("c", re.compile(text[self.pos:end]).fullmatch, None)
            self.pos = end
        elif char == "\\":
            if self.pos + 1 >= len(text) or text[self.pos + 1].isalnum():
                raise UnsupportedRegex(f"escape class in {text!r}")  # \d, \w, \b ... never emitted
            literal = text[self.pos + 1]
            self.emit("c", literal.__eq__, None)
            self.pos += 2
        elif char == ".":
            self.emit("c", "\n".__ne__, None)  # no DOTALL: `.` is anything but a newline
            self.pos += 1
        elif char in "^$":
            self.emit(char, None)
            self.pos += 1
        elif char in "*+?{}|)":
            raise UnsupportedRegex(f"unexpected {char!r} in {text!r}")
        else:
            literal = char
            self.emit("c", char.__eq__, None)
            self.pos += 1
        self._link_last()
        return literal

    def _group(self) -> None:
        text = self.text
        if text.startswith("(?:", self.pos):
            self.pos += 3
            marks = False
        elif text.startswith(f"(?P<{_DIR_MARK}>", self.pos):
            self.pos += len(_DIR_MARK) + 5
            marks = True
        else:
            raise UnsupportedRegex(f"group kind in {text!r}")
        if marks:
            self.emit("g", None)
            self._link_last()
        self.depth += 1
        saved, self._run = self._run, ""
        self._alternation()
        self.depth -= 1
        self._run = saved
        if self.pos >= len(text) or text[self.pos] != ")":
            raise UnsupportedRegex(f"unclosed group in {text!r}")
        self.pos += 1

    def _link_last(self) -> None:
        """Point the instruction just emitted at whatever comes next."""
        instr = self.code[-1]
        instr[-1] = len(self.code)


def _relocate(instr: list, shift: int) -> list:
    kind = instr[0]
    if kind == "s":
        return ["s", instr[1] + shift, instr[2] + shift]
    if kind == "j":
        return ["j", instr[1] + shift]
    if kind == "c":
        return ["c", instr[1], instr[2] + shift]
    if kind in ("^", "$", "g"):
        return [kind, instr[1] + shift]
    return list(instr)


def _class_end(text: str, start: int) -> int:
    """One past the `]` closing the bracket class at `start` (Python's rules)."""
    pos = start + 1
    if pos < len(text) and text[pos] == "^":
        pos += 1
    if pos < len(text) and text[pos] == "]":
        pos += 1
    while pos < len(text) and text[pos] != "]":
        pos += 2 if text[pos] == "\\" else 1
    if pos >= len(text):
        raise UnsupportedRegex(f"unclosed class in {text!r}")
    return pos + 1


class LinearRegex:
    """A pattern's regex, with `search` in linear time."""

    def __init__(self, regex: str, flags: int = 0) -> None:
        if flags & ~(re.UNICODE | re.NOFLAG):
            raise UnsupportedRegex(f"flags {flags} on {regex!r}")
        self.pattern, self.flags = regex, flags
        parser = _Parser(regex)
        self._code = parser.parse()
        self._required = "" if parser.top_level_choice else parser.required
        self._anchored = self._code and _starts_anchored(self._code)
        self._steps: dict[tuple, tuple[bool | None, int]] = {}
        self._numbers: dict[tuple, int] = {(): 0}
        self._states: list[tuple] = [()]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LinearRegex) and (self.pattern, self.flags) == (other.pattern, other.flags)

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"LinearRegex({self.pattern!r})"

    def search(self, text: str) -> _Matched | None:
        if self._required not in text:
            return None
        if len(self._steps) > _CACHE_LIMIT:  # between searches: one search adds at most len(text) steps
            self._steps.clear()
            self._numbers, self._states = {(): 0}, [()]
        found: bool | None = None
        state = self._state(self._closure((), (0, False), _where(text, 0)))
        last = len(text) - 1
        steps = self._steps
        for index, char in enumerate(text):
            # Only the last two positions can hold `$`; every other step has the same key shape.
            key = (state, char, _where(text, index + 1) if index >= last - 1 else 0, found is None)
            step = steps.get(key)
            if step is None:
                step = self._new_step(key)
            matched, state = step
            if matched is not None:
                found = matched
            if state == 0 and (found is not None or self._anchored):
                return None if found is None else _Matched(found)
        for pc, mark in self._states[state]:
            if self._code[pc][0] == "m":
                return _Matched(mark)
        return None if found is None else _Matched(found)

    def _state(self, threads: tuple) -> int:
        """The number of a thread list (0 is the empty list)."""
        number = self._numbers.get(threads)
        if number is None:
            number = self._numbers[threads] = len(self._states)
            self._states.append(threads)
        return number

    def _new_step(self, key: tuple) -> tuple[bool | None, int]:
        state, char, where, searching = key
        matched, threads = self._step(self._states[state], char, where, searching)
        step = self._steps[key] = (matched, self._state(threads))
        return step

    def _step(self, threads: tuple, char: str, where: int, searching: bool) -> tuple:
        """Consume `char`: the match seen first in priority order (if any) and the next threads.
        A match cuts every lower-priority thread, as the backtracking engine would never try them."""
        matched: bool | None = None
        following: tuple = ()
        for pc, mark in threads:
            instr = self._code[pc]
            if instr[0] == "m":
                matched = mark
                searching = False
                break
            if instr[1](char):
                following = self._closure(following, (instr[2], mark), where)
        if searching and not self._anchored:
            following = self._closure(following, (0, False), where)
        return matched, following

    def _closure(self, threads: tuple, start: tuple[int, bool], where: int) -> tuple:
        """`threads` plus every consuming or matching state reachable from `start` without
        consuming, in priority order; a state already present keeps its first (preferred) thread."""
        out = list(threads)
        seen = {pc for pc, _ in out}
        stack = [start]
        while stack:
            pc, mark = stack.pop()
            if pc in seen:
                continue
            seen.add(pc)
            instr = self._code[pc]
            kind = instr[0]
            if kind == "j":
                stack.append((instr[1], mark))
            elif kind == "s":
                stack.extend(((instr[2], mark), (instr[1], mark)))
            elif kind == "g":
                stack.append((instr[1], True))
            elif kind == "^":
                if where & _AT_START:
                    stack.append((instr[1], mark))
            elif kind == "$":
                if where & _AT_END:
                    stack.append((instr[1], mark))
            else:
                out.append((pc, mark))
        return tuple(out)


_AT_START, _AT_END = 1, 2


def _where(text: str, index: int) -> int:
    """Which position assertions hold at `index`: `$` also holds before a final newline."""
    size = len(text)
    at_end = index == size or (index == size - 1 and text[-1] == "\n")
    return (_AT_START if index == 0 else 0) | (_AT_END if at_end else 0)


def _starts_anchored(code: list[_Instr]) -> bool:
    """Every path from the start passes `^` before consuming: no later start can match."""
    pc = 0
    while code[pc][0] == "j":
        pc = code[pc][1]
    return code[pc][0] == "^"


# --- git's patterns as regexes ----------------------------------------------------------------

_DIR_MARK_GROUP = f"(?P<{_DIR_MARK}>/)"
_DIR_MARK_OR_END = f"(?:{_DIR_MARK_GROUP}|$)"


class _BadRange(InvalidPattern):
    """A `[` with no `]`: git drops the pattern."""


def gitignore_regex(line: str) -> tuple[str | None, bool | None]:
    """The regex of one `.gitignore` line and whether a path it matches is ignored (True) or
    re-included (`!`, False); (None, None) for a line that matches nothing (blank, a comment,
    `/`, a bad range). Raises InvalidPattern for a line git cannot read."""
    if not line.endswith("\\ "):  # an escaped trailing space is kept, with what precedes it
        line = line.rstrip()
    if not line or line.startswith("#") or line == "/":
        return None, None
    include = not line.startswith("!")
    if not include:
        line = line[1:]
    segments = line.split("/")
    is_dir = not segments[-1]
    whole = _whole_path_regex(segments, is_dir)
    if whole is not None:
        return whole, include
    try:
        return "".join(_segment_regexes(segments, is_dir)), include
    except _BadRange:
        return None, None


def _whole_path_regex(segments: list[str], is_dir: bool) -> str | None:
    """Normalise `segments` in place (anchored, `**` where git implies it, no `**/**`); the
    regex of a pattern that matches every path, or every path below the root, else None."""
    if not segments[0]:
        del segments[0]  # `/a`: from the root
    elif (len(segments) == 1 or (len(segments) == 2 and not segments[1])) and segments[0] != "**":
        segments.insert(0, "**")  # `a` or `a/`: at any depth
    if not segments:
        raise InvalidPattern("the pattern is empty")
    if not segments[-1]:
        segments[-1] = "**"  # `a/`: what is below it
    for i in range(len(segments) - 1, 0, -1):
        if segments[i - 1] == segments[i] == "**":
            del segments[i]
    if segments == ["**"]:
        return _DIR_MARK_GROUP if is_dir else "."
    if segments == ["**", "*"]:
        return "."
    if segments == ["**", "*", "**"]:
        return _DIR_MARK_GROUP if is_dir else "/"
    return None


def _segment_regexes(segments: list[str], is_dir: bool) -> list[str]:
    parts: list[str] = []
    slash = False
    last = len(segments) - 1
    for i, segment in enumerate(segments):
        if segment == "**":
            if i == 0:
                parts.append("^(?:.+/)?")  # any leading directories
            elif i < last:
                parts.append("(?:/.+)?")  # any directories between
                slash = True
            else:
                parts.append(_DIR_MARK_GROUP if is_dir else "/")  # anything below
            continue
        if i == 0:
            parts.append("^")
        if slash:
            parts.append("/")
        parts.append("[^/]+" if segment == "*" else _glob_regex(segment))
        if i == last:
            parts.append(_DIR_MARK_OR_END)  # the path, or what is below it
        slash = True
    return parts


def _glob_regex(glob: str) -> str:
    """One segment's wildcards (`*`, `?`, `[...]`, `\\x`) as regex; nothing crosses a `/`."""
    out: list[str] = []
    escaped = False
    i, end = 0, len(glob)
    while i < end:
        char = glob[i]
        i += 1
        if escaped:
            escaped = False
            out.append(re.escape(char))
        elif char == "\\":
            escaped = True
        elif char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            close = i
            if close < end and glob[close] in "!^":
                close += 1
            if close < end and glob[close] == "]":
                close += 1  # `[]...]`: a first `]` is a member
            while close < end and glob[close] != "]":
                close += 1
            if close >= end:
                raise _BadRange(f"no `]` for the `[` in {glob!r}")
            close += 1
            negated = glob[i] in "!^"
            members = glob[i + 1 if negated else i:close]
            out.append(("[^" if negated else "[") + members.replace("\\", "\\\\"))
            i = close
        else:
            out.append(re.escape(char))
    if escaped:
        raise InvalidPattern(f"a trailing backslash in {glob!r}")
    return "".join(out)


# --- the spec ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Checked:
    """What a spec decides for a path: ignored (True), re-included (False) or neither (None),
    and the index of the deciding line among the non-empty lines given (None: no line)."""

    include: bool | None
    index: int | None


class IgnoreSpec:
    """Compiled ignore lines, decided as git (and pathspec's `GitIgnoreSpec`) decide."""

    def __init__(self, lines: Iterable[str], skip_invalid: bool = False) -> None:
        """`skip_invalid`: leave out a line git cannot read, as git does with a `.gitignore`
        line (a config's pattern is the user's: raised, to be reported)."""
        patterns: list[tuple[int, bool, LinearRegex]] = []
        for index, line in enumerate(line for line in lines if line):
            try:
                regex, include = gitignore_regex(line)
            except InvalidPattern:
                if skip_invalid:
                    continue
                raise
            if regex is not None and include is not None:
                patterns.append((index, include, LinearRegex(regex)))
        patterns.reverse()  # the last line that matches decides
        self._patterns = patterns

    def check_file(self, path: str) -> Checked:
        path = _relative(path)
        decided: Checked = Checked(None, None)
        decided_priority = 0
        for index, include, regex in self._patterns:
            found = regex.search(path)
            if found is None:
                continue
            # A match on the path itself (priority 2) decides at once; a match on a directory
            # above it (the `ps_d` group) only until one on the path itself comes.
            priority = 1 if found.dir_mark else 2
            if priority > decided_priority:
                decided, decided_priority = Checked(include, index), priority
            if priority == 2:
                break
        return decided

    def match_file(self, path: str) -> bool:
        return bool(self.check_file(path).include)


def _relative(path: str) -> str:
    if os.sep != "/":
        path = path.replace(os.sep, "/")
    if os.altsep and os.altsep != "/":
        path = path.replace(os.altsep, "/")
    if path.startswith("/"):
        return path[1:]
    return path[2:] if path.startswith("./") else path


def compile_patterns(lines: Iterable[str], setting: str | None = None) -> IgnoreSpec:
    """The spec of an ignore file's `lines`, a line git cannot read left out as git leaves it;
    or of a `setting`'s patterns, where such a line is the user's error (ConfigError)."""
    if setting is None:
        return IgnoreSpec(lines, skip_invalid=True)
    try:
        return IgnoreSpec(lines)
    except InvalidPattern as exc:
        raise ConfigError(f"a pattern of {setting} cannot be read: {exc}") from None


def check_patterns(settings: Settings) -> None:
    """The ConfigError a run over files would raise for a configured pattern git cannot read,
    raised now (the language server: its settings, not its checks, fall back)."""
    compile_patterns(settings.exclude or (), "`exclude`")
    compile_patterns(settings.extend_exclude, "`extend-exclude`")
    for pattern, _ in settings.per_file_ignores:
        compile_patterns([pattern], "`per-file-ignores`")

