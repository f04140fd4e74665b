"""The graph builder: each construct of model code it follows, with the exact shapes Keras
gives (real libcst parse, real `compute_output_shape`), and what it must leave unknown."""

from __future__ import annotations

import textwrap

import networkx as nx
import pytest
from snippets import STACKOVERFLOW

from noiselint.files.source import SourceFile
from noiselint.model.build import build_graph, infer_facts, with_rows
from noiselint.model.graph import CallNode, TensorNode
from noiselint.model.interpreter import MAX_STEPS, Unmodelled
from noiselint.shapes.facts import LayerFact, ShapeFacts
from noiselint.shapes.oracle import KerasShapes
from noiselint.sites.dropout import find_sites
from noiselint.syntax import nodes
from noiselint.syntax.parse import ParsedModule, parse_source
from noiselint.values.evaluate import Evaluator

ORACLE = KerasShapes(None)  # no cache: every shape below is Keras's own answer


def parse(text: str) -> ParsedModule:
    parsed = parse_source(SourceFile("model.py", textwrap.dedent(text).lstrip("\n")))
    assert isinstance(parsed, ParsedModule)
    return parsed


def facts_of(text: str) -> tuple[ParsedModule, ShapeFacts]:
    parsed = parse(text)
    return parsed, with_rows(parsed, infer_facts(parsed, Evaluator(parsed), find_sites(parsed), ORACLE, strict=True))


def site_shapes(text: str) -> dict[str, tuple[int | None, ...]]:
    """Each dropout site's input shape, keyed by the site's code."""
    parsed, facts = facts_of(text)
    return {" ".join(parsed.code(call).split()): shape for call, shape in facts.input_shapes.items()}


def only_site(text: str) -> tuple[int | None, ...] | None:
    parsed, facts = facts_of(text)
    sites = find_sites(parsed).calls
    assert len(sites) == 1, sites
    return facts.input_shapes.get(sites[0].call)


def layers(text: str, model: int = 0) -> list[tuple[str, tuple[int | None, ...] | None]]:
    _, facts = facts_of(text)
    return [(layer.layer, layer.output_shape) for layer in facts.models[model].layers]




# the functional API ------------------------------------------------------------------


def test_functional_model_has_keras_shapes_in_order() -> None:
    _, facts = facts_of(STACKOVERFLOW)
    (model,) = facts.models
    assert (model.name, model.kind, model.row) == ("model", "functional", 10)
    assert [(f.name, f.layer, f.output_shape) for f in model.layers] == [
        ("inp", "InputLayer", (None, 1, 100, 2)),
        ("conv1", "Conv2D", (None, 64, 90, 1)),
        ("max1", "MaxPooling2D", (None, 32, 90, 1)),  # channels_last pooling: the wrong axes
        ("drop1", "Dropout", (None, 32, 90, 1)),
        ("flat", "Flatten", (None, 2880)),
        ("out", "Dense", (None, 5)),
    ]
    assert list(facts.input_shapes.values()) == [(None, 32, 90, 1)]


def test_the_graph_is_a_digraph_of_tensors_and_calls() -> None:
    parsed = parse(STACKOVERFLOW)
    graph, notes = build_graph(parsed, Evaluator(parsed), find_sites(parsed), ORACLE, strict=True)
    g = graph.graph
    assert isinstance(g, nx.DiGraph) and nx.is_directed_acyclic_graph(g) and notes == ()
    calls = [n for n in g if isinstance(g.nodes[n]["data"], CallNode)]
    tensors = [n for n in g if isinstance(g.nodes[n]["data"], TensorNode)]
    assert len(calls) == 6 and len(tensors) == 6
    for call in calls:  # edges only ever join a tensor and a call
        assert all(isinstance(g.nodes[t]["data"], TensorNode) for t in g.predecessors(call))
        assert all(isinstance(g.nodes[t]["data"], TensorNode) for t in g.successors(call))
    order = [g.nodes[n]["data"].fact.layer for n in nx.topological_sort(g) if n in calls]
    assert order == ["InputLayer", "Conv2D", "MaxPooling2D", "Dropout", "Flatten", "Dense"]


def test_layer_object_applied_later_and_shared() -> None:
    shapes = site_shapes("""
        import keras
        from keras import layers
        drop = layers.Dropout(0.2, noise_shape=(None, 1, 8))
        a = drop(keras.Input((10, 8)))
        b = drop(keras.Input((12, 8)))
        """)
    assert shapes == {"layers.Dropout(0.2, noise_shape=(None, 1, 8))": (None, None, 8)}  # what both agree on


def test_input_variants() -> None:
    assert only_site("import keras\nx = keras.layers.Dropout(0.1)(keras.Input(batch_shape=(16, 5)))\n") == (16, 5)
    assert only_site("import keras\nx = keras.layers.Dropout(0.1)(keras.Input((5,), batch_size=4))\n") == (4, 5)
    assert only_site("import tensorflow as tf\nx = tf.keras.layers.Dropout(0.1)(tf.keras.Input(shape=(None, 3)))\n") \
        == (None, None, 3)
    assert only_site("import keras\nx = keras.layers.Dropout(0.1)(keras.Input(shape=S))\n") is None


# Sequential ------------------------------------------------------------------------------


@pytest.mark.parametrize(("first", "shape"), [
    ("keras.Input(shape=(16,)), layers.Dense(8)", (None, 8)),
    ("layers.Dense(8, input_shape=(16,))", (None, 8)),
    ("layers.Dense(8, input_dim=16)", (None, 8)),
    ("layers.Dense(8, batch_input_shape=(32, 16))", (32, 8)),
    ("layers.InputLayer(input_shape=(16,)), layers.Dense(8)", (None, 8)),
    ("layers.Embedding(1000, 8, input_length=16), layers.Flatten()", (None, 128)),
])
def test_sequential_input_declarations(first: str, shape: tuple[int | None, ...]) -> None:
    assert only_site(f"""
        import keras
        from keras import layers
        model = keras.Sequential([{first}, layers.Dropout(0.5)])
        """) == shape


def test_sequential_add_build_and_names() -> None:
    _, facts = facts_of("""
        from tensorflow.keras import Sequential
        from tensorflow.keras.layers import Conv1D, Dropout, GlobalMaxPooling1D
        model = Sequential(name="tagger")
        model.add(Conv1D(32, 3, padding="same"))
        model.add(Dropout(0.2, noise_shape=(None, 1, 32)))
        model.add(GlobalMaxPooling1D())
        model.build((None, 50, 4))
        """)
    (model,) = facts.models
    assert (model.name, model.kind) == ("tagger", "sequential")
    assert [(f.layer, f.output_shape) for f in model.layers] == [
        ("InputLayer", (None, 50, 4)), ("Conv1D", (None, 50, 32)), ("Dropout", (None, 50, 32)),
        ("GlobalMaxPooling1D", (None, 32))]


def test_sequential_nested_as_a_layer() -> None:
    assert only_site("""
        import keras
        from keras import layers
        head = keras.Sequential([layers.Dense(4), layers.Dropout(0.1)])
        inputs = keras.Input((7, 3))
        out = head(inputs)
        """) == (None, 7, 4)


# builder functions, loops, branches ---------------------------------------------------------


BUILDER = """
    import keras
    from keras import layers

    def block(x, filters, pool=True):
        x = layers.Conv2D(filters, 3, padding="same")(x)
        if pool:
            x = layers.MaxPooling2D()(x)
        return x

    def build(input_shape=(32, 32, 3)):
        inputs = keras.Input(input_shape)
        x = inputs
        for filters in [16, 32, 64]:
            x = block(x, filters)
        x = block(x, 128, pool=False)
        x = layers.Dropout(0.3, noise_shape=(None, 1, 1, 128))(x)
        return keras.Model(inputs, x)

    model = build()
    """


def test_builders_with_literal_arguments_defaults_and_loops() -> None:
    assert only_site(BUILDER) == (None, 4, 4, 128)
    assert [shape for name, shape in layers(BUILDER) if name == "MaxPooling2D"] == [
        (None, 16, 16, 16), (None, 8, 8, 32), (None, 4, 4, 64)]


def test_builder_called_with_another_argument() -> None:
    assert only_site(BUILDER.replace("model = build()", "model = build((64, 64, 3))")) == (None, 8, 8, 128)


def test_uncalled_builder_keeps_what_does_not_depend_on_its_parameters() -> None:
    text = BUILDER.replace("model = build()\n", "")
    assert only_site(text) == (None, None, None, 128)  # the input shape is a parameter: unknown
    assert only_site(text.replace("keras.Input(input_shape)", "keras.Input((32, 32, 3))")) == (None, 4, 4, 128)


def test_a_model_zoo_s_unbuilt_variants_are_run_within_a_budget() -> None:
    # ResNet18 built, ResNet34-152 only defined: each variant was run on unknown arguments, 15
    # times the module's own run (non-local-nets). What runs first still runs whole; past
    # SPECULATIVE_STEPS statements the rest is left unrun (a finding can only be lost).
    from noiselint.model.interpreter import SPECULATIVE_STEPS

    variants = "".join(f"def variant_{i}():\n    return build(200)\n\n" for i in range(10))
    parsed = parse(f"""
import keras
from keras import layers

def small(n):
    x = keras.Input((4,))
    return layers.Dropout(0.1)(layers.Dense(n)(x))

def build(blocks):
    x = inputs = keras.Input((8,))
    for _ in range(blocks):
        x = layers.Dense(8)(x)
    return keras.Model(inputs, x)

{variants}model = variant_0()
""")
    graph, notes = build_graph(parsed, Evaluator(parsed), find_sites(parsed), ORACLE, strict=True)
    assert notes == ()
    per_variant = 200 * 2  # statements: a loop pass is its line and the statement on it
    # The built one, `small`, then variants until the budget is spent: not all ten.
    assert 200 * 2 < graph.layers_applied < 200 * 10
    assert graph.layers_applied <= 200 * (2 + SPECULATIVE_STEPS // per_variant + 1)
    facts = with_rows(parsed, infer_facts(parsed, Evaluator(parsed), find_sites(parsed), ORACLE, strict=True))
    assert [f.input_shapes for f in facts.calls() if f.layer == "Dropout"] == [((None, None),)]  # `small` ran


def test_loop_forms_range_enumerate_zip_and_comprehension() -> None:
    shapes = site_shapes("""
        import keras
        from keras import layers
        UNITS = (64, 32)
        x = keras.Input((10,))
        for i in range(2):
            x = layers.Dense(8 * (i + 1))(x)
        a = layers.Dropout(0.1)(x)
        for i, units in enumerate(UNITS):
            x = layers.Dense(units + i)(x)
        b = layers.Dropout(0.2)(x)
        for units, act in zip([5, 6], ["relu", "tanh"]):
            x = layers.Dense(units, activation=act)(x)
        c = layers.Dropout(0.3)(x)
        model = keras.Sequential([keras.Input((3,)), *[layers.Dense(u) for u in [7, 9]], layers.Dropout(0.4)])
        """)
    assert list(shapes.values()) == [(None, 16), (None, 33), (None, 6), (None, 9)]


def test_a_loop_that_cannot_be_unrolled_makes_what_it_changes_unknown() -> None:
    shapes = site_shapes("""
        import keras
        from keras import layers
        x = keras.Input((10, 8))
        for _ in range(n_blocks):
            x = layers.Dropout(0.1)(x)
            x = layers.Conv1D(16, 3)(x)
        y = layers.Dropout(0.2)(x)
        """)
    assert shapes == {}  # the first iteration's input is not the others': not claimed


def test_a_list_filled_in_a_loop_of_unknown_length_has_unknown_length() -> None:
    """keras-io's `pretrained_word_embeddings.py`: class names appended in a loop over a
    directory listing; `len(class_names)` is not 0 (nor 1: one pass)."""
    assert only_site("""
        import os
        import keras
        from keras import layers
        class_names = []
        for dirname in sorted(os.listdir("news")):
            class_names.append(dirname)
        inputs = keras.Input((20, 16))
        x = layers.Dense(len(class_names) + 1)(inputs)
        x = layers.Dropout(0.5, noise_shape=(None, 1, 8))(x)
        """) == (None, 20, None)


def test_a_site_run_on_several_shapes_keeps_each() -> None:
    parsed, facts = facts_of("""
        import keras
        from keras import layers
        x = keras.Input((10, 16))
        for units in (64, 32, 64):
            x = layers.Dense(units)(x)
            x = layers.Dropout(0.1)(x)
        """)
    (site,) = find_sites(parsed).calls
    assert facts.input_shapes[site.call] == (None, 10, None)
    assert facts.path_shapes[site.call] == ((None, 10, 64), (None, 10, 32))


UNDECIDED_WIDTH = """
        import keras
        from keras import layers
        x = keras.Input((20, 8))
        if use_wide:
            x = layers.Dense(16)(x)
        else:
            x = layers.Dense(32)(x)
        x = layers.Dropout(0.2)(x)
        """


def test_undecided_branches_are_not_paths_of_their_own() -> None:
    _, facts = facts_of(UNDECIDED_WIDTH)
    assert facts.path_shapes == {}


def test_branch_that_cannot_be_decided_keeps_what_both_agree_on() -> None:
    assert only_site(UNDECIDED_WIDTH) == (None, 20, None)


def test_static_condition_takes_one_branch() -> None:
    assert only_site("""
        import keras
        from keras import layers
        WIDE = False
        x = keras.Input((20, 8))
        x = layers.Dense(16 if WIDE else 4)(x)
        if WIDE and x is not None:
            x = layers.Dense(64)(x)
        x = layers.Dropout(0.2)(x)
        """) == (None, 20, 4)


def test_objects_made_on_an_undecidable_path_are_certain_on_it() -> None:
    """`if __name__ == "__main__":` cannot be decided, but the model made inside it is that
    path's own: its `.add`s and attributes are certain."""
    assert only_site("""
        import keras
        from keras import layers

        class Head(keras.Model):
            def __init__(self):
                super().__init__()
                self.drop = layers.Dropout(0.1)

            def call(self, x):
                return self.drop(x)

        if __name__ == "__main__":
            model = keras.Sequential()
            model.add(keras.Input((6,)))
            model.add(layers.Dense(3))
            model.add(Head())
        """) == (None, 3)


def test_a_model_changed_on_an_undecidable_path_keeps_what_both_paths_agree_on() -> None:
    shapes = site_shapes("""
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input((6,)), layers.Dense(3)])
        if deep:
            model.add(layers.Dense(5))
        model.add(layers.Dropout(0.1))
        for _ in range(n):
            model.add(layers.Dense(7))
        model.add(layers.Dropout(0.2))
        """)
    assert shapes == {"layers.Dropout(0.1)": (None, None)}  # after an unknown loop: nothing


def test_list_of_branches_built_with_append() -> None:
    assert only_site("""
        import keras
        from keras import layers
        inputs = keras.Input((30, 8))
        branches = []
        for k in (3, 5):
            branches.append(layers.Conv1D(4, k, padding="same")(inputs))
        x = layers.concatenate(branches)
        x = layers.Dropout(0.1)(x)
        """) == (None, 30, 8)


# multi-input layers, wrappers, nested models ------------------------------------------------


@pytest.mark.parametrize(("merge", "shape"), [
    ("layers.Concatenate()([a, b])", (None, 10, 12)),
    ("layers.Concatenate(axis=1)([a, a])", (None, 20, 4)),
    ("layers.Add()([a, a])", (None, 10, 4)),
    ("layers.add([a, a])", (None, 10, 4)),
    ("layers.Multiply()([a, a])", (None, 10, 4)),
    ("layers.Dot(axes=(2, 2))([a, a])", (None, 10, 10)),
    ("a + a", (None, 10, 4)),
    ("a * 0.5", (None, 10, 4)),
    ("layers.MultiHeadAttention(num_heads=2, key_dim=4)(a, b)", (None, 10, 4)),
])
def test_multi_input_layers(merge: str, shape: tuple[int | None, ...]) -> None:
    assert only_site(f"""
        import keras
        from keras import layers
        a = keras.Input((10, 4))
        b = keras.Input((10, 8))
        x = layers.Dropout(0.1)({merge})
        """) == shape


def test_merge_of_mismatched_inputs_is_unknown_with_keras_reason() -> None:
    _, facts = facts_of("""
        import keras
        from keras import layers
        x = layers.Add()([keras.Input((10, 4)), keras.Input((12, 4))])
        x = layers.Dropout(0.1)(x)
        """)
    add = next(f for f in facts.models[0].layers if f.layer == "Add")
    assert add.output_shape is None  # the model does not build: nothing after it runs
    assert add.unknown_reason is not None and add.unknown_reason.startswith("Keras rejects it: ")
    assert "incompatible" in add.unknown_reason.lower()


@pytest.mark.parametrize(("wrapped", "shape"), [
    ("layers.TimeDistributed(layers.Dense(5))(x)", (None, 20, 5)),
    ("layers.TimeDistributed(layers.Conv2D(4, 3))(keras.Input((6, 9, 9, 3)))", (None, 6, 7, 7, 4)),
    ("layers.Bidirectional(layers.LSTM(16, return_sequences=True))(x)", (None, 20, 32)),
    ("layers.Bidirectional(layers.GRU(8, return_sequences=True), merge_mode='sum')(x)", (None, 20, 8)),
])
def test_wrappers(wrapped: str, shape: tuple[int | None, ...]) -> None:
    assert only_site(f"""
        import keras
        from keras import layers
        x = keras.Input((20, 8))
        y = layers.Dropout(0.1)({wrapped})
        """) == shape


def test_recurrent_layer_with_state_unpacks_its_outputs() -> None:
    shapes = site_shapes("""
        import keras
        from keras import layers
        seq, h, c = layers.LSTM(12, return_sequences=True, return_state=True)(keras.Input((9, 3)))
        a = layers.Dropout(0.1)(seq)
        b = layers.Dropout(0.2)(h)
        """)
    assert list(shapes.values()) == [(None, 9, 12), (None, 12)]


def test_functional_model_used_as_a_layer_is_replayed_on_the_new_input() -> None:
    assert only_site("""
        import keras
        from keras import layers
        inner_in = keras.Input((None, 8))
        inner = keras.Model(inner_in, layers.Dense(16)(layers.Conv1D(8, 3)(inner_in)))
        outer_in = keras.Input((40, 8))
        x = inner(outer_in)
        x = layers.Dropout(0.1, noise_shape=(None, 1, 16))(x)
        """) == (None, 38, 16)


# subclassed Model / Layer ------------------------------------------------------------------


SUBCLASSED = """
    import keras
    from keras import layers

    class Block(layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.dense = layers.Dense(units)
            self.drop = layers.Dropout(0.2, noise_shape=(None, 1, units))

        def call(self, x, training=None):
            return self.drop(self.dense(x), training=training)

    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.block = Block(24)
            self.head = layers.Dense(1)

        def call(self, inputs):
            return self.head(self.block(inputs))

    model = Net()
    model.build((None, 15, 6))
    """


def test_subclassed_model_built_with_a_shape() -> None:
    _, facts = facts_of(SUBCLASSED)
    assert list(facts.input_shapes.values()) == [(None, 15, 24)]
    (model,) = facts.models
    assert (model.name, model.kind) == ("model", "subclassed")
    assert [(f.layer, f.depth, f.output_shape) for f in model.layers] == [
        ("Net", 0, (None, 15, 1)), ("Block", 1, (None, 15, 24)), ("Dense", 2, (None, 15, 24)),
        ("Dropout", 2, (None, 15, 24)), ("Dense", 1, (None, 15, 1))]


def test_subclassed_layer_inside_a_functional_model() -> None:
    text = SUBCLASSED.replace("model = Net()\n    model.build((None, 15, 6))",
                              "inputs = keras.Input((4, 2))\n    out = Block(3)(inputs)")
    assert "model.build" not in text and only_site(text) == (None, 4, 3)


def test_subclassed_model_never_built_still_knows_a_recurrent_rank() -> None:
    shape = only_site("""
        import keras
        from keras import layers

        class Encoder(keras.Model):
            def __init__(self, units=64):
                super().__init__()
                self.gru = layers.GRU(units, return_sequences=True)
                self.drop = layers.Dropout(0.2, noise_shape=(None, 1, units))

            def call(self, inputs, training=False):
                return self.drop(self.gru(inputs), training=training)

        model = Encoder()
        """)
    assert shape == (None, None, 64)  # a GRU only takes rank-3 input


def test_layer_build_method_sees_the_input_shape() -> None:
    assert only_site("""
        import keras
        from keras import layers

        class Project(layers.Layer):
            def build(self, input_shape):
                self.proj = layers.Dense(input_shape[-1] * 2)

            def call(self, x):
                return layers.Dropout(0.1)(self.proj(x))

        y = Project()(keras.Input((5, 3)))
        """) == (None, 5, 6)


def test_dropout_functions_inside_call() -> None:
    shapes = site_shapes("""
        import keras
        import tensorflow as tf

        class Noise(keras.layers.Layer):
            def call(self, x, training=None):
                if not training:
                    return x
                x = tf.nn.dropout(x, rate=0.1, noise_shape=[tf.shape(x)[0], 1, 4])
                return keras.random.dropout(x, 0.1, noise_shape=(None, 1, 4))

        y = Noise()(keras.Input((7, 4)))
        """)
    assert list(shapes.values()) == [(None, 7, 4), (None, 7, 4)]


# what stays unknown ------------------------------------------------------------------------------


def test_custom_and_lambda_layers_are_unknown_with_a_reason() -> None:
    _, facts = facts_of("""
        import keras
        from keras import layers
        from blocks import ResBlock
        x = keras.Input((8, 8, 3))
        a = ResBlock(16)(x)
        b = layers.Lambda(lambda t: t * 2)(x)
        c = layers.Dropout(0.1)(a)
        """)
    by_layer = {f.layer: f for f in facts.models[0].layers}
    assert by_layer["ResBlock"].output_shape is None
    assert by_layer["ResBlock"].unknown_reason == "custom layer `ResBlock`"
    assert by_layer["Lambda"].unknown_reason == "`Lambda` runs user code"
    assert facts.input_shapes == {}


def test_unknown_configuration_keeps_what_is_certain() -> None:
    _, facts = facts_of("""
        import keras
        from keras import layers
        x = keras.Input((20, 8))
        x = layers.Dense(units)(x)
        x = layers.Dropout(rate)(x)
        x = layers.Conv1D(filters, 3)(x)
        """)
    assert [(f.layer, f.output_shape, f.unknown_reason) for f in facts.models[0].layers[1:]] == [
        ("Dense", (None, 20, None), "argument `units` not static (`units` is not bound in this file)"),
        ("Dropout", (None, 20, None), None),  # Dropout keeps whatever shape it gets
        # `filters` sets only the channels: the length (20 - 3 + 1) holds for every value (#21).
        ("Conv1D", (None, 18, None), "argument `filters` not static (`filters` is not bound in this file)"),
    ]


def test_site_in_a_builder_whose_argument_differs_from_the_default_lends_no_shape() -> None:
    """The rules read `noise_shape` without the call's arguments (with the default 64, as
    one call leaves it out); the shape of a call with 32 features must not be paired with it."""
    text = """
        import keras
        from keras import layers

        def head(x, units=64):
            x = layers.Dense(units)(x)
            return layers.Dropout(0.2, noise_shape=(None, 1, units))(x)

        out = head(keras.Input((10, 8)), {})
        other = head(keras.Input((10, 8)))
        """
    assert only_site(text.format("64")) == (None, 10, 64)
    assert only_site(text.format("32")) == (None, 10, 64)  # the 32-call lends nothing


def test_a_default_no_call_uses_is_not_read_so_the_shape_is_lent() -> None:
    """Every call passes `units`: the rules read that element as unknown, so the call's
    shape can be paired with what they read."""
    assert only_site("""
        import keras
        from keras import layers

        def head(x, units=64):
            x = layers.Dense(units)(x)
            return layers.Dropout(0.2, noise_shape=(None, 1, units))(x)

        out = head(keras.Input((10, 8)), 32)
        """) == (None, 10, 32)


def test_strict_mode_raises_on_code_it_does_not_model() -> None:
    parsed = parse("""
        from keras import layers
        match x:
            case _:
                y = layers.Dropout(0.1)(x)
        """)
    with pytest.raises(Unmodelled, match=r"^Match$"):  # names the statement, for the test's author
        build_graph(parsed, Evaluator(parsed), find_sites(parsed), ORACLE, strict=True)
    _, notes = build_graph(parsed, Evaluator(parsed), find_sites(parsed), ORACLE)
    assert notes == ()  # outside tests: what it does not model is unknown, not an error


def test_files_never_import_or_run_the_linted_code(tmp_path, monkeypatch) -> None:
    marker = tmp_path / "ran"
    (tmp_path / "evil.py").write_text(f"open({str(marker)!r}, 'w').write('x')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    only_site("""
        import keras
        import evil
        from evil import Block
        x = Block()(keras.Input((3,)))
        y = keras.layers.Dropout(0.1)(x)
        """)
    assert not marker.exists()


# layouts (NL010) and where facts point ---------------------------------------------------


def test_layout_follows_the_conv_through_layers_that_keep_it() -> None:
    _, facts = facts_of(STACKOVERFLOW)
    by_layer: dict[str, LayerFact] = {f.layer: f for f in facts.models[0].layers}
    pool, drop = by_layer["MaxPooling2D"], by_layer["Dropout"]
    assert (pool.data_format, pool.data_format_default, pool.spatial_rank) == ("channels_last", True, 2)
    assert pool.input_layout is not None and pool.input_layout.data_format == "channels_first"
    assert pool.input_layout.layer == "Conv2D" and not pool.input_layout.assumed
    assert drop.input_layout == pool.input_layout  # pooling leaves the channels where they are
    assert by_layer["Dense"].input_layout is None  # Flatten: no layout any more


def test_nodes_point_at_the_construction_call() -> None:
    parsed, facts = facts_of(STACKOVERFLOW)
    pool = facts.models[0].layers[2]
    assert isinstance(pool.node, nodes.Call) and parsed.code(pool.node) == "MaxPooling2D((2, 1))"
    assert pool.row == 6


def test_nested_loops_stop_at_the_step_budget_with_a_note() -> None:
    parsed = parse("""
        import keras
        from keras import layers
        x = layers.Dropout(0.1)(keras.Input((3,)))
        for a in range(200):
            for b in range(200):
                # A new layer on every pass: never cut short by the loop's own budget.
                y = layers.Dense(2)(x)
                t1 = t2 = t3 = t4 = t5 = t6 = t7 = t8 = t9 = a + b
                t1 = t2 = t3 = t4 = t5 = t6 = t7 = t8 = t9 = a + b
                t1 = t2 = t3 = t4 = t5 = t6 = t7 = t8 = t9 = a + b
                t1 = t2 = t3 = t4 = t5 = t6 = t7 = t8 = t9 = a + b
                t1 = t2 = t3 = t4 = t5 = t6 = t7 = t8 = t9 = a + b
                t1 = t2 = t3 = t4 = t5 = t6 = t7 = t8 = t9 = a + b
                t1 = t2 = t3 = t4 = t5 = t6 = t7 = t8 = t9 = a + b
                t1 = t2 = t3 = t4 = t5 = t6 = t7 = t8 = t9 = a + b
                t1 = t2 = t3 = t4 = t5 = t6 = t7 = t8 = t9 = a + b
                t1 = t2 = t3 = t4 = t5 = t6 = t7 = t8 = t9 = a + b
        """)
    graph, notes = build_graph(parsed, Evaluator(parsed), find_sites(parsed), ORACLE)
    assert notes == (f"model.py: noiselint stopped following the model code (more than {MAX_STEPS} statements run); "
                     "shapes past that point are unknown",)
    assert list(graph.facts().input_shapes.values()) == [(None, 3)]  # what was read before stays


def test_nested_loops_that_apply_nothing_new_finish_within_the_loop_budget() -> None:
    # 200 x 200 x 200 passes of arithmetic: each loop is followed pass by pass up to its own
    # budget, then as a loop of unknown length, far below the file's step budget.
    parsed = parse("""
        import keras
        from keras import layers
        x = layers.Dropout(0.1)(keras.Input((3,)))
        for a in range(200):
            for b in range(200):
                for c in range(200):
                    total = a + b + c
        """)
    graph, notes = build_graph(parsed, Evaluator(parsed), find_sites(parsed), ORACLE)
    assert notes == ()
    assert list(graph.facts().input_shapes.values()) == [(None, 3)]


def test_keras_1_arguments_leave_the_shape_unknown() -> None:
    """`Convolution2D(32, 3, 3, border_mode="same")` is a 3x3 kernel in Keras 1 and 2, a stride
    of 3 in Keras 3; which one runs is not known, so neither shape is claimed."""
    _, facts = facts_of("""
        from keras.layers import Convolution2D, Dropout, Input, MaxPooling2D
        x = Input((28, 28, 1))
        a = Dropout(0.1)(Convolution2D(32, 3, 3)(x))
        b = Dropout(0.1)(MaxPooling2D((2, 2), border_mode="same")(x))
        """)
    assert [(f.layer, f.output_shape) for f in facts.models[0].layers if f.layer != "Dropout"] == [
        ("InputLayer", (None, 28, 28, 1)), ("Conv2D", (None, None, None, None)),
        ("MaxPooling2D", (None, None, None, None))]


def test_arguments_of_a_call_noiselint_does_not_model_run_once() -> None:
    _, facts = facts_of("""
        import keras
        from keras import layers
        x = keras.Input((4,))
        ok = isinstance(layers.Dropout(0.1)(x), object)
        print(layers.Dense(2)(x))
        """)
    assert [f.layer for f in facts.models[0].layers] == ["InputLayer", "Dropout", "Dense"]
