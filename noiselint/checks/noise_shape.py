"""Helpers the noise_shape rules share: reading the evaluated shape and editing one of its
elements at the call site (never at the constant it came from, which other code may use)."""

from __future__ import annotations

from noiselint.diagnostics import Applicability, Fix
from noiselint.syntax import nodes as cst
from noiselint.syntax.full_names import full_name
from noiselint.syntax.parse import ParsedModule
from noiselint.values.configs import facts_only
from noiselint.values.kinds import Seq, TensorDim, Value
from noiselint.values.shape_ops import SHAPE_OPS

from .base import SiteContext


def noise_shape_value(ctx: SiteContext, defaults: bool = False) -> tuple[cst.BaseExpression, Value] | None:
    """The noise_shape argument and its value; a command-line default in it is unknown
    unless `defaults` (a claim that names the default it rests on, values/configs.py)."""
    node = ctx.site.arg("noise_shape")
    if node is None:
        return None
    value = ctx.evaluator.evaluate(node)
    return node, value if defaults else facts_only(value)


def literal_element(node: cst.BaseExpression, index: int) -> cst.BaseExpression | None:
    """The expression of element `index` when `node` is a tuple/list written at the site."""
    if not isinstance(node, (cst.Tuple, cst.List)):
        return None
    elements = node.elements
    if any(isinstance(e, cst.StarredElement) for e in elements[: index + 1]):
        return None
    return elements[index].value if index < len(elements) else None


def element_at_fault(node: cst.BaseExpression, index: int) -> cst.BaseExpression:
    """What a finding about element `index` points at: the element when the noise_shape is
    written at the site, else the whole expression (`NOISE`), which is what a fix edits."""
    return literal_element(node, index) or node


def replace_element(ctx: SiteContext, node: cst.BaseExpression, value: Seq, index: int,
                    content: str, applicability: Applicability = Applicability.SAFE) -> Fix | None:
    """Fix element `index` of the noise_shape written as `node` to `content`, titled with
    the source text it replaces (`Replace `BATCH_SIZE` with `None``), as the user wrote it.

    A literal gets its element replaced; a name or other expression that evaluates to a
    sequence is rewritten at the use site as `(…, *NAME[i+1:])`, keeping the constant.
    """
    element = literal_element(node, index)
    if element is not None:
        return ctx.replace(element, content, f"Replace `{ctx.snippet(element)}` with `{content}`", applicability)
    if index != 0 or not value.items or is_tensor_value(ctx, node, value):
        return None
    inner = ctx.code(node)
    if not isinstance(node, (cst.Name, cst.Attribute, cst.Subscript, cst.Call)):
        inner = f"({inner})"
    new = f"({content}, *{inner}[1:])"
    return ctx.replace(node, new, f"Replace `{ctx.snippet(node)}` with `{new}`", applicability)


def is_tensor_value(ctx: SiteContext, node: cst.BaseExpression, value: Seq) -> bool:
    """Whether the noise_shape is a TF tensor (`tf.concat(...)`, `tf.shape(x)[1:]`), whose
    entries values/shape_ops.py counted: graph code cannot unpack it (`*t[1:]`), so no fix
    may rewrite it as a tuple."""
    if any(isinstance(i, TensorDim) for i in value.items):
        return True
    return isinstance(node, cst.Call) and bool(set(ctx.parsed.qualified_names(node.func)) & SHAPE_OPS)


def module_alias(parsed: ParsedModule, module: str) -> str | None:
    """The name `module` is imported as at the top level (`import tensorflow as tf` -> tf).
    TF 1 code's `import tensorflow.compat.v1 as tf` counts as `tensorflow`: the functions
    a fix names (`tf.shape`) are the same there."""
    names = (module, f"{module}.compat.v1", f"{module}.compat.v2") if module == "tensorflow" else (module,)
    for statement in parsed.module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if not isinstance(small, cst.Import):
                continue
            for alias in small.names:
                # The dotted name, not its code: the same on either tree (a quick tree's
                # code of an import's name is the whole `tensorflow as tf`).
                dotted = full_name(alias.name)
                if dotted in names:
                    if alias.asname is None:
                        return dotted
                    asname = alias.asname.name
                    return asname.value if isinstance(asname, cst.Name) else None
    return None


def describe_dim(value: Value) -> str:
    origin = getattr(value, "origin", None)
    return f" (from {origin.describe()})" if origin is not None else ""
