"""Sites: every call of a dropout API in a parsed module, found by qualified name, with its
arguments bound to the API's parameters; and every `._keras_shape` access (NL007)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from noiselint.apis.dropout import API_TAILS, TF1_NN_DROPOUT, Api, api_for
from noiselint.apis.tf1 import is_tf1_module
from noiselint.syntax import nodes as cst
from noiselint.syntax.parse import ParsedModule


@dataclass(frozen=True)
class Site:
    """One dropout call of the module and what binds its arguments."""

    call: cst.Call
    api: Api
    qualified_name: str
    args: Mapping[str, cst.Arg]  # parameter name -> the argument that binds it
    unknown_keywords: tuple[cst.Arg, ...]  # keywords the signature does not have
    has_star_args: bool  # `*a` / `**kw`: which parameters are bound is not known
    # The tensor the dropout applies to: the function's input argument, or `x` in
    # `Dropout(...)(x)`. None when it is bound later (`d = Dropout(...)`; `d(x)`).
    input: cst.BaseExpression | None
    # The whole expression `Dropout(...)(x)` when the layer is applied in place.
    application: cst.Call | None = None

    def arg(self, param: str) -> cst.BaseExpression | None:
        bound = self.args.get(param)
        return bound.value if bound is not None else None


@dataclass(frozen=True)
class Sites:
    """The dropout calls and `._keras_shape` reads of one module."""

    calls: tuple[Site, ...] = ()
    keras_shape_attributes: tuple[cst.Attribute, ...] = field(default=())


def find_sites(parsed: ParsedModule) -> Sites:
    found = parsed.names  # the module's one walk (syntax/scopes.py) lists its calls
    sites = []
    tf1: bool | None = None  # whether the module is TF 1 code, decided once when it matters
    for call in found.calls:
        qualified = _dropout_name(parsed, call)
        if qualified is None:
            continue
        api = api_for(qualified)
        if api is None:
            continue
        if qualified == "tensorflow.nn.dropout":
            tf1 = is_tf1_module(parsed) if tf1 is None else tf1
            api = TF1_NN_DROPOUT if tf1 else api
        sites.append(_bind(call, api, qualified, found.applied_by.get(call)))
    return Sites(tuple(sites), tuple(found.keras_shape_reads))


def _dropout_name(parsed: ParsedModule, call: cst.Call) -> str | None:
    func = call.func
    kind = type(func)
    if kind is cst.Attribute:
        if func.attr.value not in API_TAILS and not _may_rename(parsed, func):  # type: ignore[attr-defined]
            return None
    elif kind is cst.Name:
        if func.value not in API_TAILS and not _may_rename(parsed, func):  # type: ignore[attr-defined]
            return None
    else:
        return None
    for name in sorted(parsed.qualified_names(func)):
        if api_for(name) is not None:
            return name
    return None


def _may_rename(parsed: ParsedModule, func: cst.Name | cst.Attribute) -> bool:
    """Whether the qualified names of `func`, written with a last part no dropout API has,
    may still name one, or may ask the project index (which records what it was asked:
    the results cache's key and `--verbose`'s notes). Only through a name bound by an
    import or an alias (`D = Dropout`; `from keras.layers import Dropout as Drop`), or an
    unbound name a star import may bring: any other binding, or a builtin, keeps the
    written last part (syntax/names.py). Most calls are `x.reshape(...)`, `print(...)`,
    and the resolution was a third of the sites' time for nothing."""
    # The first part of the name, as libcst's `get_full_name_for_node` finds it: through
    # calls and subscripts (`f().g` is `f.g`), else `None` (a builtin no code can bind).
    root: cst.BaseExpression = func
    while True:
        kind = type(root)
        if kind is cst.Attribute or kind is cst.Subscript:
            root = root.value  # type: ignore[attr-defined]
        elif kind is cst.Call:
            root = root.func  # type: ignore[attr-defined]
        else:
            break
    first = root.value if kind is cst.Name else "None"  # type: ignore[attr-defined]
    found = parsed.names
    return first in found.aliases or (found.star_import and parsed.project is not None)


def _bind(call: cst.Call, api: Api, qualified: str, application: cst.Call | None) -> Site:
    args: dict[str, cst.Arg] = {}
    unknown: list[cst.Arg] = []
    star = False
    position = 0
    for arg in call.args:
        if arg.star:
            star = True
        elif arg.keyword is None:
            if position < len(api.params):
                args[api.params[position]] = arg
            position += 1
        elif arg.keyword.value in api.params or (api.is_layer and arg.keyword.value in
                                                 ("name", "dtype", "trainable") and
                                                 api.accepts_kwargs):
            args[arg.keyword.value] = arg
        else:
            unknown.append(arg)
    if api.is_layer:
        tensor = application.args[0].value if application and application.args else None
    else:
        tensor = args[api.input_param].value if api.input_param in args else None
    return Site(call, api, qualified, args, tuple(unknown), star, tensor, application)
