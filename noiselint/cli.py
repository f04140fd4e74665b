"""Command line: argv to settings, a run, output and an exit code. The only module that
exits or writes to stdout/stderr."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from noiselint.codes import CODES
from noiselint.files.safe_write import write_report
from noiselint.report import FORMATS, Summary, render
from noiselint.report.escape import escape_json_controls, printable, printable_lines
from noiselint.report.statistics import render_statistics
from noiselint.runner import Mode, RunResult, run_paths, run_stdin
from noiselint.settings import ConfigError, Settings, find_config, load_settings, with_flags
from noiselint.suppress import RuleSelection
from noiselint.version import __version__
from noiselint.workers import LoadSample, load_sample

if TYPE_CHECKING:
    from noiselint.report.picture_model import PictureFile

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _codes(value: str) -> tuple[str, ...]:
    # Checked against the rules later, so a bad code gets one line, not the usage text.
    return tuple(v.strip().upper() for v in value.split(",") if v.strip())


def _check_selectors(option: str, selectors: Sequence[str] | None) -> None:
    for selector in selectors or ():
        if selector != "ALL" and not any(code.startswith(selector) for code in CODES):
            raise ConfigError(f"unknown rule selector `{selector}` in `{option}` (valid: ALL, a prefix such as "
                              f"NL or NL00, or a code: {', '.join(CODES)})")


def _seconds(value: str) -> float:
    """A time budget: 0 (no limit) or a positive number; `-1` or `nan` is a usage error, not
    a silent "no limit" (the config file's `time-budget` is held to the same)."""
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not 0 <= seconds <= 86_400:
        raise argparse.ArgumentTypeError(f"must be 0 (no limit) or a number of seconds up to 86400, not {value}")
    return seconds


def _patterns(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


class _Formatter(argparse.RawDescriptionHelpFormatter):  # raw: --version has two lines
    """argparse's formatter, sized without `shutil`: argparse makes one for every
    `add_argument` (to try its metavar), and its own sizing imports shutil, which brings bz2,
    lzma and zlib: about 9 M instructions of every check, which prints no help."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


def _columns() -> int:
    """The terminal's width as `shutil.get_terminal_size` reads it: $COLUMNS, else stdout's
    terminal, else 80 (argparse's own formatter asks shutil)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        columns = 0
    return columns or 80


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="noiselint", formatter_class=_Formatter,
        usage="noiselint [check] [options] [PATH ...]\n       noiselint {rule,shapes,server,help} ...",
        description="Find and fix Keras/TensorFlow dropout noise_shape mistakes, without running the code.",
        epilog=_COMMANDS_HELP)
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files or directories to lint (default: .); `-` reads stdin")
    fixing = parser.add_argument_group("fixes")
    fixing.add_argument("--fix", action="store_true", help="apply safe fixes")
    fixing.add_argument("--unsafe-fixes", action="store_true", help="also apply (or count) unsafe fixes")
    fixing.add_argument("--diff", action="store_true", help="print the fixes as a unified diff, change nothing")
    fixing.add_argument("--show-fixes", action="store_true", help="list what --fix fixed, per file")
    fixing.add_argument("--exit-non-zero-on-fix", action="store_true",
                        help="exit 1 when any file was fixed, even if nothing is left")
    fixing.add_argument("--add-noqa", action="store_true",
                        help="write a `# noqa: CODE` comment on every finding (adopt on existing code)")
    rules = parser.add_argument_group("rule selection")
    rules.add_argument("--select", type=_codes, action="extend", help="codes or prefixes to enable (or ALL)")
    rules.add_argument("--extend-select", type=_codes, action="extend", help="codes or prefixes to enable on top")
    rules.add_argument("--ignore", type=_codes, action="extend", help="codes or prefixes to disable")
    files = parser.add_argument_group("file selection")
    files.add_argument("--exclude", type=_patterns, help="patterns to exclude (replaces the default list)")
    files.add_argument("--extend-exclude", type=_patterns, help="patterns to exclude on top of the list")
    files.add_argument("--respect-gitignore", action=argparse.BooleanOptionalAction, default=None,
                       help="skip files ignored by .gitignore (default: on)")
    files.add_argument("--force-exclude", action=argparse.BooleanOptionalAction, default=None,
                       help="apply excludes to paths given explicitly too (for pre-commit)")
    files.add_argument("--stdin-filename", help="the name to report for `-` (stdin)")
    output = parser.add_argument_group("output")
    output.add_argument("--output-format", choices=sorted(FORMATS), default="concise")
    output.add_argument("-o", "--output-file", help="write the report to this file instead of stdout")
    output.add_argument("--statistics", action="store_true", help="count findings per rule")
    output.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary")
    output.add_argument("-v", "--verbose", action="store_true",
                        help="also show TensorFlow's own log messages (silent by default) and the star "
                             "imports found neither in the project nor installed")
    output.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings remain")
    run = parser.add_argument_group("run")
    run.add_argument("--config", metavar="FILE",
                     help="the config file to use: a pyproject.toml (its [tool.noiselint] table) or any other TOML "
                          "file with the same keys at its top level")
    run.add_argument("--isolated", action="store_true", help="ignore every config file")
    run.add_argument("--no-cache", action="store_true", help="do not read or write the caches")
    run.add_argument("--cache-dir", help="where the caches live (default: .noiselint_cache)")
    run.add_argument("--no-shapes", action="store_true",
                     help="skip the rules that need model shapes (never imports TensorFlow)")
    run.add_argument("--time-budget", type=_seconds, metavar="SECONDS",
                     help="CPU seconds one file may take before it is skipped with NL903 (default 10; 0: no limit)")
    run.add_argument("--jobs", type=int, metavar="N",
                     help="worker processes (0: one per CPU; default: one per idle CPU when enough files "
                          "need checking, else 1)")
    run.add_argument("--version", action=_VersionAction)
    return parser


class _VersionAction(argparse._VersionAction):
    """argparse's `version` action, with the text read only when `--version` is given: the
    package metadata (a search of sys.path) took 15 ms of every check."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        self.version = _version()
        super().__call__(parser, namespace, values, option_string)


COMMANDS = ("check", "rule", "shapes", "server", "help")
_JSON_FORMATS = ("json", "json-lines", "sarif")


def _survive_any_text() -> None:
    """Reports escape every string a file carries, so nothing unencodable should reach the
    streams; should one slip through (or stdout be ASCII), it is written as an escape rather
    than stopping the run, whatever PYTHONIOENCODING asked for."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def _outgoing(output: str, output_format: str) -> str:
    """The last pass of every report: escapes for anything a renderer left raw."""
    return escape_json_controls(output) if output_format in _JSON_FORMATS else printable_lines(output)


_COMMANDS_HELP = """commands:
  check [PATH ...]      lint files, directories or notebooks (the default: `noiselint PATH` is the same)
  rule CODE | --all     print a rule's page, or list every rule
  shapes [PATH ...]     print each model found with every layer's inferred output shape
  server                the language server for editors, on stdio (needs the `server` extra)
  help                  this text

`noiselint COMMAND --help` describes a command's own options."""

# ruff's words that are not noiselint commands, and what they are here. A path of that
# name still wins (`noiselint fix` lints a directory `fix` when there is one).
_HABITS = {
    "fix": "did you mean `noiselint --fix PATH` (or `noiselint check --fix PATH`)?",
    "lint": "did you mean `noiselint check PATH` (or just `noiselint PATH`)?",
    "format": "noiselint does not format code; did you mean `noiselint --fix PATH`?",
}


def _version() -> str:
    """noiselint's version and the Keras/TensorFlow the shape rules would use, read from
    package metadata (importing TensorFlow would take seconds)."""
    from noiselint.installed import tensorflow_version
    from noiselint.installed import version as installed

    found = [f"{name} {version}" if version else f"{name} missing"
             for name, version in (("keras", installed("keras")), ("tensorflow", tensorflow_version()))]
    usable = all("missing" not in f for f in found)
    # Without Keras the shape rules still run on the shapes that need none (README).
    shapes = "" if usable else (" (the shape rules NL002, NL003 and NL010 use only the shapes that need no Keras; "
                                "install the `shapes` extra, `pip install tensorflow keras`, for the rest)")
    return f"noiselint {__version__}\nshapes: {', '.join(found)}{shapes}"


def _unknown_command(argv: Sequence[str]) -> str | None:
    """ruff's "unrecognized subcommand" for a first argument that is no path but looks like
    a mistyped command (`noiselint rules`, `noiselint shape x.py`)."""
    first = argv[0] if argv else ""
    if (not first or first in COMMANDS or first.startswith("-") or Path(first).exists()
            or any(c in first for c in "./\\")):
        return None
    if first in _HABITS:
        return f"noiselint: error: `{first}` is neither a path nor a command; {_HABITS[first]}"
    import difflib  # here: most runs name a path, and need no close match

    close = difflib.get_close_matches(first, COMMANDS, n=1, cutoff=0.6)
    if not close:
        return None
    return (f"noiselint: error: `{first}` is neither a path nor a command; did you mean "
            f"`noiselint {close[0]}`? (commands: {', '.join(COMMANDS)}; see `noiselint help`)")


def main(argv: Sequence[str] | None = None, started: LoadSample | None = None) -> int:
    """`started`: the CPUs' ticks when the process began (`python -m noiselint` takes them
    before its imports), so that measuring the idle CPUs for `--jobs` needs no sleep."""
    started = started or load_sample()  # the console script's: from here
    argv = list(sys.argv[1:] if argv is None else argv)
    _survive_any_text()
    try:
        if argv and argv[0] == "help":
            _check_parser().print_help()
            return EXIT_CLEAN
        unknown = _unknown_command(argv)
        if unknown is not None:
            print(printable_lines(unknown), file=sys.stderr)
            return EXIT_ERROR
        if argv and argv[0] == "rule":
            return _rule_command(argv[1:])
        if argv and argv[0] == "server":
            return _server_command(argv[1:])
        if argv and argv[0] == "shapes":
            return _shapes_command(argv[1:])
        if argv and argv[0] == "check":
            argv = argv[1:]
        return _check(_check_parser().parse_args(argv), started)
    except ConfigError as exc:  # it quotes config paths and values: the tree's strings
        print(f"noiselint: error: {printable(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_CLEAN


def _server_command(argv: Sequence[str]) -> int:
    try:
        from noiselint.server.app import serve  # pygls is needed by the server alone
    except ModuleNotFoundError as exc:
        if exc.name not in ("pygls", "lsprotocol", "cattrs", "attrs"):
            raise
        # A pip line that works today: noiselint itself is not on PyPI, so its extra is named, not installed.
        print(f"noiselint: error: `noiselint server` needs the `server` extra (the module {exc.name!r} is missing): "
              "pip install 'pygls>=2.0,<3'", file=sys.stderr)
        return EXIT_ERROR
    return serve(list(argv))


def _settings(args: argparse.Namespace) -> Settings:
    known = tuple(CODES)
    if args.config:
        config = Path(args.config)
        if not config.is_file():
            raise ConfigError(f"{config}: no such config file")
        base = load_settings(config, known)
    else:
        found = None if args.isolated else find_config(Path.cwd())
        base = load_settings(found, known) if found else Settings()
    for option in ("select", "extend_select", "ignore"):
        _check_selectors(f"--{option.replace('_', '-')}", getattr(args, option))
    cli = RuleSelection(None if args.select is None else tuple(args.select), tuple(args.extend_select or ()),
                        tuple(args.ignore or ()))
    return with_flags(base, cli_selection=cli if cli != RuleSelection() else None,
                      exclude=args.exclude, extend_exclude=args.extend_exclude,
                      respect_gitignore=args.respect_gitignore, force_exclude=args.force_exclude,
                      cache_dir=args.cache_dir, no_cache=args.no_cache or None,
                      shapes=False if args.no_shapes else None, verbose=args.verbose or None,
                      time_budget=args.time_budget)


def _check(args: argparse.Namespace, started: LoadSample | None = None) -> int:
    settings = _settings(args)
    paths = args.paths or ["."]
    stdin = paths == ["-"]
    fixing = args.fix or args.diff
    mode = Mode(fix=fixing, unsafe=args.unsafe_fixes, write=(args.fix or args.add_noqa) and not args.diff and not stdin,
                add_noqa=args.add_noqa and not stdin)
    if stdin:
        result = run_stdin(sys.stdin.buffer.read(), args.stdin_filename or "-", settings, mode)
    elif "-" in paths:
        print("noiselint: error: `-` (stdin) cannot be combined with other paths", file=sys.stderr)
        return EXIT_ERROR
    else:
        jobs = None if args.jobs is None else args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
        result = run_paths(paths, settings, mode, jobs=jobs, started=started)
        if not result.files and not result.errors:
            print("noiselint: warning: no Python files found under the given paths", file=sys.stderr)
    return _report(args, result, stdin, (Path.cwd(), Path(settings.project_root)))


def _report(args: argparse.Namespace, result: RunResult, stdin: bool, trees: tuple[Path, ...]) -> int:
    summary = Summary(result.files, result.errors, fixing=args.fix or args.diff,
                      unsafe_fixes=args.unsafe_fixes, show_fixes=args.show_fixes, quiet=args.quiet)
    for error in result.errors:
        if error.skipped:
            print(f"noiselint: warning: Failed to lint {printable(error.path)}: it {printable(error.message)}",
                  file=sys.stderr)
        else:
            print(f"noiselint: error: {printable(error.path)} {printable(error.message)}", file=sys.stderr)
    # A note such as "TensorFlow cannot be imported" comes from every file: say it once.
    for note in dict.fromkeys(n for f in result.files for n in f.notes):
        print(f"noiselint: {printable(note)}", file=sys.stderr)
    if args.add_noqa:
        for diagnostic in (d for f in result.files for d in f.diagnostics):
            print(printable(f"noiselint: warning: {diagnostic.path}:{diagnostic.span.start_row}: {diagnostic.code} "
                            "got no noqa comment: its line ends inside a string or after a `\\`"), file=sys.stderr)
        added = sum(f.added_noqa for f in result.files)
        # ruff's closing line
        print(f"Added {added} noqa directive{'' if added == 1 else 's'}.", file=sys.stderr)
        return EXIT_ERROR if _failed(result) else EXIT_CLEAN
    if args.diff:
        from noiselint.report.diff import diff_closing, render_diff  # difflib: for --diff alone

        sys.stdout.write(printable_lines(render_diff(summary)))
        sys.stderr.write(diff_closing(summary))
        return _exit(args, result, bool(summary.fixed))
    stream: TextIO = sys.stdout
    if stdin and args.fix:
        # The fixed source goes to stdout (as ruff does); the report goes to stderr.
        files = result.files
        if result.stdin_fixed is not None:  # a notebook: its JSON, not the joined cells
            sys.stdout.flush()
            sys.stdout.buffer.write(result.stdin_fixed)
        else:
            # The file's own bytes, in its own encoding: it is the fixed file, not a report.
            sys.stdout.flush()
            sys.stdout.buffer.write(files[0].source.encode(files[0].fixed_text or files[0].source.text)
                                    if files else b"")
        stream = sys.stderr
    output = _outgoing(render_statistics(summary) if args.statistics else render(args.output_format, summary),
                       "text" if args.statistics else args.output_format)
    if args.output_file:
        if not _write_output(args.output_file, output, trees):
            return EXIT_ERROR
    else:
        stream.write(output)
    return _exit(args, result, bool(summary.fixed))


def _write_output(name: str, output: str, trees: tuple[Path, ...]) -> bool:
    """`-o FILE` of every command: the one place a report is written to a file, never
    through a link the linted tree planted (files/safe_write.py). False: not written (said)."""
    problem = write_report(Path(name), output.encode("utf-8", "backslashreplace"), trees)
    if problem is not None:
        print(f"noiselint: error: {printable(name)} {problem}", file=sys.stderr)
    return problem is None


def _failed(result: RunResult) -> bool:
    """Errors that are not findings: a file noiselint could not write back."""
    return any(not e.skipped for e in result.errors)


def _exit(args: argparse.Namespace, result: RunResult, fixed_any: bool) -> int:
    if _failed(result):
        return EXIT_ERROR
    if args.diff:
        return EXIT_FINDINGS if fixed_any else EXIT_CLEAN
    if args.exit_non_zero_on_fix and fixed_any:
        return EXIT_FINDINGS
    remaining = any(f.diagnostics for f in result.files)
    return EXIT_FINDINGS if remaining and not args.exit_zero else EXIT_CLEAN


def _rule_command(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="noiselint rule", description="Print a rule's documentation.")
    parser.add_argument("code", nargs="?", help="a rule code (NL001) or name (hardcoded-batch-size)")
    parser.add_argument("--all", action="store_true", help="list every rule")
    args = parser.parse_args(argv)
    from noiselint.checks import BY_CODE, RULES
    from noiselint.rule_pages import page

    if args.all:
        for rule in RULES:
            default = "" if rule.default_enabled else " (opt-in)"
            print(f"{rule.code}  {rule.name:<34} {rule.summary}{default}")
        return EXIT_CLEAN
    if not args.code:
        parser.error("give a rule code, e.g. `noiselint rule NL001`, or --all")
    rule = BY_CODE.get(args.code.upper()) or next((r for r in RULES if r.name == args.code), None)
    text = page(rule.code) if rule is not None else None
    if text is None:
        print(f"noiselint: error: unknown rule `{args.code}` (see `noiselint rule --all`)", file=sys.stderr)
        return EXIT_ERROR
    sys.stdout.write(text)
    return EXIT_CLEAN


def _shapes_command(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="noiselint shapes",
        description="Print every model found in the files with each layer's inferred output shape "
                    "(like model.summary(), without running anything).")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files or directories (default: .), searched as `noiselint check` searches them")
    parser.add_argument("--output-format", choices=("text", "json", "dot", "svg", "html"), default="text",
                        help="text and json: the tables; dot (Graphviz), svg and html (a self-contained page): "
                             "each model as a picture, with its findings on its layers")
    parser.add_argument("-o", "--output-file", help="write the output to this file instead of stdout")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the shape cache")
    parser.add_argument("-v", "--verbose", action="store_true", help="also show TensorFlow's own log messages")
    args = parser.parse_args(argv)
    from noiselint.shapes_command import model_pictures, model_tables

    settings = with_flags(Settings(), no_cache=args.no_cache or None, verbose=args.verbose or None)
    if args.output_format in ("dot", "svg", "html"):
        pictured, errors = model_pictures(args.paths or ["."], settings)
        output = _picture(args.output_format, pictured)
    else:
        from noiselint.report.shapes_json import render_shapes_json
        from noiselint.report.shapes_text import render_shapes_text

        files, errors = model_tables(args.paths or ["."], settings)
        output = _outgoing((render_shapes_json if args.output_format == "json" else render_shapes_text)(files),
                           args.output_format)
    for error in errors:
        print(f"noiselint: error: {printable(error.path)} {printable(error.message)}", file=sys.stderr)
    if args.output_file:
        if not _write_output(args.output_file, output, (Path.cwd(), Path(settings.project_root))):
            return EXIT_ERROR
    else:
        sys.stdout.write(output)
    return EXIT_ERROR if errors else EXIT_CLEAN


def _picture(output_format: str, files: Sequence[PictureFile]) -> str:
    if output_format == "dot":
        from noiselint.report.picture_dot import render_dot

        return render_dot(files)
    if output_format == "svg":
        from noiselint.report.picture_svg import render_svg

        return render_svg(files)
    from noiselint.report.picture_html import render_html

    return render_html(files)
