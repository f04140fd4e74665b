"""Code actions: each finding's fix (safe ones preferred, unsafe ones labelled), a `noqa`
comment for it, and "Fix all noiselint findings" (`source.fixAll.noiselint`)."""

from __future__ import annotations

from lsprotocol import types

from noiselint.diagnostics import Applicability, Diagnostic, Edit, Span
from noiselint.files.lines import split_lines
from noiselint.fixes.noqa_writer import add_noqa
from noiselint.report.escape import printable
from noiselint.server.checking import CheckResult
from noiselint.server.convert import codec, lsp_diagnostic, place, text_edits
from noiselint.server.positions import PositionCodec

FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.noiselint"
KINDS = (types.CodeActionKind.QuickFix, FIX_ALL)


def code_actions(result: CheckResult, uri: str, wanted: types.Range, only: list[str] | None,
                 encoding: str) -> list[types.CodeAction]:
    document = result.document
    positions = codec(document, encoding)
    actions: list[types.CodeAction] = []
    if _wants(only, types.CodeActionKind.QuickFix):
        for diagnostic in result.diagnostics:
            placed = place(document, positions, diagnostic.span)
            if placed is None or placed[0] != uri or not _overlaps(placed[1], wanted):
                continue
            shown = lsp_diagnostic(diagnostic, placed[1])
            fix = _fix_action(result, positions, diagnostic, shown)
            if fix is not None:
                actions.append(fix)
            noqa = _noqa_action(result, positions, diagnostic, shown)
            if noqa is not None:
                actions.append(noqa)
    if _wants(only, FIX_ALL):
        fix_all = _fix_all(result, positions)
        if fix_all is not None:
            actions.append(fix_all)
    return actions


def _wants(only: list[str] | None, kind: str) -> bool:
    return not only or any(kind == k or kind.startswith(f"{k}.") for k in only)


def _overlaps(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return p.line, p.character
    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def _fix_action(result: CheckResult, positions: PositionCodec, diagnostic: Diagnostic,
                shown: types.Diagnostic) -> types.CodeAction | None:
    fix = diagnostic.fix
    if fix is None:
        return None
    edits = text_edits(result.document, positions, fix.edits)
    if edits is None:
        return None
    safe = fix.applicability is Applicability.SAFE
    title = f"{diagnostic.code}: {printable(fix.message)}" + ("" if safe else " (unsafe fix: review it)")
    return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[shown],
                            is_preferred=safe, edit=types.WorkspaceEdit(changes=edits))


def _noqa_action(result: CheckResult, positions: PositionCodec, diagnostic: Diagnostic,
                 shown: types.Diagnostic) -> types.CodeAction | None:
    text = result.document.text
    new, changed = add_noqa(text, [diagnostic])
    if not changed:
        return None
    old_lines, new_lines = split_lines(text), split_lines(new)
    row = next(i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=False), start=1) if a != b)
    span = Span(row, 1, row, len(old_lines[row - 1]) + 1)
    edits = text_edits(result.document, positions, (Edit(span, new_lines[row - 1]),))
    if edits is None:
        return None
    return types.CodeAction(title=f"{diagnostic.code}: add `# noqa: {diagnostic.code}`",
                            kind=types.CodeActionKind.QuickFix, diagnostics=[shown],
                            edit=types.WorkspaceEdit(changes=edits))


def _fix_all(result: CheckResult, positions: PositionCodec) -> types.CodeAction | None:
    """Every safe fix, as the command line's `--fix` applies them in one pass: in order,
    skipping a fix that overlaps one already taken."""
    taken: list[Edit] = []
    last: Span | None = None
    fixes = sorted((d.fix for d in result.diagnostics
                    if d.fix is not None and d.fix.applicability is Applicability.SAFE),
                   key=lambda f: min(e.span for e in f.edits))
    for fix in fixes:
        spans = sorted(e.span for e in fix.edits)
        if last is not None and (spans[0].start_row, spans[0].start_col) < (last.end_row, last.end_col):
            continue
        taken.extend(fix.edits)
        last = spans[-1]
    edits = text_edits(result.document, positions, tuple(taken)) if taken else None
    if not edits:
        return None
    return types.CodeAction(title="Fix all noiselint findings", kind=FIX_ALL,
                            edit=types.WorkspaceEdit(changes=edits))
