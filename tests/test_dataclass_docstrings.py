"""Every noiselint dataclass has its own docstring. `dataclasses` writes a missing one from
`inspect.signature` when the class is made (about 0.27 M instructions a class, at every start);
a written one costs nothing and says what the class holds."""

from __future__ import annotations

import importlib
import pkgutil

import noiselint


def _classes(module: object) -> list[type]:
    """The classes `module` defines, nested ones included."""
    found, stack = [], [v for v in vars(module).values() if isinstance(v, type)]
    while stack:
        cls = stack.pop()
        if cls.__module__ == module.__name__ and cls not in found:  # type: ignore[attr-defined]
            found.append(cls)
            stack.extend(v for v in vars(cls).values() if isinstance(v, type))
    return found


def test_every_dataclass_has_its_own_docstring() -> None:
    made, missing = 0, []
    for info in pkgutil.walk_packages(noiselint.__path__, "noiselint."):
        if info.name == "noiselint.__main__":  # importing it runs the command line
            continue
        for cls in _classes(importlib.import_module(info.name)):
            if "__dataclass_fields__" not in vars(cls):
                continue
            made += 1
            doc = vars(cls).get("__doc__") or ""
            # What `dataclasses` writes in its place: the name and the signature.
            if not doc.strip() or doc.startswith(f"{cls.__name__}("):
                missing.append(f"{info.name}.{cls.__qualname__}")
    assert made > 100  # the walk found them
    assert missing == []
