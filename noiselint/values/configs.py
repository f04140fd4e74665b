"""Configs: the value of a config entry or attribute (`cfg["units"]`, `cfg.get("units")`,
`args.hidden`, `config.dropout`) from where the config is built in the same file: a dict
literal or `dict(...)`, `argparse` defaults (`args = parser.parse_args()`), a
`SimpleNamespace(...)`, or an instance of a class defined in the file (dataclass field
defaults, class attributes).

A config that the file may change (an item or attribute set, `update`, passed to a call
that could change it) is not read at all. An `argparse` default is what a run gets when
the option is not given: a possibility, marked with the origin kind `command-line default`
so that rules which need a fact (shapes) leave it out.

The Evaluator asks (`values/evaluate.py`); this module reads its values, so it is imported
there lazily.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from noiselint.syntax import nodes as cst
from noiselint.syntax.parse import ParsedModule
from noiselint.values.kinds import Const, Origin, Seq, Unknown, Value, with_origin

if TYPE_CHECKING:
    from noiselint.values.evaluate import Evaluator

COMMAND_LINE = "command-line default"
_NAMESPACES = frozenset({"types.SimpleNamespace", "argparse.Namespace"})

Evaluate = Callable[[cst.BaseExpression], Value]


class _Everything(set[str]):
    """Every name: what a module that `ast` cannot read may change."""

    def __contains__(self, item: object) -> bool:
        return True


_EVERYTHING = _Everything()


def facts_only(value: Value) -> Value:
    """`value` with every command-line default in it made unknown: for a claim that must
    hold whatever the run is given (a shape, a rate), not only on the default run."""
    origin = getattr(value, "origin", None)
    if origin is not None and origin.kind == COMMAND_LINE:
        return Unknown(f"{origin.describe()} may be given another value")
    if isinstance(value, Seq):
        return replace(value, items=tuple(facts_only(v) for v in value.items))
    return value


class Configs:
    """Config reads of one module; what the file does to each config is found once."""

    def __init__(self, parsed: ParsedModule, evaluator: Evaluator) -> None:
        self._parsed = parsed
        self._evaluator = evaluator

    # reads --------------------------------------------------------------------------------

    def entry(self, node: cst.Subscript | cst.Call, evaluate: Evaluate) -> Value | None:
        """`cfg["units"]` or `cfg.get("units", default)`; None when it is not a config read."""
        # Exact classes (libcst's are final): a failed `isinstance` against one is a call of
        # ABCMeta.__instancecheck__, and most reads asked about are no config.
        if type(node) is cst.Subscript:
            owner = node.value
            index = node.slice[0].slice if len(node.slice) == 1 else None
            key = index.value if type(index) is cst.Index else None  # type: ignore[union-attr]
            default: cst.BaseExpression | None = None
            getter = False
        else:
            func = node.func
            if not (isinstance(func, cst.Attribute) and func.attr.value == "get" and 1 <= len(node.args) <= 2):
                return None
            owner, key = func.value, node.args[0].value
            default = node.args[1].value if len(node.args) == 2 else None
            getter = True
        if type(owner) is not cst.Name or type(key) is not cst.SimpleString:
            return None
        name = f"{owner.value}[{self._parsed.code(key)}]"
        built = self._single(owner, lambda b: self._dict_entries(b) is not None)
        if built is None:
            return None
        entries = self._dict_entries(built)
        if entries is None:
            return None
        if isinstance(entries, Unknown):
            return entries
        wanted = key.evaluated_value
        if wanted in entries:
            return self._from(entries[wanted], name, evaluate)
        if getter:
            return evaluate(default) if default is not None else Const(None)
        return Unknown.quoting("`{}` is not in the dict", self._parsed.code, node)

    def attribute(self, node: cst.Attribute, evaluate: Evaluate) -> Value | None:
        """`args.hidden`, `config.dropout`; None when it is not a config read."""
        owner = node.value
        if not isinstance(owner, cst.Name):
            return None
        built = self._single(owner, self._config_call)
        if type(built) is not cst.Call:
            return None
        attr = node.attr.value
        parsed = argparse_default(self._parsed, built, attr, evaluate, self._single)
        if parsed is not None:
            return parsed
        names = set(self._parsed.qualified_names(built.func))
        if names & _NAMESPACES:
            given = {a.keyword.value: a.value for a in built.args if a.keyword is not None}
            if attr in given and not any(a.star for a in built.args):
                return self._from(given[attr], f"{owner.value}.{attr}", evaluate)
            return Unknown.quoting("`{}` is not set here", self._parsed.code, node)
        return self._instance_attribute(node, built, evaluate)

    # where a config is built ----------------------------------------------------------------

    def _single(self, name: cst.Name, may_be: Callable[[cst.BaseExpression], bool] | None = None
                ) -> cst.BaseExpression | None:
        """The one value a name is bound to in this file, if it is never changed. With
        `may_be`, None also when that value is not one it accepts: asked first, so that the
        module's index (what the file changes, read on the first question) is read only for
        a value that may be a config (most reads in model code end before it)."""
        bound = self._evaluator.bindings(name)
        if bound is None or len(bound) != 1:
            return None
        if may_be is not None:
            if not may_be(bound[0]):  # accepts expressions only
                return None
        elif not isinstance(bound[0], cst.BaseExpression):
            return None
        if name.value in self._changed_names():
            return None
        return bound[0]

    def _config_call(self, built: cst.BaseExpression) -> bool:
        """Whether `attribute` may read a config from `built`: `parse_args()` on a name, a
        namespace, or an instance of a class of this file; by the same tests `attribute`
        makes (libcst's node classes are final)."""
        if type(built) is not cst.Call:
            return False
        func = built.func
        if type(func) is cst.Attribute and func.attr.value == "parse_args" and type(func.value) is cst.Name:
            return True
        if not _NAMESPACES.isdisjoint(self._parsed.qualified_names(func)):
            return True
        if type(func) is not cst.Name:
            return False
        bound = self._evaluator.bindings(func)
        return bound is not None and len(bound) == 1 and type(bound[0]) is cst.ClassDef

    def _dict_entries(self, built: cst.BaseExpression) -> dict[str, cst.BaseExpression] | Unknown | None:
        # Exact classes (libcst's are final): a failed `isinstance` against one is a call of
        # ABCMeta.__instancecheck__, and most values asked about are neither.
        kind = type(built)
        if kind is cst.Dict:
            entries: dict[str, cst.BaseExpression] = {}
            for element in built.elements:
                if not isinstance(element, cst.DictElement) or not isinstance(element.key, cst.SimpleString):
                    return Unknown("a dict built with `**` or computed keys")
                key = element.key.evaluated_value
                if isinstance(key, str):
                    entries[key] = element.value
            return entries
        if kind is cst.Call and "builtins.dict" in self._parsed.qualified_names(built.func):  # type: ignore[attr-defined]
            if any(a.keyword is None for a in built.args):
                return Unknown("a dict built from something that is not static")
            return {a.keyword.value: a.value for a in built.args if a.keyword is not None}
        return None

    def _instance_attribute(self, node: cst.Attribute, built: cst.Call, evaluate: Evaluate) -> Value | None:
        """`config.dropout` where `config = Config(...)` and `Config` is a class of this file."""
        cls = built.func
        bound = self._evaluator.bindings(cls) if isinstance(cls, cst.Name) else None
        if bound is None or len(bound) != 1 or not isinstance(bound[0], cst.ClassDef):
            return None
        class_node = bound[0]
        attr = node.attr.value
        dataclass = any("dataclass" in self._parsed.code(d.decorator) for d in class_node.decorators)
        given = {a.keyword.value: a.value for a in built.args if a.keyword is not None}
        if any(a.star or a.keyword is None for a in built.args):
            return Unknown.quoting("`{}` passes arguments noiselint does not map", self._parsed.code, built)
        if attr in given:
            return self._from(given[attr], self._parsed.code(node), evaluate) if dataclass \
                else Unknown(f"`{attr}` is passed to `{class_node.name.value}`")
        if given and not dataclass:
            return Unknown(f"`{class_node.name.value}(...)` may set `{attr}`")
        # A class attribute (a dataclass field default), which `__init__` may also set.
        if not _class_constant(class_node, attr):
            return None
        value = self._evaluator.class_attribute(class_node, attr)
        row = partial(self._parsed.row, node)
        return with_origin(value, Origin(self._parsed.code(node), row, "config entry"))

    def _from(self, value: cst.BaseExpression, name: str, evaluate: Evaluate) -> Value:
        row = partial(self._parsed.row, value)
        return with_origin(evaluate(value), Origin(name, row, "config entry"))

    # what the file does to its configs ---------------------------------------------------------

    def _changed_names(self) -> set[str]:
        index = self._evaluator.module_index()
        return index.changed if index.complete else _EVERYTHING


def _class_constant(class_node: cst.ClassDef, attr: str) -> bool:
    for statement in class_node.body.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.AnnAssign) and small.value is not None and \
                        isinstance(small.target, cst.Name) and small.target.value == attr:
                    return True
                if isinstance(small, cst.Assign) and any(
                        isinstance(t.target, cst.Name) and t.target.value == attr for t in small.targets):
                    return True
    return False


def argparse_default(parsed: ParsedModule, built: cst.Call, attr: str, evaluate: Evaluate,
                     single: Callable[[cst.Name], cst.BaseExpression | None]) -> Value | None:
    """`args.hidden` where `args = parser.parse_args()`: the default of `--hidden`, marked
    as a command-line default; None when `built` is not `parse_args`."""
    func = built.func
    if not (isinstance(func, cst.Attribute) and func.attr.value == "parse_args" and isinstance(func.value, cst.Name)):
        return None
    parser = func.value
    made = single(parser)
    if not isinstance(made, cst.Call) or not any(q.endswith("ArgumentParser")
                                                 for q in parsed.qualified_names(made.func)):
        return None
    options, set_defaults = _options(parsed, parser.value)
    found = options.get(attr, [])
    if len(found) != 1 or set_defaults:
        return Unknown(f"`--{attr}` is not one option with a default noiselint can read")
    option = found[0]
    keywords = {a.keyword.value: a.value for a in option.args if a.keyword is not None}
    if "default" not in keywords:
        action = keywords.get("action")
        if isinstance(action, cst.SimpleString) and action.evaluated_value == "store_true":
            value: Value = Const(False)
        else:
            return Unknown(f"`--{attr}` has no default")
    else:
        value = evaluate(keywords["default"])
    if isinstance(value, Const) and isinstance(value.value, str) and "type" in keywords:
        return Unknown(f"the default of `--{attr}` is converted by `type`")
    row = partial(parsed.row, option)
    return with_origin(value, Origin(_flag(option) or f"--{attr.replace('_', '-')}", row, COMMAND_LINE))


def _flag(call: cst.Call) -> str | None:
    """The option as the file spells it (`--batch_size`, `--rate` with `dest="drop"`): the
    flag a user types, which the attribute's name need not be."""
    strings = [a.value.evaluated_value for a in call.args
               if a.keyword is None and isinstance(a.value, cst.SimpleString)]
    flags = [s for s in strings if isinstance(s, str) and s.startswith("-")]
    return next((f for f in flags if f.startswith("--")), flags[0] if flags else None)


def _options(parsed: ParsedModule, parser: str) -> tuple[dict[str, list[cst.Call]], bool]:
    """The `parser.add_argument(...)` calls by destination, and whether the file calls
    `parser.set_defaults`; found once per parser (asked per `args.x` lookup)."""
    memo: dict[str, tuple[dict[str, list[cst.Call]], bool]] = \
        parsed.memo.setdefault("argparse_options", {})  # type: ignore[assignment]
    if parser not in memo:
        options: dict[str, list[cst.Call]] = {}
        set_defaults = False
        for call in _calls_on(parsed, parser):
            method = call.func.attr.value  # type: ignore[attr-defined]
            if method == "set_defaults":
                set_defaults = True
            elif method == "add_argument":
                dest = _dest(call)
                if dest is not None:
                    options.setdefault(dest, []).append(call)
        memo[parser] = (options, set_defaults)
    return memo[parser]


def _calls_on(parsed: ParsedModule, name: str) -> list[cst.Call]:
    """Every `name.method(...)` call of the module. Indexed once per module (by receiver
    name, from the scope walk's list of calls): each `args.x` lookup walked the whole
    module again, quadratic in an argparse-heavy script."""
    index = parsed.memo.get("calls_on")
    if index is None:
        by_receiver: dict[str, list[cst.Call]] = {}
        for call in parsed.names.calls:
            func = call.func
            if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
                by_receiver.setdefault(func.value.value, []).append(call)
        index = parsed.memo["calls_on"] = by_receiver
    return index.get(name, [])  # type: ignore[union-attr, no-any-return]


def _dest(call: cst.Call) -> str | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "dest" and isinstance(arg.value, cst.SimpleString):
            dest = arg.value.evaluated_value
            return dest if isinstance(dest, str) else None
    options = [a.value.evaluated_value for a in call.args
               if a.keyword is None and isinstance(a.value, cst.SimpleString)]
    strings = [o for o in options if isinstance(o, str)]
    long = next((o for o in strings if o.startswith("--")), None)
    if long is not None:
        return long[2:].replace("-", "_")
    short = next((o for o in strings if o.startswith("-")), None)
    if short is not None:
        return short[1:].replace("-", "_")
    return strings[0] if strings else None
