"""Engine: one file's text to its diagnostics (prefilter, parse, sites, evaluate, shapes,
rules, suppression), and the fix loop that applies fixes until nothing changes."""

from __future__ import annotations

import ast
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from noiselint import budget, codes, heap
from noiselint.checks import BY_CODE, GraphRule, ModuleRule, Rule, SiteRule
from noiselint.checks.base import Finding, GraphContext, ModuleContext, SiteContext
from noiselint.codes import INTERNAL_CODE, SYNTAX_CODE, TOO_COMPLEX_CODE, selected_codes
from noiselint.diagnostics import Applicability, Diagnostic, Edit, Fix, Span
from noiselint.file_result import FileResult, file_finding
from noiselint.files.source import SourceFile
from noiselint.project.names import ModuleNames
from noiselint.settings import Settings
from noiselint.shapes.facts import ShapeFacts
from noiselint.sites.dropout import Sites, find_sites
from noiselint.suppress import is_suppressed, noqa_comments
from noiselint.syntax import nodes as cst
from noiselint.syntax.parse import ParsedModule, SyntaxProblem, parse_source, python_2_problem, quick_parse
from noiselint.syntax.precheck import precheck
from noiselint.syntax.prefilter import candidates_in, might_matter
from noiselint.syntax.quick_exact import watching
from noiselint.values.evaluate import Evaluator

if TYPE_CHECKING:
    from noiselint.syntax.reduce import Reduction


class ShapeInference(Protocol):
    """The graph stage: given the parsed module, its evaluator and its sites, the models and
    shapes it can infer. `whole_model`: a rule reads every call of the model (not only what
    dropout sites and layouts need), so Keras is asked whatever the file holds."""

    def __call__(self, parsed: ParsedModule, evaluator: Evaluator, sites: Sites, *,
                 whole_model: bool = False) -> ShapeFacts: ...


class Parser(Protocol):
    """libcst's parse of a text (`parse_source`), with the project and CPython's tree of it."""

    def __call__(self, source: SourceFile, project: ModuleNames | None = None,
                 tree: ast.Module | None = None) -> ParsedModule | SyntaxProblem: ...


def reads_models(rules: Sequence[Rule]) -> bool:
    """Whether a rule of `rules` reads every file with model code (see `Rule.scope`)."""
    return codes.reads_models(rule.code for rule in rules)


def selected_rules(settings: Settings, per_file_ignores: tuple[str, ...] = ()) -> tuple[Rule, ...]:
    """The rules of a run (`codes.selected_codes`), less a file's per-file ignores."""
    return rules_of(selected_codes(settings, per_file_ignores))


def rules_of(codes: Sequence[str]) -> tuple[Rule, ...]:
    return tuple(BY_CODE[code]() for code in codes)


def _codes(rules: Sequence[Rule]) -> set[str]:
    return {rule.code for rule in rules}


def lint_text(source: SourceFile, rules: Sequence[Rule], infer_shapes: ShapeInference | None = None,
              project: ModuleNames | None = None, every_site: bool = False,
              quick: bool = False, parse: Parser = parse_source) -> tuple[Diagnostic, ...]:
    """Every finding of `rules` in `source`, after `# noqa`, sorted by position; names
    imported from the project's other modules are resolved through `project`. A file whose
    sites cannot have a finding (plain `Dropout(0.3)` calls) is not parsed, unless
    `every_site` (the editor's hover shows their shapes).

    Whatever goes wrong inside stays inside: a file past its budget is one NL903 finding,
    an exception (a bug in noiselint, a recursion limit) one NL902 finding.

    `quick`: analyse first on the tree built from CPython's (syntax/quick_tree.py), and
    parse with libcst only a file that has something to report. The shape stage may then
    run twice on the file; its warnings are the same on both trees (a bug met on the quick
    tree is not a warning but sends the file to libcst: model/build.py).

    `parse`: libcst's parse of the text (the language server's reuses the unchanged
    statements of its last module: server/reparse.py).
    """
    if not might_matter(source.text, reads_models(rules)):
        return ()
    # The time budget is the caller's (`budget.deadline`, set per file by the runner).
    try:
        return _lint_text(source, rules, infer_shapes, project, every_site, quick, parse)
    except budget.TooComplex as exc:
        return file_finding(source, _codes(rules), TOO_COMPLEX_CODE, f"{exc}; the file was skipped")
    except Exception as exc:  # RecursionError and MemoryError too: one file, one message
        return file_finding(source, _codes(rules), INTERNAL_CODE, _internal_error(exc))


def lint_parsed(parsed: ParsedModule, rules: Sequence[Rule],
                infer_shapes: ShapeInference | None = None) -> tuple[Diagnostic, ...]:
    """`lint_text` for a module an earlier `lint_text` of the same text parsed whole (it
    hands it to `infer_shapes`; a reduced file's module is not whole): the language
    server's pass with shapes after its shape-free pass, so one edit costs one parse. The
    project is the one the module was parsed with."""
    source = parsed.source
    try:
        diagnostics = _check(parsed, rules, infer_shapes)
        budget.check()
        return _kept(source, diagnostics, parsed)
    except budget.TooComplex as exc:
        return file_finding(source, _codes(rules), TOO_COMPLEX_CODE, f"{exc}; the file was skipped")
    except Exception as exc:
        return file_finding(source, _codes(rules), INTERNAL_CODE, _internal_error(exc))


def _internal_error(exc: BaseException) -> str:
    where = exc.__traceback__
    while where is not None and where.tb_next is not None:
        where = where.tb_next
    place = f" in {where.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{where.tb_lineno}" if where else ""
    text = " ".join(str(exc).split())[:160]
    return (f"noiselint failed on this file ({type(exc).__name__}{place}: {text}); the file was skipped; "
            "please report this")


def _lint_text(source: SourceFile, rules: Sequence[Rule], infer_shapes: ShapeInference | None,
               project: ModuleNames | None, every_site: bool, quick: bool = False,
               parse: Parser = parse_source) -> tuple[Diagnostic, ...]:
    # Measuring, reducing and parsing the file cost time bounded by the pre-check's limits,
    # and libcst's parse cannot be interrupted: the budget is for the work after them, which
    # can grow without bound (values, models, shapes).
    with budget.paused(), budget.stage("pre-check and parse"):
        checked = precheck(source.text)
        whole, reduction = source, None
        if checked.too_complex is not None:
            # Only the statements that can matter go to libcst (syntax/reduce.py), imported
            # here: few files are too complex, and its tables take 4 ms of every start.
            from noiselint.syntax.reduce import reduce_text

            reduction = reduce_text(source.text, checked, project, every_site)
            if reduction is None:
                return file_finding(source, _codes(rules), TOO_COMPLEX_CODE,
                                     f"the file is too complex to check: {checked.too_complex}")
            checked, source = reduction.checked, replace(source, text=reduction.text)
        # A file whose sites are plain `Dropout(0.3)` calls has nothing to find (syntax/prefilter.py;
        # tests/test_sites.py holds every rule's examples to that).
        if checked.tree is not None and not candidates_in(checked.tree, project, every_site, source.text,
                                                        checked.nodes, models=reads_models(rules)):
            return ()
        if infer_shapes is not None:
            _import_model_builder()
    if quick and reduction is None and checked.tree is not None:
        quick_pass = _quick_findings(source, rules, infer_shapes, project, checked.tree)
        if quick_pass is not None:
            found, final = quick_pass
            if final and found:
                budget.check()  # its time was charged, as libcst's pass's is below
            if final or not found:
                return _kept(source, found, None)
            rules = _rules_again(rules, found)
    with budget.paused(), budget.stage("pre-check and parse"):
        parsed = python_2_problem(source.text, checked.rejected) if checked.tree is None else None
        if parsed is None:
            parsed = parse(source, project, checked.tree)
    if isinstance(parsed, SyntaxProblem):
        if not any(rule.code == SYNTAX_CODE for rule in rules):
            return ()
        diagnostics: Iterable[Diagnostic] = [_syntax_diagnostic(source, parsed)]
    else:
        diagnostics = _check(parsed, rules, infer_shapes)
    budget.check()
    if reduction is not None:
        diagnostics = _reduced(whole, rules, reduction, diagnostics)
    return _kept(source, diagnostics, parsed if isinstance(parsed, ParsedModule) else None)


def _import_model_builder() -> None:
    """The model builder, imported with the first file that passes the prefilter, before its
    own trees are built, like libcst: the collector held off over the import and what it
    loads frozen after (heap.importing). Imported later, from the shape stage, the collector
    walked its objects again after the file, and a freeze there would keep the file's trees
    for the run. Before the prefilter, a tree without model code (PyTorch's `nn.Dropout`
    passes the text test) would pay for it."""
    with heap.importing():
        import noiselint.model.build  # noqa: F401


def _quick_findings(source: SourceFile, rules: Sequence[Rule], infer_shapes: ShapeInference | None,
                    project: ModuleNames | None, tree: ast.Module) -> tuple[list[Diagnostic], bool] | None:
    """The analysis on the quick tree: its findings (before `# noqa`) and whether they are
    final, or None when it cannot tell (a construct the quick tree lacks, the budget, a bug).
    Findings are final when every span, quoted code and line they could rest on is what
    libcst's tree gives (syntax/quick_exact.py): then libcst is neither imported nor run, and
    the pass's time is the file's. Otherwise its time is not charged: a file with findings
    that are not final, or one the quick pass cannot finish, is analysed again on libcst's
    tree, on the whole budget, and that pass's findings are the file's (their spans,
    messages and fixes made on libcst's tree). The other modules of the project that a call
    reaches are read from their quick trees too (project/names.py)."""
    with budget.paused(), budget.stage("pre-check and parse"):
        parsed = quick_parse(source, tree, project.quick_view() if project is not None else None)
    if parsed is None:
        return None
    with budget.paused() as charge:
        try:
            with watching() as watch:
                found = _check(parsed, rules, infer_shapes)
        except budget.TooComplex:
            return None
        except Exception:  # a bug shows again, as NL902, on libcst's tree
            return None
        final = watch.reason is None
        if final and found:
            charge.keep()
        return found, final


def _rules_again(rules: Sequence[Rule], found: Sequence[Diagnostic]) -> Sequence[Rule]:
    """The rules for libcst's pass after the quick pass found `found`. The two trees are equal
    (tests/test_quick_tree.py), so a rule silent on one is silent on the other, as a file
    the quick pass clears is not parsed again. When every rule that spoke reads the module
    alone (`ModuleRule`: `._keras_shape`, the commonest finding on old Keras code), only those
    run again, and libcst's pass needs no model interpreter; any other rule's context holds
    the model's facts, which the whole rule set decides (`_check`), so then all run again."""
    codes = {d.code for d in found}
    spoke = [rule for rule in rules if rule.code in codes]
    return spoke if all(isinstance(rule, ModuleRule) for rule in spoke) else rules


def _kept(source: SourceFile, diagnostics: Iterable[Diagnostic],
          parsed: ParsedModule | None) -> tuple[Diagnostic, ...]:
    """The diagnostics no `# noqa` suppresses, sorted by position."""
    diagnostics = list(diagnostics)
    if not diagnostics:
        return ()
    noqa = parsed.memo.get("noqa") if parsed is not None else None
    if noqa is None:  # read once per parse (lint_parsed reads them again)
        noqa = noqa_comments(source.text)
        if parsed is not None:
            parsed.memo["noqa"] = noqa
    kept = [d for d in diagnostics if not is_suppressed(d, noqa)]
    return tuple(sorted(kept, key=lambda d: (d.span, d.code)))


def _reduced(source: SourceFile, rules: Sequence[Rule], reduction: Reduction,
             diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The findings of a reduced file, and NL903 where a part that matters went unchecked."""
    found = [reduction.keep(d) for d in diagnostics]
    if reduction.unchecked and any(rule.code == TOO_COMPLEX_CODE for rule in rules):
        first = reduction.unchecked[0]
        # The noqa of the expression's first line (as the file holds it) silences it.
        found.append(Diagnostic(TOO_COMPLEX_CODE, BY_CODE[TOO_COMPLEX_CODE].name, reduction.describe_unchecked(),
                                source.path, Span(first.row, first.col + 1, first.row, first.col + 1),
                                noqa_row=first.row))
    return found


def _check(parsed: ParsedModule, rules: Sequence[Rule],
           infer_shapes: ShapeInference | None) -> list[Diagnostic]:
    sites = parsed.memo.get("sites")
    if not isinstance(sites, Sites):  # found once per parse (lint_parsed checks it again)
        with budget.stage("sites"):
            sites = parsed.memo["sites"] = find_sites(parsed)
    models = reads_models(rules)
    if not sites.calls and not sites.keras_shape_attributes and not models:
        return []
    evaluator = Evaluator(parsed)
    base = ModuleContext(parsed, sites, evaluator)
    facts = ShapeFacts()
    with budget.stage("model interpreter"):
        if infer_shapes is not None and models:
            facts = infer_shapes(parsed, evaluator, sites, whole_model=True)
        elif infer_shapes is not None and sites.calls and any(r.needs_shapes for r in rules):
            facts = infer_shapes(parsed, evaluator, sites)
    if facts.shape_reads:  # a mask built from `tf.shape(x)` now has a length (values/shape_ops.py)
        evaluator = evaluator.knowing(facts.shape_reads)
    shapes = facts.input_shapes
    out: list[Diagnostic] = []
    clocking = budget.clocking()
    for rule in rules:
        started = time.monotonic() if clocking else 0.0
        with budget.stage("rules"):
            if isinstance(rule, GraphRule):
                ctx = GraphContext(parsed, sites, evaluator, facts=facts)
                # A layer of another project module (run through a call from here) is that
                # module's to report, when it is linted.
                out.extend(_diagnostic(parsed, rule, f, None) for f in rule.check(ctx)
                           if f.node in parsed.names.order)
            elif isinstance(rule, ModuleRule):
                out.extend(_diagnostic(parsed, rule, f, None) for f in rule.check(base))
            elif isinstance(rule, SiteRule):
                for site in sites.calls:
                    ctx = SiteContext(parsed, sites, evaluator, site=site,
                                      input_shape=shapes.get(site.call),
                                      path_shapes=facts.path_shapes.get(site.call, ()))
                    out.extend(_diagnostic(parsed, rule, f, site.call) for f in rule.check(ctx))
        if clocking:
            budget.construct_took(time.monotonic() - started, lambda rule=rule: f"rule {rule.code}")
    return out


def _diagnostic(parsed: ParsedModule, rule: Rule, finding: Finding,
                call: cst.Call | None) -> Diagnostic:
    span = parsed.span(finding.node)
    noqa_row = _statement_row(parsed, call) if call is not None else span.start_row
    # One line per finding, whatever source text a message quotes.
    message = budget.abbreviate_numbers(" ".join(finding.message.split()))
    return Diagnostic(rule.code, rule.name, message, parsed.source.path, span,
                      finding.fix, noqa_row=noqa_row)


def _statement_row(parsed: ParsedModule, call: cst.Call) -> int:
    return parsed.row(call)


def _syntax_diagnostic(source: SourceFile, problem: SyntaxProblem) -> Diagnostic:
    # A recognised mistake replaces CPython's generic message with what was meant.
    why = f"a keyword argument inside a tuple; {problem.hint}" if problem.hint else problem.message
    message = f"the file does not parse: {why}"
    fix = None
    if problem.repair_edits:
        fix = Fix(Applicability.UNSAFE, "Remove the parentheses around the arguments",
                  tuple(Edit(Span(r, c, r, c + 1), "") for r, c in problem.repair_edits))
    span = Span(problem.row, problem.col, problem.row, problem.col)
    return Diagnostic(SYNTAX_CODE, BY_CODE[SYNTAX_CODE].name, message, source.path, span, fix,
                      noqa_row=problem.row)


MAX_FIX_PASSES = 10


def fix_text(source: SourceFile, rules: Sequence[Rule], unsafe: bool,
             infer_shapes: ShapeInference | None = None, project: ModuleNames | None = None) -> FileResult:
    """Lint, apply the allowed fixes, and lint again until nothing more can be fixed; the
    passes share one time budget, and a failure leaves the file unfixed (NL902/NL903)."""
    try:
        return _fix_text(source, rules, unsafe, infer_shapes, project)
    except budget.TooComplex as exc:
        found = file_finding(source, _codes(rules), TOO_COMPLEX_CODE, f"{exc}; the file was not fixed")
    except Exception as exc:
        found = file_finding(source, _codes(rules), INTERNAL_CODE, _internal_error(exc))
    return FileResult(source, found)


def _fix_text(source: SourceFile, rules: Sequence[Rule], unsafe: bool,
              infer_shapes: ShapeInference | None, project: ModuleNames | None) -> FileResult:
    from noiselint.fixes.apply import apply_fixes, compile_error  # --fix alone edits text

    text, fixed, notes = source.text, list[Diagnostic](), list[str]()
    # The quick pass first, as a check: a file with nothing to fix, or whose findings and fixes
    # the quick tree gives as libcst's, is neither parsed nor fixed with libcst.
    diagnostics = lint_text(source, rules, infer_shapes, project, quick=True)
    # A file CPython rejects (though libcst parsed it) gets no fix but the NL900 repair;
    # a file CPython accepts must still be accepted after every fix.
    notebook = source.path.endswith(".ipynb")
    for _ in range(MAX_FIX_PASSES):
        allowed = [d for d in diagnostics if d.fix is not None and
                   (unsafe or d.fix.applicability is Applicability.SAFE)]
        if not allowed:
            break  # nothing to fix: no need to compile (seconds on a file checked in parts)
        rejected = compile_error(text, top_level_await=notebook)
        valid = rejected is None
        wanted = [d for d in allowed if valid or d.code == SYNTAX_CODE]
        if len(wanted) < len(allowed):
            notes.append(f"warning: {source.path}: not fixed, because Python rejects the file: {rejected}")
        if not wanted:
            break
        applied = apply_fixes(text, wanted, must_compile=valid, top_level_await=notebook)
        notes.extend(f"warning: {d.path}:{d.span.start_row}:{d.span.start_col}: {d.code} fix refused: "
                     f"{why}" for d, why in applied.refused)
        if not applied.applied:
            break
        text = applied.text
        fixed.extend(applied.applied)
        diagnostics = lint_text(replace(source, text=text), rules, infer_shapes, project, quick=True)
    return FileResult(source, diagnostics, tuple(fixed),
                      text if text != source.text else None, tuple(notes))
