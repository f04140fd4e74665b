"""The facts every output format draws on, computed once from a run."""

from __future__ import annotations

from dataclasses import dataclass

from noiselint.diagnostics import Applicability, Diagnostic, FileError
from noiselint.file_result import FileResult


@dataclass(frozen=True)
class Summary:
    """A run's results, as every report format reads them."""

    files: tuple[FileResult, ...]
    errors: tuple[FileError, ...]
    fixing: bool = False  # --fix was given
    unsafe_fixes: bool = False
    show_fixes: bool = False
    quiet: bool = False  # findings only: no summary lines

    def __post_init__(self) -> None:
        # Every format lists files by path, as ruff does, whatever order the workers (or the
        # walk) finished them in.
        object.__setattr__(self, "files", tuple(sorted(self.files, key=lambda f: f.source.path)))
        object.__setattr__(self, "errors", tuple(sorted(self.errors, key=lambda e: e.path)))

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return tuple(d for f in self.files for d in f.diagnostics)

    @property
    def fixed(self) -> tuple[Diagnostic, ...]:
        return tuple(d for f in self.files for d in f.fixed)

    def applicable(self, diagnostic: Diagnostic) -> bool:
        """Would `--fix` (with the given `--unsafe-fixes`) apply this fix?"""
        fix = diagnostic.fix
        return fix is not None and (
            fix.applicability is Applicability.SAFE
            or (self.unsafe_fixes and fix.applicability is Applicability.UNSAFE))

    def counts(self) -> tuple[int, int]:
        """(fixable with the current options, fixable only with --unsafe-fixes)."""
        safe = sum(1 for d in self.diagnostics if self.applicable(d))
        unsafe = sum(1 for d in self.diagnostics if d.fix is not None and not self.applicable(d)
                     and d.fix.applicability is Applicability.UNSAFE)
        return safe, unsafe
