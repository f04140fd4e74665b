"""Prefilter: cheap tests that keep files which cannot hold a dropout site away from libcst,
whose scope and position analysis costs far more than reading the file.

First a substring and regex test on the text; then CPython's own parser (in C, about a
hundred times faster than libcst's metadata) with a rough import map: a file passes when
some call resolves to a dropout API or some code reads `._keras_shape`. The check only
needs to be a superset of what `lint/sites.py` finds: imports are collected wherever they are,
and a file CPython cannot parse passes (libcst then reports NL900)."""

from __future__ import annotations

import ast
import warnings

from noiselint.lint.apis import PREFILTER, PREFILTER_WORDS, api_for


def might_matter(text: str) -> bool:
    # The substring test is cheap and rules out most files before the regex runs.
    return any(word in text for word in PREFILTER_WORDS) and PREFILTER.search(text) is not None


def has_candidates(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            # An invalid escape in the tree's strings is not noiselint's to print.
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return True
    return candidates_in(tree)


def candidates_in(tree: ast.AST) -> bool:
    """`has_candidates` for a text CPython has parsed already."""
    imports: dict[str, str] = {}
    calls: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                local = alias.asname or alias.name.split(".")[0]
                imports[local] = alias.name if alias.asname else local
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                imports[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Attribute) and node.attr == "_keras_shape":
            return True
        elif isinstance(node, ast.Call):
            calls.append(node.func)
    return any(_resolves_to_api(func, imports) for func in calls)


def _resolves_to_api(func: ast.expr, imports: dict[str, str]) -> bool:
    parts: list[str] = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name) or func.id not in imports:
        return False
    return api_for(".".join([imports[func.id], *reversed(parts)])) is not None
