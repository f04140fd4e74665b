"""Settings: the resolved, frozen options one lint run uses."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    # None means the default selection: every rule that is on by default.
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fix: bool = False
    unsafe_fixes: bool = False
    # Shapes need TensorFlow; off, the shape rules are skipped and TF is never imported.
    shapes: bool = True
    cache_dir: str | None = None
