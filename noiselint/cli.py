"""Command line: argv to settings, a run, output and an exit code. The only module that
exits or touches stdout/stderr."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace

from noiselint import __version__
from noiselint.checks import BY_CODE, RULES
from noiselint.report import FORMATS, Summary, render
from noiselint.report.diff import render_diff
from noiselint.rule_pages import page
from noiselint.runner import Mode, RunResult, run_paths, run_stdin
from noiselint.settings import Settings

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


def _codes(value: str) -> tuple[str, ...]:
    selectors = tuple(v.strip().upper() for v in value.split(",") if v.strip())
    for selector in selectors:
        if selector != "ALL" and not any(code.startswith(selector) for code in BY_CODE):
            raise argparse.ArgumentTypeError(f"unknown rule selector `{selector}`")
    return selectors


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="noiselint",
        description="Find and fix Keras/TensorFlow dropout noise_shape mistakes.",
        epilog="Other commands: `noiselint rule CODE`, `noiselint rule --all`.")
    parser.add_argument("paths", nargs="*", default=None, metavar="PATH",
                        help="files or directories to lint (default: .); `-` reads stdin")
    parser.add_argument("--fix", action="store_true", help="apply safe fixes")
    parser.add_argument("--unsafe-fixes", action="store_true",
                        help="also apply (or count) unsafe fixes")
    parser.add_argument("--diff", action="store_true",
                        help="print the fixes as a unified diff and change nothing")
    parser.add_argument("--show-fixes", action="store_true",
                        help="list what --fix fixed, per file")
    parser.add_argument("--exit-non-zero-on-fix", action="store_true",
                        help="exit 1 when any file was fixed, even if nothing is left")
    parser.add_argument("--select", type=_codes, help="codes or prefixes to enable (or ALL)")
    parser.add_argument("--extend-select", type=_codes, default=(),
                        help="codes or prefixes to enable on top of the selection")
    parser.add_argument("--ignore", type=_codes, default=(), help="codes or prefixes to disable")
    parser.add_argument("--output-format", choices=sorted(FORMATS), default="concise")
    parser.add_argument("--exit-zero", action="store_true",
                        help="exit 0 even when findings remain")
    parser.add_argument("--stdin-filename", help="the name to report for `-` (stdin)")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print findings only, no summary")
    parser.add_argument("--version", action="version", version=f"noiselint {__version__}")
    return parser


def _rule_command(argv: Sequence[str], out: object) -> int:
    parser = argparse.ArgumentParser(prog="noiselint rule",
                                     description="Print a rule's documentation.")
    parser.add_argument("code", nargs="?")
    parser.add_argument("--all", action="store_true", help="list every rule")
    args = parser.parse_args(argv)
    if args.all:
        for rule in RULES:
            default = "" if rule.default_enabled else " (opt-in)"
            print(f"{rule.code}  {rule.name:<34} {rule.summary}{default}", file=out)
        return EXIT_CLEAN
    if not args.code:
        parser.error("give a rule code, e.g. `noiselint rule NL001`, or --all")
    code = args.code.upper()
    rule = BY_CODE.get(code) or next((r for r in RULES if r.name == args.code), None)
    text = page(rule.code) if rule is not None else None
    if text is None:
        print(f"noiselint: unknown rule `{args.code}` (see `noiselint rule --all`)",
              file=sys.stderr)
        return EXIT_ERROR
    print(text, end="", file=out)
    return EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "rule":
            return _rule_command(argv[1:], sys.stdout)
        if argv and argv[0] == "check":
            argv = argv[1:]
        return _check(_check_parser().parse_args(argv))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_CLEAN


def _check(args: argparse.Namespace) -> int:
    settings = Settings(select=args.select, extend_select=args.extend_select,
                        ignore=args.ignore)
    fixing = args.fix or args.diff
    paths = args.paths or ["."]
    stdin = paths == ["-"]
    mode = Mode(fix=fixing, unsafe=args.unsafe_fixes, write=args.fix and not args.diff
                and not stdin)
    if stdin:
        result = run_stdin(sys.stdin.buffer.read(), args.stdin_filename or "-", settings, mode)
    elif "-" in paths:
        print("noiselint: `-` (stdin) cannot be combined with other paths", file=sys.stderr)
        return EXIT_ERROR
    else:
        result = run_paths(paths, replace(settings), mode)
    return _report(args, result, stdin)


def _report(args: argparse.Namespace, result: RunResult, stdin: bool) -> int:
    summary = Summary(result.files, result.errors, fixing=args.fix or args.diff,
                      unsafe_fixes=args.unsafe_fixes, show_fixes=args.show_fixes)
    for error in result.errors:
        print(f"noiselint: error: {error.path} {error.message}", file=sys.stderr)
    for note in (n for f in result.files for n in f.notes):
        print(f"noiselint: warning: {note}", file=sys.stderr)
    if args.diff:
        text = render_diff(summary)
        diff_body, _, closing = text.rpartition("\n")[0].rpartition("\n")
        sys.stdout.write(diff_body + ("\n" if diff_body else ""))
        print(closing or text.strip(), file=sys.stderr)
        return _exit(args, result, bool(summary.fixed))
    stream = sys.stdout
    if stdin and args.fix:
        # The fixed source goes to stdout (ruff does the same); findings to stderr.
        files = result.files
        sys.stdout.write(files[0].fixed_text or files[0].source.text if files else "")
        stream = sys.stderr
    output = render(args.output_format, summary)
    if args.quiet and args.output_format in ("concise", "text"):
        output = "".join(line + "\n" for line in output.splitlines()
                         if line.startswith(tuple(f.source.path for f in result.files)))
    stream.write(output)
    return _exit(args, result, bool(summary.fixed))


def _exit(args: argparse.Namespace, result: RunResult, fixed_any: bool) -> int:
    if result.errors:
        return EXIT_ERROR
    if args.diff:
        return EXIT_FINDINGS if fixed_any else EXIT_CLEAN
    remaining = any(f.diagnostics for f in result.files)
    if args.exit_non_zero_on_fix and fixed_any:
        return EXIT_FINDINGS
    if remaining and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN
