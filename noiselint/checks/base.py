"""What a rule is: metadata, its defining cases, and `check` over one context."""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from noiselint.codes import CODES
from noiselint.diagnostics import Applicability, Edit, Fix
from noiselint.shapes.facts import Shape, ShapeFacts
from noiselint.sites.dropout import Site, Sites
from noiselint.syntax import nodes as cst
from noiselint.syntax.parse import ParsedModule
from noiselint.syntax.quick_exact import inexact
from noiselint.values.evaluate import Evaluator


class FixAvailability(enum.Enum):
    NONE = "none"
    SOMETIMES = "sometimes"
    ALWAYS = "always"


# A rule's cases are read by the tests, the rule pages and `noiselint rule`, never by a check:
# they are kept as written in the rule (indented with it) and dedented when first read
# (`textwrap.dedent` of the 254 cases was about 20 M instructions of every check's start).
@dataclass(frozen=True, init=False)
class Valid:
    """A case that must give no finding of the rule; `source` is its code."""

    id: str
    written: str
    why: str

    def __init__(self, id: str, source: str, why: str = "") -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "written", source)
        object.__setattr__(self, "why", why)

    @functools.cached_property
    def source(self) -> str:
        return _dedented(self.written)


@dataclass(frozen=True, init=False)
class Invalid:
    """A case that must give exactly one finding of the rule, whose message contains
    `message`; `fixed` is the source after applying every offered fix (None: no fix)."""

    id: str
    written: str
    message: str
    written_fixed: str | None
    applicability: Applicability | None

    def __init__(self, id: str, source: str, message: str, fixed: str | None = None,
                 applicability: Applicability | None = None) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "written", source)
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "written_fixed", fixed)
        object.__setattr__(self, "applicability", applicability)

    @functools.cached_property
    def source(self) -> str:
        return _dedented(self.written)

    @functools.cached_property
    def fixed(self) -> str | None:
        return None if self.written_fixed is None else _dedented(self.written_fixed)


def _dedented(text: str) -> str:
    import textwrap  # here: only the rules' examples are dedented (1 ms of imports a check skips)

    return textwrap.dedent(text).lstrip("\n")


@dataclass(frozen=True)
class Finding:
    """What a rule found at `node`, before it is a Diagnostic."""

    node: cst.CSTNode
    message: str
    fix: Fix | None = None


@dataclass(frozen=True)
class ModuleContext:
    """What a rule reads of one module."""

    parsed: ParsedModule
    sites: Sites
    evaluator: Evaluator

    def libcst_node(self, node: cst.CSTNode) -> Any:
        """The libcst node `node` was made from, which a fix edits; None on a quick tree
        (syntax/quick_tree.py), whose findings are made again on libcst's parse."""
        return self.parsed.libcst_node(node)

    def replace(self, node: cst.CSTNode, content: Any, message: str,
                applicability: Applicability = Applicability.SAFE) -> Fix:
        """A fix that swaps `node` for `content`: a text, or a libcst node (rendered as libcst
        prints it)."""
        if not isinstance(content, str):
            import libcst  # a node to print is libcst's: the module is libcst's parse

            if hasattr(content, "lpar"):
                # A node's range excludes its own parentheses, so its rendering must too.
                content = content.with_changes(lpar=[], rpar=[])
            if isinstance(content, libcst.Arg):
                # An argument's range ends at its value: the comma after it is not replaced.
                content = content.with_changes(comma=libcst.MaybeSentinel.DEFAULT,
                                               whitespace_after_arg=libcst.SimpleWhitespace(""))
            content = self.parsed.code(content)
        return Fix(applicability, message, (Edit(self.parsed.span(node), content),))

    def code(self, node: cst.CSTNode) -> str:
        return self.parsed.code(node)

    def plain_parts(self, node: cst.CSTNode, parts: Sequence[cst.CSTNode], opening: str,
                    closing: str) -> tuple[str, list[str]] | None:
        """For a fix made as text on a quick tree, where libcst would print edited nodes: the
        code of `node` up to its first part, and each part's code, when `node` lies on one
        line as `<head><opening><part>, <part>...<closing>` with nothing else between (no
        other spaces, no trailing comma); else None. Laid out so, what libcst prints of the
        node with parts removed, added or changed is these texts joined by `, ` (the rules'
        fixes; tests/test_quick_fixes.py holds them to libcst's)."""
        if not parts:
            return None
        text, whole = self.code(node), self.parsed.span(node)
        spans = [self.parsed.span(part) for part in parts]
        if whole.start_row != whole.end_row or any(s.start_row != whole.start_row or s.end_row != whole.start_row
                                                   for s in spans):
            return None
        # A parenthesized tuple's code holds its parentheses, its range what is inside them.
        start = whole.start_col - (1 if type(node) is cst.Tuple and node.lpar else 0)  # type: ignore[attr-defined]
        first = spans[0].start_col - start
        texts = [text[s.start_col - start:s.end_col - start] for s in spans]
        laid_out = text[first - len(opening):first] + ", ".join(texts) + closing
        if first < len(opening) or text[first - len(opening):] != laid_out:
            return None
        return text[:first], texts

    def call_without(self, call: cst.Call, removed: cst.Arg) -> tuple[str, str] | None:
        """On a quick tree, `call` laid out plainly (`plain_parts`) with `removed` taken out, as
        libcst prints it: the code up to and with its `(`, and the rest; None otherwise."""
        parts = self.plain_parts(call, call.args, "(", ")")
        if parts is None:
            return None
        kept = [text for arg, text in zip(call.args, parts[1], strict=True) if arg is not removed]
        return parts[0], ", ".join(kept) + ")"

    def snippet(self, node: cst.CSTNode) -> str:
        """The node's code on one line, without comments, for a message."""
        if self.parsed.converted is None:  # a quick tree: libcst's code less its comments
            text = self.parsed.code(node)
            if "#" in text:
                inexact("a quoted node's comments")
            return " ".join(text.split())
        real = self.parsed.libcst_node(node)
        from noiselint.checks.snippets import without_comments

        return " ".join(self.parsed.code(without_comments(real)).split())


@dataclass(frozen=True)
class SiteContext(ModuleContext):
    """What a rule reads of one dropout site."""

    site: Site = field(kw_only=True)
    # The input shape of the dropout, from the graph builder; None when it is not known.
    input_shape: Shape | None = field(default=None, kw_only=True)
    # The distinct input shapes of a site applied more than once with different ones
    # (each holds on its own path); `input_shape` is what they agree on.
    path_shapes: tuple[Shape, ...] = field(default=(), kw_only=True)


class Rule:
    code: ClassVar[str]
    # `name`, `default_enabled` and `scope` are the code's line in `codes.py`, set on the
    # class from there: selection reads that table without importing any rule (a warm run).
    name: ClassVar[str]
    summary: ClassVar[str]  # one line, for `noiselint rule --all` and SARIF
    fix_availability: ClassVar[FixAvailability] = FixAvailability.NONE
    default_enabled: ClassVar[bool] = True
    needs_shapes: ClassVar[bool] = False
    # Which files the rule reads: "dropout" (files with a dropout site or `._keras_shape`),
    # or "model" (every file with model code: layer and op calls, fit and feed calls), which
    # then reach the model interpreter whether or not they mention dropout.
    scope: ClassVar[str] = "dropout"
    valid: ClassVar[tuple[Valid, ...]] = ()
    invalid: ClassVar[tuple[Invalid, ...]] = ()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        entry = CODES.get(cls.__dict__.get("code", ""))
        if entry is not None:
            cls.name, cls.default_enabled, cls.scope = entry.name, entry.default_enabled, entry.scope


class SiteRule(Rule):
    """A rule that looks at one dropout call at a time."""

    def check(self, ctx: SiteContext) -> Iterator[Finding]:
        raise NotImplementedError


class ModuleRule(Rule):
    """A rule that looks at something other than a dropout call (e.g. `_keras_shape`)."""

    def check(self, ctx: ModuleContext) -> Iterator[Finding]:
        raise NotImplementedError


@dataclass(frozen=True)
class GraphContext(ModuleContext):
    """What a rule reads of one module's model graph."""

    facts: ShapeFacts = field(kw_only=True)


class GraphRule(Rule):
    """A rule over the inferred model graph (e.g. NL010, a layer's data_format)."""

    needs_shapes = True

    def check(self, ctx: GraphContext) -> Iterator[Finding]:
        raise NotImplementedError


class SyntaxRule(Rule):
    """NL900: reported by the parse stage; here for its metadata and cases."""


class FileRule(Rule):
    """NL901: reported by the run for a path it cannot read; here for its metadata. It has
    no source cases: its subject is a path, not code."""
