"""The shape-error benchmark's case catalogue: find the cases and read their metadata.

A case is a folder `<kind>/<family>/<name>/` under this directory holding `buggy.py`,
`fixed.py` and `case.toml`. `kind` is `cases` (buggy.py raises a shape error; counted) or
`silent` (a real question's mistake that Keras 3 / TF 2 does not raise on; kept as a fact,
never counted in recall). `cases2` is a second, independent set of counted cases (written later,
from other questions, to measure the rules on patterns they were not written against); it is
scored and verified on its own (`--set cases2`). No TensorFlow here: verify.py runs the programs, score.py lints them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
KINDS = ("cases", "silent")  # the default set
COUNTED = ("cases", "cases2")  # kinds whose buggy.py must crash
SETS = {"cases": KINDS, "cases2": ("cases2",)}
FAMILIES = ("layer-call", "data")
APIS = ("keras3", "tf1")
REQUIRED = ("title", "family", "source", "api", "expect", "lines", "exception", "message")


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # "cases", "cases2" or "silent"
    family: str  # "layer-call" or "data"
    path: Path
    title: str
    source: str
    api: str  # "keras3" (TF 2 / Keras 3 code) or "tf1" (tf.compat.v1 graph code)
    expect: str  # "crash" or "silent"
    lines: tuple[int, ...]  # lines of buggy.py a linter may flag; the first is the faulty statement
    exception: str  # exception class name buggy.py raises (crash cases)
    message: str  # fragment of its message (case-insensitive)
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def buggy(self) -> Path:
        return self.path / "buggy.py"

    @property
    def fixed(self) -> Path:
        return self.path / "fixed.py"

    @property
    def key(self) -> str:
        return f"{self.family}/{self.name}"


class CaseError(ValueError):
    pass


def load_case(folder: Path, kind: str) -> Case:
    meta_path = folder / "case.toml"
    try:
        meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CaseError(f"{meta_path}: {exc}") from exc
    missing = [k for k in REQUIRED if k not in meta]
    if missing:
        raise CaseError(f"{meta_path}: missing {', '.join(missing)}")
    lines = meta["lines"]
    if not isinstance(lines, list) or not all(isinstance(n, int) and n > 0 for n in lines):
        raise CaseError(f"{meta_path}: lines must be a list of positive ints")
    family = meta["family"]
    if family != folder.parent.name:
        raise CaseError(f"{meta_path}: family {family!r} but the case sits under {folder.parent.name!r}")
    known = set(REQUIRED) | {"note"}
    return Case(
        name=folder.name,
        kind=kind,
        family=family,
        path=folder,
        title=meta["title"],
        source=meta["source"],
        api=meta["api"],
        expect=meta["expect"],
        lines=tuple(lines),
        exception=meta["exception"],
        message=meta["message"],
        note=meta.get("note", ""),
        extra={k: v for k, v in meta.items() if k not in known},
    )


def load_cases(root: Path = HERE, kinds: tuple[str, ...] = KINDS) -> list[Case]:
    out = []
    for kind in kinds:
        base = root / kind
        if not base.is_dir():
            continue
        for meta in sorted(base.glob("*/*/case.toml")):
            out.append(load_case(meta.parent, kind))
    return out


def problems(case: Case) -> list[str]:
    """What is wrong with a case's files and metadata (empty when it is well-formed)."""
    import ast

    errs = []
    if case.family not in FAMILIES:
        errs.append(f"family {case.family!r} not in {FAMILIES}")
    if case.api not in APIS:
        errs.append(f"api {case.api!r} not in {APIS}")
    want = "crash" if case.kind in COUNTED else "silent"
    if case.expect != want:
        errs.append(f"expect {case.expect!r} under {case.kind}/ (want {want!r})")
    if not case.source.startswith(("http://", "https://")):
        errs.append("source is not a URL")
    for path in (case.buggy, case.fixed):
        if not path.is_file():
            errs.append(f"{path.name} missing")
            continue
        text = path.read_text(encoding="utf-8")
        try:
            ast.parse(text, filename=str(path))
        except SyntaxError as exc:
            errs.append(f"{path.name} does not parse: {exc}")
        if path == case.buggy:
            n = len(text.splitlines())
            for line in case.lines:
                if line > n:
                    errs.append(f"line {line} past the end of buggy.py ({n} lines)")
                elif not text.splitlines()[line - 1].strip():
                    errs.append(f"line {line} of buggy.py is blank")
    if case.expect == "crash":
        if not case.lines:
            errs.append("a crash case needs at least one line")
        if not case.exception or not case.message:
            errs.append("a crash case needs exception and message")
    if case.buggy.is_file() and case.fixed.is_file() and case.buggy.read_bytes() == case.fixed.read_bytes():
        errs.append("buggy.py and fixed.py are identical")
    return errs
