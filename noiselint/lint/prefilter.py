"""Prefilter: cheap tests that keep files which cannot hold a dropout site away from libcst,
whose scope and position analysis costs far more than reading the file.

First a substring and regex test on the text; then CPython's own parser (in C, about a
hundred times faster than libcst's metadata) with a rough import map: a file passes when
some call resolves to a dropout API or some code reads `._keras_shape`. The check only
needs to be a superset of what `lint/sites.py` finds: imports are collected wherever they are,
and a file CPython cannot parse passes (libcst then reports NL900). Names imported from the
project's own modules, or brought by a star import, are asked of the project index, and only
then (so only modules that files with candidate calls import are ever read)."""

from __future__ import annotations

import ast
import warnings
from typing import TYPE_CHECKING

from noiselint.lint.apis import PREFILTER, PREFILTER_WORDS, api_for

if TYPE_CHECKING:
    from noiselint.project.names import ModuleNames


def might_matter(text: str) -> bool:
    # The substring test is cheap and rules out most files before the regex runs.
    return any(word in text for word in PREFILTER_WORDS) and PREFILTER.search(text) is not None


def has_candidates(text: str, project: ModuleNames | None = None) -> bool:
    try:
        with warnings.catch_warnings():
            # An invalid escape in the tree's strings is not noiselint's to print.
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return True
    return candidates_in(tree, project)


def candidates_in(tree: ast.AST, project: ModuleNames | None = None) -> bool:
    """`has_candidates` for a text CPython has parsed already."""
    imports: dict[str, str] = {}
    calls: list[ast.expr] = []
    star = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "_keras_shape":
            return True
        if isinstance(node, ast.Call):
            calls.append(node.func)
        else:
            star = _collect_import(node, imports) or star
    return any(calls_candidate(func, imports, star, project) for func in calls)


def import_map(tree: ast.AST) -> tuple[dict[str, str], bool]:
    """Each imported (or simply aliased: `Dropout = layers.Dropout`) name -> what it stands
    for, wherever in the tree it is bound; and whether there is a star import."""
    imports: dict[str, str] = {}
    star = False
    for node in ast.walk(tree):
        star = _collect_import(node, imports) or star
    return imports, star


def _collect_import(node: ast.AST, imports: dict[str, str]) -> bool:
    """Adds what `node` imports or aliases to `imports`; True for a star import."""
    star = False
    if isinstance(node, ast.Import):
        for alias in node.names:
            local = alias.asname or alias.name.split(".")[0]
            imports[local] = alias.name if alias.asname else local
    elif isinstance(node, ast.ImportFrom):
        module = "." * node.level + (node.module or "")
        for alias in node.names:
            star = star or alias.name == "*"
            imports[alias.asname or alias.name] = f"{module}.{alias.name}" if node.module else \
                f"{module}{alias.name}"
    elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        value = _dotted(node.value)  # an alias: `Dropout = layers.Dropout`
        if value is not None and node.targets[0].id != value[0]:
            imports.setdefault(node.targets[0].id, ".".join(_expand(value, imports)))
    return star


def calls_candidate(func: ast.expr, imports: dict[str, str], star: bool,
                    project: ModuleNames | None = None) -> bool:
    """Whether a call of `func` may be a dropout API call (given the file's `import_map`)."""
    dotted = _dotted(func)
    if dotted is None:
        return False
    dotted = _expand(dotted, imports)
    if _resolves_to_api(dotted, imports):
        return True
    # Through the project: an import of its own modules, an alias, or a star import.
    return project is not None and _through_project(dotted, imports, star, project)


def dotted_name(node: ast.expr, imports: dict[str, str]) -> str | None:
    """`tf.compat.v1` as the dotted name it stands for through imports and aliases
    (`tensorflow.compat.v1`), or as written when its root is not imported; None when it
    is not a dotted name."""
    dotted = _dotted(node)
    if dotted is None:
        return None
    dotted = _expand(dotted, imports, 16)
    if dotted[0] in imports:
        dotted = [*imports[dotted[0]].split("."), *dotted[1:]]
    return ".".join(dotted)


def _expand(dotted: list[str], imports: dict[str, str], hops: int = 4) -> list[str]:
    """Aliases of aliases, a few deep, then left to the import map."""
    for _ in range(hops):
        known = imports.get(dotted[0])
        if known is None or known.split(".")[0] not in imports or known.split(".")[0] == dotted[0]:
            break
        dotted = [*known.split("."), *dotted[1:]]
    return dotted


def _dotted(func: ast.expr) -> list[str] | None:
    parts: list[str] = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    return [func.id, *reversed(parts)] if isinstance(func, ast.Name) else None


def _resolves_to_api(dotted: list[str], imports: dict[str, str]) -> bool:
    if dotted[0] not in imports:
        return False
    return api_for(".".join([imports[dotted[0]], *dotted[1:]])) is not None


def _through_project(dotted: list[str], imports: dict[str, str], star: bool, project: ModuleNames) -> bool:
    if dotted[0] in imports:
        targets = project.targets(".".join([imports[dotted[0]], *dotted[1:]]))
    elif star:
        targets = project.star(".".join(dotted))
    else:
        return False
    return any(api_for(getattr(t, "name", "")) is not None for t in targets or [])
