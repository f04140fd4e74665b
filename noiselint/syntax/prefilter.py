"""Prefilter: cheap tests that keep files which cannot hold a dropout site away from libcst,
whose scope and position analysis costs far more than reading the file.

First a substring and regex test on the text; then CPython's own parser (in C, about a
hundred times faster than libcst's metadata) with a rough import map: a file passes when
some call resolves to a dropout API or some code reads `._keras_shape`. The check only
needs to be a superset of what `sites/dropout.py` finds: imports are collected wherever they are,
and a file CPython cannot parse passes (libcst then reports NL900). Names imported from the
project's own modules, or brought by a star import, are asked of the project index, and only
then (so only modules that files with candidate calls import are ever read).

A file whose only dropout sites are plain `Dropout(0.3)` calls (a literal rate in [0, 1),
nothing else that could be a site) cannot have a finding of NL001-NL009; NL010 needs a layer
told `data_format`, which such a file would have to name (or take from a project module it
imports). About half of real Keras files are such (66 of the 152 keras-io examples with
sites): they are not parsed either. Plain is decided on CPython's tree without evaluating
anything: any other mention of a dropout class, any call of a `*dropout*` name the import
map cannot place, a star import or an import of the project's own modules sends the file on."""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from noiselint.apis.dropout import API_TAILS, PREFILTER_NAME, PREFILTER_NEXT, PREFILTER_TAIL, PREFILTER_WORDS, api_for
from noiselint.apis.model_code import DATA_METHOD_NAMES, MODEL_WORDS, is_model_module, may_hold_model_code
from noiselint.syntax.precheck import Kinds, kinds_of

if TYPE_CHECKING:
    from noiselint.project.names import ModuleNames


def might_matter(text: str, models: bool = False) -> bool:
    """Whether the text may hold a dropout site; with `models` (a rule reads every file
    with model code), or may use Keras or TensorFlow at all."""
    # The substring test is cheap and rules out most files before the regex runs.
    if models and may_hold_model_code(text):
        return True
    return any(word in text for word in PREFILTER_WORDS) and mentions_api(text)


def mentions_api(text: str) -> bool:
    """A dropout API name that is called or imported (`Dropout(`, `dropout (`, `Dropout as
    D`, `SpatialDropout1D,`), or a read of `_keras_shape`. Each character is looked at a
    bounded number of times: the names inside one word are one word (its tail is scanned
    once), and what follows a word is scanned once per word."""
    scanned = 0  # the end of the last word looked at: names inside it are skipped
    for found in PREFILTER_NAME.finditer(text):
        if found.group() == "_keras_shape":
            return True
        if found.start() < scanned:
            continue
        if found.group() == "GaussianNoise":
            end = found.end()  # `GaussianNoise` is followed by the next part directly
            scanned = end
        else:
            end = PREFILTER_TAIL.match(text, found.end()).end()  # type: ignore[union-attr]
            scanned = end
        if PREFILTER_NEXT.match(text, end) is not None:
            return True
    return False


# An attribute or callee that may be a dropout API of any kind (`tf.nn.dropout`); a name that
# may hold a dropout class (`Dropout`, `SpatialDropout2D`) has `Dropout` or `GaussianNoise`
# in it (`_scan` tests both with substrings).
_ANY_WORD = re.compile(r"[Dd]ropout|GaussianNoise")
# Words without which no layer of the file is told its data layout (NL010).
_LAYOUT_WORDS = ("data_format", "channels_first", "image_data_format")
# Keyword arguments a plain `Dropout` may take as literals.
_PLAIN_KEYWORDS = {"rate": (int, float), "name": (str,), "seed": (int, type(None))}


def has_candidates(text: str, project: ModuleNames | None = None, plain_matters: bool = True) -> bool:
    try:
        with warnings.catch_warnings():
            # An invalid escape in the tree's strings is not noiselint's to print.
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return True
    return candidates_in(tree, project, plain_matters, text)


def candidates_in(tree: ast.AST, project: ModuleNames | None = None, plain_matters: bool = True,
                  text: str = "", nodes: Sequence[ast.AST] = (), models: bool = False) -> bool:
    """`has_candidates` for a text CPython has parsed already. `plain_matters` False: a file
    whose sites are all plain `Dropout(rate)` calls has no candidates (see above); `text` is
    the source, searched for words that make NL010 possible; `nodes`, the tree's nodes in
    `ast.walk`'s order when the pre-check has them. `models`: a file that imports Keras or
    TensorFlow (or the project's own modules, or anything with a star) is a candidate too."""
    imports: dict[str, str] = {}
    kinds = kinds_of(tree)  # the pre-check's nodes by class, when it measured this tree
    scanned = _scan_kinds(kinds, imports) if kinds is not None else _scan(nodes or ast.walk(tree), imports)
    if scanned is None:
        return True
    calls, mentions, star = scanned
    if models and text and not any(word in text for word in MODEL_WORDS):
        # No library named: only a model from a project module can be fed here.
        if project is not None and any(isinstance(c.func, ast.Attribute) and c.func.attr in DATA_METHOD_NAMES
                                       for c in calls) and project.imports_model_code(imports.values()):
            return True
    elif models and (star or any(is_model_module(name) or name.startswith(".") for name in imports.values())
                   or (project is not None and bool(imports))):
        return True
    # A call of `a.b.c` is a dropout API only if `c` is one's last part (aliases replace only `a`).
    tails, attribute = API_TAILS, ast.Attribute
    sites = [(call, api) for call in calls
             if (type(call.func) is not attribute or call.func.attr in tails)  # type: ignore[attr-defined]
             and (api := _api_of(call.func, imports, star, None)) is not None]
    if plain_matters or not sites or plain_sites_matter(text, imports, star, project):
        # Through the project: an import of its own modules, an alias, or a star import.
        return bool(sites) or (project is not None and any(
            _api_of(call.func, imports, star, project) is not None for call in calls))
    if any(not _plain(call, api) for call, api in sites):
        return True
    # Every site is plain (no project module or star import can bring another); anything
    # else that might be one sends the file on.
    placed = {id(call.func) for call, _ in sites}
    if any(id(node) not in placed for node in mentions):
        return True
    return any(_ANY_WORD.search(_tail(call.func)) and id(call.func) not in placed for call in calls)


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
    return _api_of(func, imports, star, project) is not None


def plain_sites_matter(text: str, imports: dict[str, str], star: bool, project: ModuleNames | None) -> bool:
    """Whether a plain `Dropout(0.3)` site of this file could take part in a finding (the
    conditions of `candidates_in` under which plain sites still send a file on)."""
    return star or any(word in text for word in _LAYOUT_WORDS) or (
        project is not None and any(project.targets(name) is not None for name in imports.values()))


# The statements `_collect_import` reads.
_BINDS = frozenset({ast.Import, ast.ImportFrom, ast.Assign})


def _scan(nodes: Iterable[ast.AST], imports: dict[str, str] | None = None
          ) -> tuple[list[ast.Call], list[ast.expr], bool] | None:
    """The calls among `nodes`, the names and attributes that may be a dropout API, and
    whether a star import is there (imports collected into `imports`, when given); None when
    something reads `._keras_shape`."""
    calls: list[ast.Call] = []
    mentions: list[ast.expr] = []
    star = False
    # By exact type (CPython's parser makes no subclasses): most nodes are none of these.
    attribute, name, call, binds = ast.Attribute, ast.Name, ast.Call, _BINDS
    for node in nodes:
        kind = type(node)
        # Substring tests, not `_ANY_WORD.search`: no call per name (80,000 on keras-io).
        if kind is attribute:
            attr = node.attr  # type: ignore[attr-defined]
            if attr == "_keras_shape":
                return None
            if "Dropout" in attr or "dropout" in attr or "GaussianNoise" in attr:
                mentions.append(node)  # type: ignore[arg-type]
        elif kind is name:
            if "Dropout" in node.id or "GaussianNoise" in node.id:  # type: ignore[attr-defined]
                mentions.append(node)  # type: ignore[arg-type]
        elif kind is call:
            calls.append(node)  # type: ignore[arg-type]
        elif imports is not None and kind in binds:
            star = _collect_import(node, imports) or star
    return calls, mentions, star


def _scan_kinds(kinds: Kinds, imports: dict[str, str]) -> tuple[list[ast.Call], list[ast.expr], bool] | None:
    """`_scan` of a measured tree, from its nodes by class (the same lists, in the same order)."""
    mentions: list[ast.expr] = []
    for node in kinds.attributes:
        attr = node.attr
        if attr == "_keras_shape":
            return None
        if "Dropout" in attr or "dropout" in attr or "GaussianNoise" in attr:
            mentions.append(node)
    mentions += [node for node in kinds.names if "Dropout" in node.id or "GaussianNoise" in node.id]
    star = False
    for node in kinds.binds:
        star = _collect_import(node, imports) or star
    return list(kinds.calls), mentions, star


def statement_sites(statement: ast.AST, imports: dict[str, str], star: bool, project: ModuleNames | None
                    ) -> str:
    """What `statement` holds for `candidates_in`: "site" (a dropout site that is not plain,
    `._keras_shape`, or a mention of a dropout API it cannot place), "plain" (only plain
    `Dropout(0.3)` sites), or "" (none)."""
    scanned = _scan(ast.walk(statement))
    if scanned is None:
        return "site"
    calls, mentions, _ = scanned
    sites = [(call, api) for call in calls if (api := _api_of(call.func, imports, star, project)) is not None]
    if any(not _plain(call, api) for call, api in sites):
        return "site"
    placed = {id(call.func) for call, _ in sites}
    if any(id(node) not in placed for node in mentions) or \
            any(_ANY_WORD.search(_tail(call.func)) and id(call.func) not in placed for call in calls):
        return "site"
    return "plain" if sites else ""


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


def _api_of(func: ast.expr, imports: dict[str, str], star: bool, project: ModuleNames | None) -> object:
    dotted = _dotted(func)
    if dotted is None:
        return None
    dotted = _expand(dotted, imports)
    if dotted[0] in imports:
        api = api_for(".".join([imports[dotted[0]], *dotted[1:]]))
        if api is not None:
            return api
    if project is None:
        return None
    # Through the project: an import of its own modules, an alias, or a star import.
    for target in _through_project(dotted, imports, star, project):
        api = api_for(getattr(target, "name", ""))
        if api is not None:
            return api
    return None


def _plain(call: ast.Call, api: object) -> bool:
    """`Dropout(0.3)`, `Dropout(rate=0.3, name="drop")`: a Keras Dropout layer with a literal
    rate in [0, 1) and nothing else but a literal name or seed."""
    if getattr(api, "label", None) != "Dropout" or not getattr(api, "is_layer", False):
        return False
    values: dict[str, object] = {}
    if len(call.args) > 1 or any(isinstance(a, ast.Starred) for a in call.args):
        return False
    if call.args:
        values["rate"] = call.args[0]
    for keyword in call.keywords:
        if keyword.arg is None or keyword.arg not in _PLAIN_KEYWORDS or keyword.arg in values:
            return False
        values[keyword.arg] = keyword.value
    if "rate" not in values:
        return False
    for name, node in values.items():
        if not isinstance(node, ast.Constant) or isinstance(node.value, bool) or \
                not isinstance(node.value, _PLAIN_KEYWORDS[name]):
            return False
    rate = values["rate"].value  # type: ignore[attr-defined]
    return 0 <= rate < 1


def _tail(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


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


def _through_project(dotted: list[str], imports: dict[str, str], star: bool, project: ModuleNames) -> list[object]:
    if dotted[0] in imports:
        return list(project.targets(".".join([imports[dotted[0]], *dotted[1:]])) or [])
    if star:
        return list(project.star(".".join(dotted)) or [])
    return []
