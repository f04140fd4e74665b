"""Batch sizes that are names (NL001): `noise_shape=(batch_size, 1, 64)` fails in training
on any other batch size whatever `batch_size` holds, as long as it is a number fixed when
the model is built, which is what a configured batch size is.

A name counts only if its words say batch size (`batch_size`, `BATCH_SIZE`, `batchSize`,
`bs`, `n_batch`, `cfg["batch_size"]`, `args.batch_size`, `self.batch_size`), never
`num_batches`, `batch_norm` or `batch_idx`; and only if nothing in the file shows it is
the run-time batch instead (`batch_size = tf.shape(x)[0]`, `x.shape[0]`, a placeholder).
"""

from __future__ import annotations

import itertools
import re

from noiselint.syntax import nodes as cst
from noiselint.syntax.parse import ParsedModule
from noiselint.values.evaluate import Evaluator
from noiselint.values.kinds import Const, TensorDim

# Patterns compiled by `re` (its cache) when a mask holds a name (~2 M instructions for the three).
_WORDS = r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+"
_SIZE = frozenset({"size", "sz"})
_BATCH = frozenset({"batch", "minibatch"})
_WHOLE = frozenset({("bs",), ("bsz",), ("batch",), ("n", "batch"), ("nbatch",), ("batchsize",), ("minibatchsize",)})
# Code that reads a size off a tensor: a name bound to it holds the run-time batch.
_RUNTIME = r"shape|\bsize\s*\(|\blen\s*\(|placeholder|\bdim\b|\bnumel\b"
# Arguments that fix the model's batch size, so a batch-size name in the mask is consistent.
_WEIGHTS = r"\b(Variable|get_variable|add_weight)\s*\("
_FIXING_KEYWORDS = frozenset({"batch_shape", "batch_input_shape"})
_MAX_HOPS = 4


def batch_size_words(identifier: str) -> bool:
    """Whether an identifier names a batch size (its words, split at `_` and case)."""
    words = tuple(w.lower() for part in identifier.split("_") for w in re.findall(_WORDS, part))
    if words in _WHOLE:
        return True
    if any(w in ("batchsize", "minibatchsize") for w in words):
        return True
    return any(a in _BATCH and b in _SIZE for a, b in itertools.pairwise(words))  # mini_batch_size too


def batch_name(node: cst.BaseExpression) -> str | None:
    """The batch-size name `node` reads (`batch_size`, `args.batch_size`,
    `cfg["batch_size"]`, `int(FLAGS.batch_size)`), or None."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "int" \
            and len(node.args) == 1:
        return batch_name(node.args[0].value)
    if isinstance(node, cst.Name):
        identifier = node.value
    elif isinstance(node, cst.Attribute):
        identifier = node.attr.value
    elif isinstance(node, cst.Subscript) and len(node.slice) == 1 \
            and isinstance(node.slice[0].slice, cst.Index) \
            and isinstance(node.slice[0].slice.value, cst.SimpleString):
        key = node.slice[0].slice.value.evaluated_value
        identifier = key if isinstance(key, str) else ""
    elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get" \
            and node.args and isinstance(node.args[0].value, cst.SimpleString):
        key = node.args[0].value.evaluated_value  # `cfg.get("batch_size", 32)`
        identifier = key if isinstance(key, str) else ""
    else:
        return None
    return identifier if batch_size_words(identifier) else None


def is_runtime_batch(parsed: ParsedModule, evaluator: Evaluator, node: cst.BaseExpression,
                     hops: int = 0) -> bool:
    """Whether the file shows `node` may hold the run-time batch (a tensor or a size read
    off one) rather than a configured number; unsure counts as yes."""
    if hops > _MAX_HOPS:
        return True
    if re.search(_RUNTIME, parsed.code(node)):
        return True
    value = evaluator.evaluate(node)
    if isinstance(value, (Const, TensorDim)):
        return isinstance(value, TensorDim) or not isinstance(value.value, int)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "int":
        return any(is_runtime_batch(parsed, evaluator, a.value, hops + 1) for a in node.args)
    if isinstance(node, (cst.Attribute, cst.Subscript, cst.Call)) and not _is_self(node):
        return False  # a config read: `args.batch_size`, `cfg["batch_size"]`, `FLAGS.bs`
    if not isinstance(node, (cst.Name, cst.Attribute)):
        return True
    bound = evaluator.bindings(node)
    if bound is None:
        return isinstance(node, cst.Attribute)  # an unbound global is a configured constant
    for binding in bound:
        if isinstance(binding, cst.Param):
            if binding.default is not None and is_runtime_batch(parsed, evaluator, binding.default, hops + 1):
                return True
            if any(is_runtime_batch(parsed, evaluator, arg, hops + 1) for arg in _passed(parsed, binding)):
                return True
            continue
        if isinstance(binding, (cst.Import, cst.ImportFrom, cst.ImportAlias)):
            continue
        if isinstance(binding, cst.BaseExpression):
            if is_runtime_batch(parsed, evaluator, binding, hops + 1):
                return True
            continue
        return True  # a loop variable, a `with` target: not a configured number
    return False


def holds_weights(parsed: ParsedModule, evaluator: Evaluator, node: cst.BaseExpression | None) -> bool:
    """Whether `node` is bound in the file to a variable (`tf.Variable`, `get_variable`,
    `add_weight`): a dropout on it has no batch axis, its axis 0 is e.g. the vocabulary."""
    if not isinstance(node, (cst.Name, cst.Attribute)):
        return False
    bound = evaluator.bindings(node) or ()
    return any(isinstance(b, cst.BaseExpression) and re.search(_WEIGHTS, parsed.code(b)) for b in bound)


def model_fixes_batch(parsed: ParsedModule) -> bool:
    """Whether the file builds a model with a fixed batch (`Input(batch_size=...)`,
    `batch_shape=`, `batch_input_shape=`, stateful RNNs, which need one). Asked per
    site, answered once per module."""
    found = parsed.memo.get("model_fixes_batch")
    if found is None:
        found = parsed.memo["model_fixes_batch"] = _fixes_batch(parsed)
    return bool(found)


def _fixes_batch(parsed: ParsedModule) -> bool:
    for call in parsed.names.calls:  # every call, found once per module
        func = call.func
        name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) \
            else ""
        for arg in call.args:
            keyword = arg.keyword.value if arg.keyword is not None else None
            if keyword in _FIXING_KEYWORDS:
                return True
            if keyword == "batch_size" and name in ("Input", "InputLayer"):
                return True
            if keyword == "stateful" and not (isinstance(arg.value, cst.Name) and arg.value.value == "False"):
                return True
    return False


def _passed(parsed: ParsedModule, param: cst.Param) -> list[cst.BaseExpression]:
    """What the calls in this file pass for `param` of the function that declares it."""
    scope = parsed.scopes.get(param.name)
    func = getattr(scope, "node", None)
    if not isinstance(func, cst.FunctionDef):
        return []
    ordered = [*func.params.posonly_params, *func.params.params]
    index = next((i for i, p in enumerate(ordered) if p is param), None)
    method = bool(ordered) and ordered[0].name.value in ("self", "cls")
    owner = getattr(parsed.scopes.get(func), "node", None)
    wanted = owner.name.value if func.name.value == "__init__" and isinstance(owner, cst.ClassDef) \
        else func.name.value
    passed: list[cst.BaseExpression] = []
    for call in _calls_named(parsed).get(wanted, ()):
        callee = call.func
        positional = [a.value for a in call.args if a.keyword is None and not a.star]
        shift = 1 if method and (isinstance(callee, cst.Attribute) or func.name.value == "__init__") else 0
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == param.name.value:
                passed.append(arg.value)
        if index is not None and 0 <= index - shift < len(positional):
            passed.append(positional[index - shift])
    return passed


def _is_self(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self"


def _calls_named(parsed: ParsedModule) -> dict[str, list[cst.Call]]:
    """The module's calls by the callee's last name (`f(...)`, `obj.f(...)`), indexed once:
    `_passed` is asked per parameter, and a walk per question was quadratic."""
    index = parsed.memo.get("calls_named")
    if index is None:
        named: dict[str, list[cst.Call]] = {}
        for call in parsed.names.calls:
            callee = call.func
            name = callee.value if isinstance(callee, cst.Name) else \
                callee.attr.value if isinstance(callee, cst.Attribute) else None
            if name is not None:
                named.setdefault(name, []).append(call)
        index = parsed.memo["calls_named"] = named
    return index  # type: ignore[return-value]
