"""flake8 plugin: noiselint's findings as flake8 errors (`NL001 ...`), for teams that run
flake8 and want no new tool. Registered under the `flake8.extension` entry point with the
code prefix `NL`; flake8's own `--select`, `--ignore`, `--per-file-ignores` and `# noqa`
then choose among them, as for any plugin."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from noiselint.report.escape import printable
from noiselint.settings import Settings
from noiselint.suppress import RuleSelection
from noiselint.version import __version__


class NoiselintChecker:
    name = "noiselint"
    version = __version__
    # flake8 selects among the codes itself; opt-in rules (NL009) run only when asked for.
    _settings: ClassVar[Settings] = Settings()

    def __init__(self, tree: Any, filename: str, lines: Sequence[str]) -> None:
        self.filename = filename
        self.text = "".join(lines)

    @classmethod
    def add_options(cls, manager: Any) -> None:
        manager.add_option("--noiselint-no-shapes", action="store_true", parse_from_config=True,
                           help="noiselint: skip the rules that need model shapes (never imports TensorFlow)")
        manager.add_option("--noiselint-opt-in", default="", parse_from_config=True, comma_separated_list=True,
                           help="noiselint: opt-in rules to run as well, e.g. NL009")

    @classmethod
    def parse_options(cls, options: Any) -> None:
        opt_in = tuple(code.strip().upper() for code in options.noiselint_opt_in if code.strip())
        cls._settings = Settings(shapes=not options.noiselint_no_shapes,
                                 cli_selection=RuleSelection(extend_select=opt_in) if opt_in else None)

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        # Imported here: flake8 loads every plugin at start-up, and this one only when it runs.
        from noiselint.api import lint_source

        for diagnostic in lint_source(self.text, self.filename, self._settings):
            # flake8 columns are 0-based; noiselint's (ruff's) are 1-based.
            yield (diagnostic.span.start_row, diagnostic.span.start_col - 1,
                   f"{diagnostic.code} {printable(diagnostic.message)}", type(self))


__all__ = ["NoiselintChecker"]
