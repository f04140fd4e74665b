"""Whether a module is TensorFlow 1 code: it uses, through `tensorflow` itself (not
`tensorflow.compat.v1`), names that exist only in TF 1.x (`tf.placeholder`, `tf.Session`,
`tf.contrib`, `tf.variable_scope`, ...). Such a file cannot run under TF 2, so its
`tf.nn.dropout` is TF 1's, whose second parameter is `keep_prob` (keras-facts §2), and
judging it as TF 2's `rate` would be a false claim."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from noiselint.syntax.parse import ParsedModule


# Top-level TF 1.x names that TF 2 removed (they live on only under `tf.compat.v1`).
_TF1_ONLY = frozenset({
    "placeholder", "placeholder_with_default", "Session", "InteractiveSession", "variable_scope",
    "get_variable", "get_variable_scope", "global_variables_initializer", "local_variables_initializer",
    "variables_initializer", "trainable_variables", "global_variables", "reset_default_graph",
    "get_default_graph", "set_random_seed", "ConfigProto", "random_normal", "random_uniform",
    "truncated_normal", "to_float", "to_int32", "to_int64", "log", "div", "assign", "sparse_placeholder",
    "contrib", "gfile", "logging", "flags", "app", "layers", "saved_model_builder",
})
_TF1_MEMBERS = frozenset({"tensorflow.train.AdamOptimizer", "tensorflow.train.GradientDescentOptimizer",
                          "tensorflow.train.MomentumOptimizer", "tensorflow.train.RMSPropOptimizer",
                          "tensorflow.train.Saver", "tensorflow.train.AdagradOptimizer",
                          "tensorflow.summary.FileWriter", "tensorflow.nn.rnn_cell"})
# Every attribute name that can mark TF 1 code (syntax/reduce.py keeps the statements using one).
TF1_ONLY, TF1_MEMBERS = _TF1_ONLY, _TF1_MEMBERS


def is_tf1_module(parsed: ParsedModule) -> bool:
    tail_names = {m.rsplit(".", 1)[-1] for m in _TF1_MEMBERS}
    for node in parsed.names.attributes:
        name = node.attr.value
        if name in _TF1_ONLY or name in tail_names:
            for qualified in parsed.qualified_names(node):
                if qualified in _TF1_MEMBERS or (qualified == f"tensorflow.{name}" and name in _TF1_ONLY):
                    return True
    return False
