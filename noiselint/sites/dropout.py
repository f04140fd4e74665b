"""Sites: every call of a dropout API in a parsed module, found by qualified name, with its
arguments bound to the API's parameters; and every `._keras_shape` access (NL007)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import libcst as cst

from noiselint.apis.dropout import TF1_NN_DROPOUT, Api, api_for
from noiselint.apis.tf1 import is_tf1_module
from noiselint.syntax.parse import ParsedModule


@dataclass(frozen=True)
class Site:
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
    if not isinstance(func, (cst.Name, cst.Attribute)):
        return None
    for name in sorted(parsed.qualified_names(func)):
        if api_for(name) is not None:
            return name
    return None


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
