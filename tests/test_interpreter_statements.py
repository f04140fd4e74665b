"""Statements of model code, one table per construct: what reaches a dropout after each
(its input shape, as `noiselint shapes` shows it and the NL rules read it). Each case is
one the interpreter can get wrong by following a path Python does not take, or by
claiming a shape on a path it cannot follow. Real parse, real Keras shapes."""

from __future__ import annotations

import textwrap

import pytest
from test_graph import facts_of, only_site

from noiselint.model.exprs import MAX_UNROLL
from noiselint.model.interpreter import LOOP_STEPS
from noiselint.shapes.facts import LayerFact

TRY = {
    # A handler runs after the body failed anywhere: what the body assigns is unknown there.
    "a handler that goes on": ("""
        try:
            x = layers.Dense(16)(x)
        except ValueError:
            pass
        """, None),
    "a handler that raises": ("""
        try:
            x = layers.Dense(16)(x)
        except ValueError:
            raise
        """, (None, 10, 16)),
    "a handler that binds the name again": ("""
        try:
            x = layers.Dense(16)(x)
        except ValueError:
            x = layers.Dense(16)(layers.Input((10, 8)))
        """, (None, 10, 16)),
    "an else after the body": ("""
        try:
            x = layers.Dense(16)(x)
        except ValueError:
            raise
        else:
            x = layers.Dense(4)(x)
        """, (None, 10, 4)),
    "a body that returns skips the else": ("""
        def f(x):
            try:
                return layers.Dense(16)(x)
            except ValueError:
                raise
            else:
                return layers.Dense(4)(x)
        x = f(x)
        """, (None, 10, 16)),
    "a finally without handlers runs after the body": ("""
        try:
            x = layers.Dense(16)(x)
        finally:
            x = layers.Dense(4)(x)
        """, (None, 10, 4)),
    "a finally after handlers": ("""
        try:
            x = layers.Dense(16)(x)
        except ValueError:
            raise
        finally:
            x = layers.Dense(4)(x)
        """, (None, 10, 4)),
    "two handlers, one goes on": ("""
        try:
            x = layers.Dense(16)(x)
        except ValueError:
            raise
        except TypeError:
            pass
        """, None),
    "every path returns: the code after never runs": ("""
        def f(x):
            try:
                return layers.Dense(16)(x)
            except ValueError:
                raise
            x = layers.Dense(3)(x)
            return x
        x = f(x)
        """, (None, 10, 16)),
    "a finally's flow wins": ("""
        def f(x):
            for size in (16, 4):
                try:
                    x = layers.Dense(size)(x)
                finally:
                    break
            return x
        x = f(x)
        """, (None, 10, 16)),
}


def site_after(code: str) -> tuple[int | None, ...] | None:
    """The input shape of the dropout `code` holds, or else of one after it; `x` starts
    as a tensor of (None, 10, 8)."""
    body = textwrap.dedent(code).strip("\n")
    site = "" if "Dropout(" in body else "\ny = layers.Dropout(0.5)(x)"
    return only_site(f"import keras\nfrom keras import layers\nx = layers.Input((10, 8))\n{body}{site}\n")


@pytest.mark.parametrize(("code", "shape"), TRY.values(), ids=TRY.keys())
def test_try(code: str, shape: tuple[int | None, ...] | None) -> None:
    assert site_after(code) == shape


# `if`: a static condition takes one branch (`elif` too); an undecided one runs both.
IF = {
    "a static condition that is false takes the else": ("""
        WIDE = False
        if WIDE:
            x = layers.Dense(16)(x)
        else:
            x = layers.Dense(4)(x)
        """, (None, 10, 4)),
    "an elif decided in turn": ("""
        SIZE = 4
        if SIZE == 16:
            x = layers.Dense(16)(x)
        elif SIZE == 8:
            x = layers.Dense(8)(x)
        else:
            x = layers.Dense(4)(x)
        """, (None, 10, 4)),
    "an undecided if whose branches agree": ("""
        if wide:
            x = layers.Dense(16)(x)
        else:
            x = layers.Dense(16)(x)
        """, (None, 10, 16)),
    "an undecided if whose branches disagree": ("""
        if wide:
            x = layers.Dense(16)(x)
        else:
            x = layers.Dense(4)(x)
        """, (None, 10, None)),
    "values that are equal on both branches": ("""
        if wide:
            units = 16
        else:
            units = 16
        x = layers.Dense(units)(x)
        """, (None, 10, 16)),
    "tuples that agree on an element": ("""
        if wide:
            dims = (16, 8)
        else:
            dims = (16, 4)
        x = layers.Dense(dims[0])(x)
        """, (None, 10, 16)),
    "tuples that disagree on an element": ("""
        if wide:
            dims = (16, 8)
        else:
            dims = (16, 4)
        x = layers.Dense(dims[1])(x)
        """, (None, 10, None)),
    "tuples of different lengths": ("""
        if wide:
            dims = (16, 8)
        else:
            dims = (16,)
        x = layers.Dense(dims[0])(x)
        """, (None, 10, None)),
    "lists of tensors that agree on an element": ("""
        if wide:
            pair = [x, layers.Dense(16)(x)]
        else:
            pair = [x, layers.Dense(4)(x)]
        x = pair[0]
        """, (None, 10, 8)),
    "a tensor on one branch, a number on the other": ("""
        if wide:
            y = x
        else:
            y = 4
        """, (None, 10, 8)),
    "a layer added on an undecided else": ("""
        model = keras.Sequential([x])
        if wide:
            pass
        else:
            model.add(layers.Dense(4))
        x = model.output
        """, (None, 10, None)),
    "an unrolled loop's else runs after it": ("""
        for size in (16, 8):
            pass
        else:
            x = layers.Dense(4)(x)
        """, (None, 10, 4)),
    "a break skips the loop's else": ("""
        for size in (16, 8):
            break
        else:
            x = layers.Dense(4)(x)
        """, (None, 10, 8)),
    "a break on one path of an unrolled loop": ("""
        for size in (16, 4):
            x = layers.Dense(size)(x)
            if early:
                break
        """, None),
    "a break on one path, a continue on the other": ("""
        for size in (16, 4):
            x = layers.Dense(size)(x)
            if early:
                break
            else:
                continue
        """, None),
}

# Loops noiselint cannot unroll: the body runs once, on what it changes widened to unknown.
LOOP = {
    "a while that never runs runs its else": ("""
        while False:
            x = layers.Dense(16)(x)
        else:
            x = layers.Dense(4)(x)
        """, (None, 10, 4)),
    "a while on an unknown condition": ("""
        while growing:
            x = layers.Dense(16)(x)
        """, None),
    "a name the loop does not change keeps its value": ("""
        for _ in range(blocks):
            h = layers.Dense(4)(x)
        """, (None, 10, 8)),
    "a name unpacked in the loop is unknown inside it": ("""
        for _ in range(blocks):
            y = layers.Dropout(0.5)(x)
            x, n = layers.Dense(4)(x), 1
        """, None),
    "the loop variable is unknown, not an earlier value of the name": ("""
        units = 16
        for units in sizes:
            x = layers.Dense(units)(x)
            break
        """, None),
}

PLAIN = {  # the module's classes and builders that nothing calls, run on unknown arguments
}


@pytest.mark.parametrize(("code", "shape"), IF.values(), ids=IF.keys())
def test_if(code: str, shape: tuple[int | None, ...] | None) -> None:
    assert site_after(code) == shape


@pytest.mark.parametrize(("code", "shape"), LOOP.values(), ids=LOOP.keys())
def test_loop_that_cannot_be_unrolled(code: str, shape: tuple[int | None, ...] | None) -> None:
    assert site_after(code) == shape


# User classes: what their methods see of `self` and of what they are called on.
CLASSES = {
    "a plain class applied to a tensor runs its __call__": ("""
        class Block:
            def __init__(self, units):
                self.units = units
            def __call__(self, x):
                return layers.Dropout(0.5)(layers.Dense(self.units)(x))
        y = Block(16)(layers.Input((10, 8)))
        """, (None, 10, 16)),
    "a plain class's build is not Keras's: calling it does not run it": ("""
        class Block:
            def __init__(self):
                self.units = 16
            def build(self, shape):
                self.units = 4
            def __call__(self, x):
                return layers.Dropout(0.5)(layers.Dense(self.units)(x))
        y = Block()(layers.Input((10, 8)))
        """, (None, 10, 16)),
    "a layer's build sees the shape of an input passed by keyword": ("""
        class Block(layers.Layer):
            def build(self, input_shape):
                self.units = input_shape[-1] * 2
            def call(self, inputs):
                return layers.Dropout(0.5)(layers.Dense(self.units)(inputs))
        y = Block()(inputs=layers.Input((10, 8)))
        """, (None, 10, 16)),
    "a layer's build sees each shape of a list of inputs": ("""
        class Block(layers.Layer):
            def build(self, input_shape):
                self.units = input_shape[1][-1]
            def call(self, inputs):
                a, b = inputs
                return layers.Dropout(0.5)(layers.Dense(self.units)(a))
        y = Block()([layers.Input((10, 8)), layers.Input((10, 3))])
        """, (None, 10, 3)),
    "a subclassed model built with input_shape=": ("""
        class Net(keras.Model):
            def __init__(self):
                super().__init__()
                self.drop = layers.Dropout(0.5)
            def call(self, x):
                return self.drop(x)
        model = Net()
        model.build(input_shape=(None, 20, 8))
        """, (None, 20, 8)),
    "a subclassed model built with a shape that is not known": ("""
        class Net(keras.Model):
            def __init__(self):
                super().__init__()
                self.drop = layers.Dropout(0.5)
            def call(self, x):
                return self.drop(x)
        model = Net()
        model.build(shape)
        """, None),
    # Methods nothing calls run on an instance `__init__` made, without the attributes
    # another method also sets (which one ran last is not known).
    "an attribute another method sets is not __init__'s": ("""
        class Net(object):
            def __init__(self):
                self.units = 16
            def grow(self):
                self.units = 4
            def build(self):
                x = layers.Input((10, 8))
                return layers.Dropout(0.5)(layers.Dense(self.units)(x))
        """, (None, 10, None)),
    "an attribute another method unpacks into is not __init__'s": ("""
        class Net(object):
            def __init__(self):
                self.units = 16
            def grow(self):
                self.units, self.depth = 4, 2
            def build(self):
                x = layers.Input((10, 8))
                return layers.Dropout(0.5)(layers.Dense(self.units)(x))
        """, (None, 10, None)),
    "an attribute set on another object is not self's": ("""
        class Net(object):
            def __init__(self):
                self.units = 16
            def copy_to(self, other):
                other.units = 4
            def build(self):
                x = layers.Input((10, 8))
                return layers.Dropout(0.5)(layers.Dense(self.units)(x))
        """, (None, 10, 16)),
    "a plain class with a base of the module": ("""
        class Base(object):
            def describe(self):
                return None
        class Net(Base):
            def __init__(self):
                self.units = 16
            def build(self):
                x = layers.Input((10, 8))
                return layers.Dropout(0.5)(layers.Dense(self.units)(x))
        """, (None, 10, 16)),
    "an attribute set on an undecided path of a handler": ("""
        class Block(keras.layers.Layer):
            def __init__(self):
                super().__init__()
                try:
                    self.units = 16
                except ValueError:
                    self.units = 4
            def call(self, x):
                return layers.Dropout(0.5)(layers.Dense(self.units)(x))
        y = Block()(layers.Input((10, 8)))
        """, (None, 10, None)),
    "an attribute set in a try body that can only raise": ("""
        class Block(keras.layers.Layer):
            def __init__(self):
                super().__init__()
                self.units = 4
                try:
                    self.units = 16
                except ValueError:
                    raise
            def call(self, x):
                return layers.Dropout(0.5)(layers.Dense(self.units)(x))
        y = Block()(layers.Input((10, 8)))
        """, (None, 10, 16)),
    "a layer added in a try body that can only raise": ("""
        model = keras.Sequential([layers.Input((10, 8))])
        try:
            model.add(layers.Dense(16))
        except ValueError:
            raise
        model.add(layers.Dropout(0.5))
        """, (None, 10, 16)),
    "a layer added in a handler": ("""
        model = keras.Sequential([layers.Input((10, 8))])
        try:
            import tensorflow
        except ImportError:
            model.add(layers.Dense(4))
        model.add(layers.Dropout(0.5))
        """, (None, 10, None)),
    "an attribute set to the value it has on an undecided path": ("""
        class Block(keras.layers.Layer):
            def __init__(self, units):
                super().__init__()
                self.units = units
                if wide:
                    self.units = units
            def call(self, x):
                return layers.Dropout(0.5)(layers.Dense(self.units)(x))
        y = Block(16)(layers.Input((10, 8)))
        """, (None, 10, 16)),
    "a class constant read through another object": ("""
        class Base:
            UNITS = 16
        class Head(Base):
            pass
        class Net(keras.Model):
            def __init__(self):
                super().__init__()
                self.head = Head()
            def call(self, x):
                return layers.Dropout(0.5)(layers.Dense(self.head.UNITS)(x))
        y = Net()(layers.Input((10, 8)))
        """, (None, 10, 16)),
    "a method called on self": ("""
        class Block(keras.layers.Layer):
            def widen(self, x):
                return layers.Dense(16)(x)
            def call(self, x):
                return layers.Dropout(0.5)(self.widen(x))
        y = Block()(layers.Input((10, 8)))
        """, (None, 10, 16)),
    "an attribute set on the object after it is made": ("""
        class Block(keras.layers.Layer):
            def __init__(self):
                super().__init__()
                self.units = 16
            def call(self, x):
                return layers.Dropout(0.5)(layers.Dense(self.units)(x))
        blk = Block()
        blk.units = 4
        y = blk(layers.Input((10, 8)))
        """, (None, 10, 4)),
    "a subclass of keras.Layer": ("""
        class Block(keras.Layer):
            def call(self, x):
                return layers.Dropout(0.5)(layers.Dense(16)(x))
        y = Block()(layers.Input((10, 8)))
        """, (None, 10, 16)),
    "a subclass of a Keras wrapper": ("""
        class Gate(layers.Wrapper):
            def call(self, x):
                return layers.Dropout(0.5)(layers.Dense(16)(x))
        y = Gate(layers.Dense(8))(layers.Input((10, 8)))
        """, (None, 10, 16)),
    "a static method and a class method called on self": ("""
        class Block(keras.layers.Layer):
            UNITS = 16
            def __init__(self):
                super().__init__()
                self.UNITS = 4
            @staticmethod
            def widen(x, units):
                return layers.Dense(units)(x)
            @classmethod
            def width(cls):
                return cls.UNITS
            def call(self, x):
                return layers.Dropout(0.5)(self.widen(x, self.width()))
        y = Block()(layers.Input((10, 8)))
        """, (None, 10, 16)),
    "a keyword-only parameter after *args takes no positional argument": ("""
        def block(t, *rest, units=16):
            return layers.Dropout(0.5)(layers.Dense(units)(t))
        y = block(layers.Input((10, 8)), 4)
        """, (None, 10, 16)),
    "a layer class whose base is a layer class of the module": ("""
        class Base(layers.Layer):
            pass
        class Block(Base):
            def call(self, x):
                return layers.Dropout(0.5)(layers.Dense(16)(x))
        y = Block()(layers.Input((10, 8)))
        """, (None, 10, 16)),
    "a layer built once, on its first input": ("""
        class Block(layers.Layer):
            def build(self, input_shape):
                self.units = input_shape[-1] * 2
            def call(self, x):
                return layers.Dropout(0.5)(layers.Dense(self.units)(x))
        blk = Block()
        a = blk(layers.Input((10, 8)))
        b = blk(layers.Input((10, 3)))
        """, (None, 10, 16)),
}


@pytest.mark.parametrize(("code", "shape"), CLASSES.values(), ids=CLASSES.keys())
def test_classes(code: str, shape: tuple[int | None, ...] | None) -> None:
    assert only_site("import keras\nfrom keras import layers\n" + textwrap.dedent(code)) == shape


def test_a_subclassed_model_is_where_its_instance_is_made() -> None:
    _, facts = facts_of("""
        import keras
        from keras import layers
        class Net(keras.Model):
            def call(self, x):
                return layers.Dropout(0.5)(x)
        net = Net()
        net.build((None, 20, 8))
        """)
    assert [(m.name, m.kind, m.row) for m in facts.models] == [("net", "subclassed", 6)]


@pytest.mark.parametrize(("named", "label"), [(', name="head"', "head"), ("", "Sequential")])
def test_a_sequential_applied_as_a_layer_holds_its_layers(named: str, label: str) -> None:
    _, facts = facts_of(f"""
        import keras
        from keras import layers
        class Block(layers.Layer):
            def __init__(self):
                super().__init__()
                self.inner = keras.Sequential([layers.Dense(16)]{named})
            def call(self, x):
                return self.inner(x)
        x = layers.Input((10, 8))
        y = layers.Dropout(0.5)(Block()(x))
        """)
    (model,) = facts.models
    assert [(f.layer, f.kind, f.depth, f.output_shape) for f in model.layers] == [
        ("InputLayer", "input", 0, (None, 10, 8)), ("Block", "composite", 0, (None, 10, 16)),
        (label, "composite", 1, (None, 10, 16)), ("Dense", "layer", 2, (None, 10, 16)),
        ("Dropout", "layer", 0, (None, 10, 16))]


# Expressions, as the size of a Dense: `n` is not known, `x` is the (None, 10, 8) tensor.
SIZES = {
    "(4, 8, 16)[-1]": 16,
    "(4, 8, 16)[-3]": 4,
    "(4, 8, 16)[-4]": None,  # IndexError: nothing to say
    "(4, 8, 16)[3]": None,
    "(4, 8, 16)[n]": None,
    "(4, 8, 16)[1:][1]": 16,
    "(4, 8, 16)[::2][1]": 16,
    "(4, 8, 16)[:n][0]": None,
    "(4, 8, 16)[::0][0]": None,  # ValueError
    "(4, 8, 16)[1.0:][0]": None,  # TypeError
    "([4, 8][0:1] + [16])[1]": 16,  # a slice of a list is a list
    "[u * 2 for u in (4, 8)][1]": 16,
    "len([u for u in (1, 2, 3) if u > 1])": 2,
    "len([u for u in (1, 2, 3) if u > n])": None,
    "len([u for row in ((1, 2),) for u in row])": None,  # nested loops: not unrolled
    "len([u for u in n])": None,
    "x.ndim": 3,
    "x.shape[-1] * 2": 16,
    "x.shape[-1].value * 2": 16,  # TF 1: a Dimension's size
    "layers.Dense(n)(x).shape[1]": 10,  # a size kept by a layer of unknown width
    "None or 8": 8,
    "2 and 8": 8,
    "(0 and n) + 4": 4,
    "n or 8": None,
    "-(-8)": 8,
    "((None,) + (16,))[1]": 16,  # None and bools are literals in arithmetic too
    "((True,) + (16,))[1]": 16,
    "int(0.5 * 32)": 16,
    "x.shape[-1] * 2 if 1 < 2 else 4": 16,
    "[x.shape[-1] * k for k in (1, 2)][1]": 16,  # the comprehension sees the names around it
    f"len([u for u in range({MAX_UNROLL})])": MAX_UNROLL,  # as many items as a loop unrolls
}
CONDITIONS = {  # a condition in `16 if ... else 4`; None: not known
    "x is None": False,
    "x is not None": True,
    "None is None": True,
    "4 is None": False,
    "n is None": None,
    "n is not None": None,
    "None is not n": None,
    "3 in (1, 2, 3)": True,
    "4 not in (1, 2, 3)": True,
    "3 not in (1, 2, 3)": False,
    "n in (1, 2)": None,
    "3 in (1, n)": None,
    "1 < 2 < 3": True,
    "1 < 3 < 2": False,
    "1 < n < 3": None,
    "3 < 2 < n": False,  # the first comparison decides
    "2 == 2 != 3": True,
    "'a' < 1": None,  # TypeError
    "not True": False,
    "not n": None,
    "True and n": None,
    "False and n": False,
    "True or n": True,
    "False or n": None,
    "n and False": None,
}


@pytest.mark.parametrize(("expression", "size"), SIZES.items(), ids=SIZES.keys())
def test_sizes(expression: str, size: int | None) -> None:
    assert site_after(f"x = layers.Dense({expression})(x)") == (None, 10, size)


@pytest.mark.parametrize(("condition", "holds"), CONDITIONS.items(), ids=CONDITIONS.keys())
def test_conditions(condition: str, holds: bool | None) -> None:
    size = None if holds is None else 16 if holds else 4
    assert site_after(f"x = layers.Dense(16 if {condition} else 4)(x)") == (None, 10, size)


def models(code: str) -> dict[str, list[tuple[str, int, tuple[int | None, ...] | None, bool, int]]]:
    """Each model `noiselint shapes` lists: its layers, their depth, shape, exactness, line."""
    _, facts = facts_of("import keras\nfrom keras import layers\n" + textwrap.dedent(code).lstrip("\n"))
    found = {f"{m.name} ({m.kind}, line {m.row})": [(f.layer, f.depth, f.output_shape, f.output_exact, f.row)
                                                    for f in m.layers] for m in facts.models}
    assert len(found) == len(facts.models)
    return found


SEQUENTIAL = {
    "an Input listed first is the model's input, made where it is made": ("""
        inp = keras.Input((10, 8))
        model = keras.Sequential([inp, layers.Dense(16)])
        """, {"model (sequential, line 4)": [
            ("InputLayer", 0, (None, 10, 8), True, 3), ("Dense", 0, (None, 10, 16), True, 4)]}),
    "an InputLayer listed first": ("""
        model = keras.Sequential([layers.InputLayer(shape=(10, 8)), layers.Dense(16)])
        """, {"model (sequential, line 3)": [
            ("InputLayer", 0, (None, 10, 8), True, 3), ("Dense", 0, (None, 10, 16), True, 3)]}),
    "only the first layer's input_shape declares the input": ("""
        model = keras.Sequential([layers.Dense(16, input_shape=(10, 8)), layers.Dense(4, input_shape=(3,))])
        """, {"model (sequential, line 3)": [
            ("InputLayer", 0, (None, 10, 8), True, 3), ("Dense", 0, (None, 10, 16), True, 3),
            ("Dense", 0, (None, 10, 4), True, 3)]}),
    "a model built with a shape": ("""
        model = keras.Sequential([layers.Dense(16)])
        model.build((None, 10, 8))
        """, {"model (sequential, line 3)": [
            ("InputLayer", 0, (None, 10, 8), True, 3), ("Dense", 0, (None, 10, 16), True, 3)]}),
    "a model nothing is added to": ("""
        model = keras.Sequential()
        """, {"model (sequential, line 3)": []}),
    "a model's output read twice builds it once": ("""
        model = keras.Sequential([keras.Input((10, 8)), layers.Dense(16)])
        a = model.output
        b = model.output
        """, {"model (sequential, line 3)": [
            ("InputLayer", 0, (None, 10, 8), True, 3), ("Dense", 0, (None, 10, 16), True, 3)]}),
    "a model bound to no name": ("""
        def make():
            return keras.Sequential([keras.Input((10, 8)), layers.Dense(16)])
        make().summary()
        """, {"sequential (sequential, line 4)": [
            ("InputLayer", 0, (None, 10, 8), True, 4), ("Dense", 0, (None, 10, 16), True, 4)]}),
    "a declared model applied as a layer is a model of its own too": ("""
        head = keras.Sequential([keras.Input((10, 8)), layers.Dense(16)])
        y = head(keras.Input((10, 8)))
        """, {"head (sequential, line 3)": [
            ("InputLayer", 0, (None, 10, 8), True, 3), ("Dense", 0, (None, 10, 16), True, 3)],
            " (, line 4)": [("InputLayer", 0, (None, 10, 8), True, 4), ("head", 0, (None, 10, 16), True, 4),
                            ("Dense", 1, (None, 10, 16), True, 3)]}),
    "an undeclared model applied as a layer is only where it is applied": ("""
        head = keras.Sequential([layers.Dense(16)])
        y = head(keras.Input((10, 8)))
        """, {" (, line 4)": [("InputLayer", 0, (None, 10, 8), True, 4), ("head", 0, (None, 10, 16), True, 4),
                              ("Dense", 1, (None, 10, 16), True, 3)]}),
}


@pytest.mark.parametrize(("code", "expected"), SEQUENTIAL.values(), ids=SEQUENTIAL.keys())
def test_sequential_models(code: str, expected: dict[str, list[tuple[object, ...]]]) -> None:
    assert models(code) == expected


def test_a_sequential_listed_in_a_sequential_is_one_of_its_layers() -> None:
    found = models("""
        model = keras.Sequential([keras.Input((10, 8)), keras.Sequential([layers.Dense(16)]), layers.Dense(4)])
        """)
    assert found["model (sequential, line 3)"] == [
        ("InputLayer", 0, (None, 10, 8), True, 3), ("Sequential", 0, (None, 10, 16), True, 3),
        ("Dense", 1, (None, 10, 16), True, 3), ("Dense", 0, (None, 10, 4), True, 3)]


TENSORS_OF_A_SEQUENTIAL = {
    "model.input of a declared model": (
        "model = keras.Sequential([layers.Dense(16, input_shape=(10, 8)), layers.Dense(4)])\n"
        "x = model.input", (None, 10, 8)),
    "model.layers after model.output": (
        "model = keras.Sequential([layers.Input((10, 8)), layers.Dense(16)])\ny = model.output\n"
        "x = layers.Dense(len(model.layers) * 4)(x)", (None, 10, 4)),
    "model.input of an undeclared model": (
        "model = keras.Sequential([layers.Dense(16), layers.Dense(4)])\nx = model.input", None),
    "a layer's output by name": (
        "model = keras.Sequential([layers.Input((10, 8)), layers.Dense(16, name='fc'), layers.Dense(4)])\n"
        "x = model.get_layer('fc').output", (None, 10, 16)),
    "a layer's input by position": (
        "model = keras.Sequential([layers.Input((10, 8)), layers.Dense(16), layers.Dense(4)])\n"
        "x = model.layers[1].input", (None, 10, 16)),
    "model.inputs of a Sequential": (
        "model = keras.Sequential([layers.Input((10, 8)), layers.Dense(16)])\nx = model.inputs[0]", (None, 10, 8)),
    "model.outputs of a Sequential": (
        "model = keras.Sequential([layers.Input((10, 8)), layers.Dense(16)])\nx = model.outputs[0]", (None, 10, 16)),
    "model.input of a functional model": (
        "model = keras.Model(x, layers.Dense(16)(x))\nx = model.input", (None, 10, 8)),
    "a layer by `index=`": (
        "model = keras.Sequential([layers.Input((10, 8)), layers.Dense(16), layers.Dense(4)])\n"
        "x = model.get_layer(index=1).output", (None, 10, 4)),
    "a layer by a negative index": (
        "model = keras.Sequential([layers.Input((10, 8)), layers.Dense(16), layers.Dense(4)])\n"
        "x = model.get_layer(index=-2).output", (None, 10, 16)),
    "a layer by `name=`, among named layers": (
        "model = keras.Sequential([layers.Input((10, 8)), layers.Dense(16, name='fc'),\n"
        "                          layers.Dense(4, name='out')])\n"
        "x = model.get_layer(name='out').output", (None, 10, 4)),
    "a layer by a name no layer has": (
        "model = keras.Sequential([layers.Input((10, 8)), layers.Dense(16, name='fc')])\n"
        "x = model.get_layer('head').output", None),
    "a layer's output by position": (
        "model = keras.Sequential([layers.Input((10, 8)), layers.Dense(16, name='fc'), layers.Dense(4)])\n"
        "x = model.layers[0].output", (None, 10, 16)),
}


@pytest.mark.parametrize(("code", "shape"), TENSORS_OF_A_SEQUENTIAL.values(), ids=TENSORS_OF_A_SEQUENTIAL.keys())
def test_tensors_of_a_sequential(code: str, shape: tuple[int | None, ...] | None) -> None:
    assert site_after(code) == shape


def calls(code: str) -> list[tuple[str, str, int, tuple[int | None, ...] | None, tuple[int | None, ...] | None]]:
    """Every call of the graph: layer, kind, depth, output shape and (dropouts) mask."""
    _, facts = facts_of("import keras\nfrom keras import layers\n" + textwrap.dedent(code).lstrip("\n"))
    return [(f.layer, f.kind, f.depth, f.output_shape, f.mask) for f in facts.calls()]


def test_a_layer_class_made_but_never_applied_still_runs_its_call() -> None:
    assert calls("""
        class Block(layers.Layer):
            def call(self, x):
                return layers.Dropout(0.5)(layers.Dense(4)(x))
        b = Block()
        """) == [("Block", "composite", 0, None, None), ("Dense", "layer", 1, None, None),
                 ("Dropout", "layer", 1, None, None)]


def test_a_subclass_of_a_keras_layer_runs_its_call() -> None:
    assert calls("""
        class MyDense(layers.Dense):
            def call(self, x):
                return layers.Dropout(0.5)(x)
        y = MyDense(4)(layers.Input((10, 8)))
        """) == [("InputLayer", "input", 0, (None, 10, 8), None), ("MyDense", "composite", 0, (None, 10, 8), None),
                 ("Dropout", "layer", 1, (None, 10, 8), None)]


@pytest.mark.parametrize("base", ["keras.Model", "keras.Sequential"])
def test_a_subclassed_model_is_a_model(base: str) -> None:
    assert models(f"""
        class Net({base}):
            def call(self, x):
                return layers.Dropout(0.5)(layers.Dense(4)(x))
        net = Net()
        net.build((None, 10, 8))
        """) == {"net (subclassed, line 6)": [("Net", 0, (None, 10, 4), True, 6), ("Dense", 1, (None, 10, 4), True, 5),
                                             ("Dropout", 1, (None, 10, 4), True, 5)]}


def test_a_dropout_listed_in_a_sequential_has_its_mask() -> None:
    assert calls("""
        model = keras.Sequential([keras.Input((10, 16)), layers.Dropout(0.5, noise_shape=(None, 1, 16))])
        """) == [("InputLayer", "input", 0, (None, 10, 16), None),
                 ("Dropout", "layer", 0, (None, 10, 16), (None, 1, 16))]


# Why a size is not known, as `noiselint shapes` says it for the Dense after `code`.
REASONS = {
    "a name set on one branch only": (
        "if flag:\n    units = 16", "`units` is only set on some branches"),
    "a loop variable": (
        "for units in sizes:\n    y = layers.Dense(units)(x)", "a loop variable noiselint cannot unroll"),
    "a name a loop changes": (
        "units = 4\nwhile growing:\n    units = 8", "`units` changes in a loop noiselint cannot unroll"),
    "a name code meant to raise changes": (
        "import pytest\nunits = 4\nwith pytest.raises(ValueError):\n    units = 8",
        "`units` changes where noiselint cannot follow"),
    "branches that disagree": ("units = 16 if flag else 4", "it differs between branches noiselint cannot decide"),
    "a context manager's value": ("with strategy.scope() as units:\n    pass", "a context manager's value"),
    "an augmented assignment noiselint does not model": (
        "units = 4\nunits @= 2", "an augmented assignment noiselint does not model"),
    "a local read before it is bound": (
        "def f():\n    return units\n    units = 4\nunits = f()", "`units` is not known here"),
    "a tensor of unknown shape": (
        "t = layers.Reshape(target)(x)\nunits = t.shape[-1]", "the tensor's shape is not known"),
    "a tensor attribute": ("units = x.dtype", "`.dtype` of a tensor is not modelled"),
    "an attribute of a layer object": ("d = layers.Dense(16)\nunits = d.units", "`d.units` is not modelled"),
    "two indexes": ("units = (4, 8)[0, 1]", "`(4, 8)[0, 1]` is not modelled"),
    "an attribute of a local read before it is bound": (
        "def f():\n    return cfg.units\n    cfg = C()\nunits = f()", "`cfg.units` is not known here"),
    "a comprehension too large to follow": (
        "units = [[k for k in range(200)] for _ in range(200)]", "a comprehension too large to follow"),
    "a size a layer of unknown width made": ("units = layers.Conv1D(n, 1)(x).shape[-1]", "size not known"),
    "a name bound by `as` in code meant to raise": (
        "import pytest\nwith pytest.raises(ValueError) as units:\n    pass",
        "`units` changes where noiselint cannot follow"),
    "an index that is not static": ("units = (4, 8)[n]", "an index that is not static or out of range"),
    "a slice that is not static": ("units = (4, 8)[n:][0]", "a slice that is not static"),
    "a zero slice step": ("units = (4, 8)[::0][0]", "a zero slice step"),
    "a comprehension over what is not static": (
        "units = [u for u in sizes][0]", "a comprehension noiselint cannot unroll"),
    "**kwargs": ("def build(**kwargs):\n    return layers.Dense(kwargs['units'])(x)\ny = build(units=4)", "`**kwargs`"),
    "a function that always raises": (
        "def f():\n    raise ValueError('no units')\nunits = f()", "the function always raises"),
    "arithmetic on a complex number": ("units = 2j * 8", "not a static value"),
    "a class attribute not set": ("class C:\n    pass\nunits = C.UNITS", "`UNITS` is not known"),
}


@pytest.mark.parametrize(("code", "reason"), REASONS.values(), ids=REASONS.keys())
def test_why_a_size_is_not_known(code: str, reason: str) -> None:
    # The first Dense: the one in `code`, or the one after it.
    dense = next(f for f in calls_of(f"x = layers.Input((10, 8))\n{code}\ny = layers.Dense(units)(x)\n")
                 if f.layer == "Dense")
    assert (dense.output_shape, dense.unknown_reason) == ((None, 10, None), f"argument `units` not static ({reason})")


def calls_of(code: str) -> tuple[LayerFact, ...]:
    _, facts = facts_of("import keras\nfrom keras import layers\n" + code)
    return facts.calls()


def test_a_comprehension_inside_a_layer_runs_inside_it() -> None:
    assert calls("""
        def widen(t, units):
            return layers.Dense(units)(t)
        class Block(layers.Layer):
            def call(self, x):
                return layers.concatenate([widen(x, u) for u in (4, 8)])
        y = layers.Dropout(0.5)(Block()(layers.Input((10, 8))))
        """) == [("InputLayer", "input", 0, (None, 10, 8), None), ("Block", "composite", 0, (None, 10, 12), None),
                 ("Dense", "layer", 1, (None, 10, 4), None),  # one row per call in the code
                 ("Concatenate", "layer", 1, (None, 10, 12), None), ("Dropout", "layer", 0, (None, 10, 12), None)]


def test_a_comprehension_variable_names_no_row() -> None:
    # `noiselint shapes` names a row after the variable its output is bound to, never
    # after a comprehension's loop variable, which only walks tensors made elsewhere.
    _, facts = facts_of("""
        import keras
        from keras import layers
        a = layers.Input((10, 8))
        outs = [layers.Dropout(0.5)(t) for t in (a, layers.Dense(4)(a))]
        """)
    assert [(f.layer, f.name) for f in facts.calls()] == [
        ("InputLayer", "a"), ("Dense", None), ("Dropout", None), ("Dropout", None)]


def test_a_layer_object_applied_twice_is_one_instance() -> None:
    # `noiselint shapes --output-format dot` draws one node for one layer object.
    _, facts = facts_of("""
        import keras
        from keras import layers
        class Block(layers.Layer):
            def call(self, x):
                return layers.Dense(4)(x)
        blk = Block()
        a = blk(layers.Input((10, 8)))
        b = blk(layers.Input((10, 8)))
        c = Block()(layers.Input((10, 8)))
        """)
    blocks = [f.instance for f in facts.calls() if f.layer == "Block"]
    assert len(blocks) == 2 and blocks[0] != blocks[1] and all(blocks)
    (model,) = facts.models
    assert [f.instance for f in model.layers if f.layer == "Block"] == [blocks[0], blocks[0], blocks[1]]


def test_a_custom_layer_of_unknown_output_says_so() -> None:
    found = calls_of("""
class Block(layers.Layer):
    def call(self, x):
        return mystery(x)
y = layers.Dropout(0.5)(Block()(layers.Input((10, 8))))
""")
    assert [(f.layer, f.kind, f.unknown_reason) for f in found] == [
        ("InputLayer", "input", None), ("Block", "composite", "custom layer `Block`"),
        ("mystery", "opaque", "`mystery` is not a Keras layer noiselint knows"),
        ("Dropout", "layer", "its input shape is not known")]


def test_a_recursive_builder_is_not_followed() -> None:
    found = calls_of("""
def stack(t, n):
    return t if n == 0 else stack(layers.Dense(16)(t), n - 1)
y = stack(layers.Input((10, 8)), 2)
""")
    assert [(f.layer, f.kind, f.unknown_reason) for f in found] == [
        ("InputLayer", "input", None), ("Dense", "layer", None),
        ("stack", "opaque", "`stack` is not a Keras layer noiselint knows")]


def test_a_sequential_applied_as_a_layer_keeps_its_own_layers() -> None:
    assert site_after("""
        head = keras.Sequential([layers.Input((10, 8)), layers.Dense(16)])
        y = head(x)
        x = layers.Dense(len(head.layers) * 4)(x)
        """) == (None, 10, 4)


def test_a_model_applied_twice_is_one_instance() -> None:
    found = calls_of("""
head = keras.Sequential([layers.Dense(16)])
a = head(layers.Input((10, 8)))
b = head(layers.Input((10, 8)))
""")
    heads = [f.instance for f in found if f.layer == "head"]
    assert len(heads) == 2 and heads[0] == heads[1] != 0


@pytest.mark.parametrize(("items", "shape"), [(MAX_UNROLL, (None, 10, 16)), (MAX_UNROLL + 1, None)])
def test_a_loop_is_unrolled_up_to_its_cap(items: int, shape: tuple[int | None, ...] | None) -> None:
    ones = ", ".join(["1"] * items)
    assert site_after(f"for k in ({ones}):\n    x = layers.Dense(16)(x)") == shape


def test_a_loop_variable_names_no_row() -> None:
    _, facts = facts_of("""
        import keras
        from keras import layers
        for t in (layers.Input((10, 8)),):
            y = layers.Dropout(0.5)(t)
        """)
    assert [(f.layer, f.name) for f in facts.calls()] == [("InputLayer", None), ("Dropout", "y")]


def test_a_builder_nothing_calls_runs_on_unknown_arguments() -> None:
    (_, dense) = calls_of("x = layers.Input((10, 8))\ndef build(units):\n    return layers.Dense(units)(x)\n")
    assert (dense.layer, dense.output_shape, dense.unknown_reason) == (
        "Dense", (None, 10, None), "argument `units` not static (a parameter of a function the module never calls)")


def test_a_sequential_applied_in_a_functional_model() -> None:
    _, facts = facts_of("""
        import keras
        from keras import layers
        head = keras.Sequential([layers.Dense(16)])
        inp = keras.Input((10, 8))
        model = keras.Model(inp, head(inp))
        """)
    (model,) = facts.models
    assert [(f.layer, f.depth, f.input_shapes, f.output_shape) for f in model.layers] == [
        ("InputLayer", 0, (), (None, 10, 8)), ("head", 0, ((None, 10, 8),), (None, 10, 16)),
        ("Dense", 1, ((None, 10, 8),), (None, 10, 16))]


def test_a_layer_of_a_sequential_that_returns_a_pair() -> None:
    # What the next layer gets is not one tensor noiselint follows: its input is unknown.
    assert ("Dropout", "layer", 0, None, None) in calls("""
        class Pair(layers.Layer):
            def call(self, x):
                return x, x
        model = keras.Sequential([keras.Input((10, 8)), Pair(), layers.Dropout(0.5)])
        """)


def test_a_failure_inside_a_model_applied_as_a_layer_is_that_model_calls() -> None:
    # The layer-call rules report it where the model is applied; a custom layer's failure
    # stays on the line inside its `call`.
    found = calls_of("""
head = keras.Sequential([layers.Conv2D(4, 3)])
inp = keras.Input((10, 8))
y = head(inp)
class Block(layers.Layer):
    def call(self, x):
        return layers.Conv2D(4, 3)(x)
z = Block()(inp)
""")
    assert [(f.layer, f.error is not None, f.in_model_call) for f in found if f.layer == "Conv2D"] == [
        ("Conv2D", True, True), ("Conv2D", True, False)]


def test_tensor_arithmetic_inside_a_layer() -> None:
    # Same ranks: Keras's merge layer; with a number: the shape is kept; with a value that
    # is not static: a call noiselint does not model.
    assert [(f.layer, f.kind, f.depth, f.output_shape, f.row) for f in calls_of("""
class Block(layers.Layer):
    def call(self, x):
        y = x + layers.Dense(8)(x)
        z = 2 * y
        return z * scale
out = Block()(keras.Input((10, 8)))
""")] == [("InputLayer", "input", 0, (None, 10, 8), 9), ("Block", "composite", 0, None, 9),
          ("Dense", "layer", 1, (None, 10, 8), 6), ("Add", "layer", 1, (None, 10, 8), 6),
          ("2 * y", "passthrough", 1, (None, 10, 8), 7), ("z * scale", "opaque", 1, None, 8)]


def test_arithmetic_on_a_tensor_of_unknown_shape() -> None:
    assert [(f.layer, f.kind) for f in calls_of("y = mystery(keras.Input((10, 8)))\nz = y + y\n")] == [
        ("InputLayer", "input"), ("mystery", "opaque"), ("Add", "layer")]


def test_a_layer_class_the_module_never_builds_still_runs_its_call() -> None:
    assert [(f.layer, f.kind, f.depth, f.row) for f in calls_of("""
class Block(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.units = units
    def call(self, x):
        return layers.Dense(self.units)(x)
""")] == [("Block", "composite", 0, 4), ("Dense", "layer", 1, 9)]


def test_a_layer_made_and_never_applied_is_no_model() -> None:
    assert models("""
        class Block(layers.Layer):
            def call(self, x):
                return layers.Dense(4)(x)
        b = Block()
        """) == {" (, line 6)": [("Block", 0, None, False, 6), ("Dense", 1, None, False, 5)]}


def test_a_method_nothing_calls_sees_what_init_made() -> None:
    # TF 1 style: `build` runs on an instance `__init__` made; `self.units` is a size only
    # the interpreter knows (read from a tensor).
    assert only_site("""
        import keras
        from keras import layers
        class Net(object):
            def __init__(self):
                self.units = layers.Input((10, 8)).shape[-1] * 2
            def build(self):
                x = layers.Input((10, 8))
                return layers.Dropout(0.5)(layers.Dense(self.units)(x))
        """) == (None, 10, 16)


# Keras calls written with keyword arguments (or the rarer methods): the same shapes as
# the positional forms (the Keras signatures: `Sequential.add(layer)`, `Sequential.build(input_shape)`,
# `Model.__call__(inputs)`, `K.int_shape(x)`, `concatenate(inputs, axis)`).
KEYWORD_FORMS = {
    "Sequential.add(layer=)": (
        "model = keras.Sequential([layers.Input((10, 8))])\nmodel.add(layer=layers.Dense(4))\nx = model.outputs[0]",
        (None, 10, 4)),
    "Sequential.build(input_shape=)": (
        "model = keras.Sequential([layers.Dense(4), layers.Dropout(0.5)])\n"
        "model.build(input_shape=(None, 10, 8))", (None, 10, 4)),
    "Sequential.build() with no shape": (
        "model = keras.Sequential([layers.Dense(4), layers.Dropout(0.5)])\nmodel.build()", None),
    "Sequential.pop()": (
        "model = keras.Sequential([layers.Input((10, 8)), layers.Dense(4), layers.Dense(6)])\nmodel.pop()\n"
        "x = model.outputs[0]", (None, 10, 4)),
    "a Sequential applied with inputs=": (
        "model = keras.Sequential([layers.Dense(4)])\nx = model(inputs=x)", (None, 10, 4)),
    "a functional model applied with inputs=": (
        "i = layers.Input((10, 8))\nmodel = keras.Model(i, layers.Dense(4)(i))\nx = model(inputs=x)",
        (None, 10, 4)),
    "a functional model of two inputs applied to a list": (
        "a = layers.Input((10, 8))\nb = layers.Input((None, 8))\n"
        "model = keras.Model([a, b], layers.Concatenate()([a, b]))\nx = model([x, x])", (None, 10, 16)),
    "K.int_shape(x=)": (
        "from keras import backend as K\nx = layers.Dense(K.int_shape(x=x)[-1] * 2)(x)", (None, 10, 16)),
    "concatenate(inputs=, axis=)": (
        "x = layers.concatenate(inputs=[x, x], axis=1)", (None, 20, 8)),
    "list.extend, then concatenate": (
        "parts = [x]\nparts.extend([x, x])\nx = layers.concatenate(parts)", (None, 10, 24)),
    "list.append of one tensor": (
        "parts = [x]\nparts.append(x)\nx = layers.concatenate(parts)", (None, 10, 16)),
    "InputLayer(batch_input_shape=) first in a Sequential": (
        "model = keras.Sequential([layers.InputLayer(batch_input_shape=(4, 10, 3)), layers.Dense(2)])\n"
        "x = model.outputs[0]", (4, 10, 2)),
    "InputLayer(batch_shape=) first in a Sequential": (
        "model = keras.Sequential([layers.InputLayer(batch_shape=(4, 10, 3)), layers.Dense(2)])\n"
        "x = model.outputs[0]", (4, 10, 2)),
    "InputLayer((10, 3), 4): shape and batch size positional": (
        "model = keras.Sequential([layers.InputLayer((10, 3), 4), layers.Dense(2)])\nx = model.outputs[0]",
        (4, 10, 2)),
    "InputLayer((10, 3)) positional first in a Sequential": (
        "model = keras.Sequential([layers.InputLayer((10, 3)), layers.Dense(2)])\nx = model.outputs[0]",
        (None, 10, 2)),
}


@pytest.mark.parametrize(("code", "shape"), KEYWORD_FORMS.values(), ids=KEYWORD_FORMS.keys())
def test_keyword_forms(code: str, shape: tuple[int | None, ...] | None) -> None:
    assert site_after(code) == shape


def test_a_functional_model_applied_as_a_layer_replays_its_calls_inside_it() -> None:
    # What `noiselint shapes` lists: the model as one composite call, named after it,
    # with its layers one level deeper, each on the new input shape, and the dropout's
    # noise_shape kept; a call noiselint cannot see into stops the replay there.
    found = calls("""
        i = layers.Input((None, 4))
        h = layers.Dense(6)(i)
        inner = keras.Model(i, layers.Dropout(0.5, noise_shape=(None, 1, 6))(h), name="head")
        x = inner(layers.Input((10, 4)))
        """)
    assert found[-4:] == [("InputLayer", "input", 0, (None, 10, 4), None),
                          ("head", "composite", 0, (None, 10, 6), None),
                          ("Dense", "layer", 1, (None, 10, 6), None),
                          ("Dropout", "layer", 1, (None, 10, 6), (None, 1, 6))]


def test_a_replayed_model_stops_at_a_call_it_cannot_see_into() -> None:
    found = calls("""
        i = layers.Input((None, 4))
        inner = keras.Model(i, layers.Dense(6)(mystery(i)))
        x = inner(layers.Input((10, 4)))
        """)
    assert found[-2:] == [("InputLayer", "input", 0, (None, 10, 4), None), ("inner", "composite", 0, None, None)]


def test_a_dropout_function_is_listed_with_its_noise_shape() -> None:
    assert calls("""
        import tensorflow as tf
        y = tf.nn.dropout(layers.Input((10, 8)), 0.5, noise_shape=[1, 1, 8])
        """) == [("InputLayer", "input", 0, (None, 10, 8), None),
                 ("tf.nn.dropout", "passthrough", 0, (None, 10, 8), (1, 1, 8))]


def test_a_branch_inside_a_layer_runs_inside_it() -> None:
    # `training` is not known: both paths run, and the Dense of one of them is the layer's.
    assert calls("""
        class Block(layers.Layer):
            def call(self, x, training=None):
                if training:
                    x = layers.Dense(8)(x)
                return x
        y = layers.Dropout(0.5)(Block()(layers.Input((10, 8))))
        """) == [("InputLayer", "input", 0, (None, 10, 8), None), ("Block", "composite", 0, (None, 10, 8), None),
                 ("Dense", "layer", 1, (None, 10, 8), None), ("Dropout", "layer", 0, (None, 10, 8), None)]


def test_a_comparison_evaluates_its_comparator_once() -> None:
    """`1 == grow()` adds one layer, not two (the elementwise test for arrays reads the
    comparator first, and the comparison must not read it again)."""
    _, facts = facts_of("""
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input((4,))])
        def grow():
            model.add(layers.Dense(3))
            return 1
        if 1 == grow():
            pass
        """)
    assert [layer.layer for model in facts.models for layer in model.layers].count("Dense") == 1


# A loop whose passes run many statements: a training loop around a model is followed as a
# loop of unknown length once a pass applies nothing new; a loop that builds a model is not.
_LONG_BODY = "\n".join(f"    step_{k} = {k}" for k in range(40))


def test_a_long_loop_that_builds_a_model_is_unrolled_to_its_end() -> None:
    steps = 100 * 42  # well past LOOP_STEPS: each pass applies a new Dense
    assert steps > LOOP_STEPS
    assert site_after(f"""
def block(t):
{_LONG_BODY}
    return layers.Dense(16)(t)
for k in range(100):
    x = block(x)
""") == (None, 10, 16)


# A pass of `_LONG_BODY` runs 41 lines of 2 statements each (the line and what it holds).
_WITHIN = 5
assert _WITHIN * 2 * 41 < LOOP_STEPS < 100 * 2 * 41


@pytest.mark.parametrize(("passes", "shape"), [(_WITHIN, (None, 10, 8)), (100, None)])
def test_a_loop_that_applies_nothing_new_is_unrolled_within_its_budget(
        passes: int, shape: tuple[int | None, ...] | None) -> None:
    # Each pass applies the same layer again: past LOOP_STEPS statements the rest is a loop of
    # unknown length, so what it assigns is unknown afterwards, never a guess.
    assert site_after(f"""
dense = layers.Dense(8)
for k in range({passes}):
{_LONG_BODY}
    x = dense(x)
""") == shape


@pytest.mark.parametrize(("passes", "applied"), [(_WITHIN, _WITHIN), (100, 3)])
def test_a_loop_that_would_pass_its_budget_is_cut_at_its_first_pass_that_applies_nothing_new(
        passes: int, applied: int) -> None:
    # 100 passes of 82 statements: the second applies nothing new, and at its cost the loop
    # would pass LOOP_STEPS, so the rest is a loop of unknown length from there (two exact
    # passes and the unknown one) instead of running on to its budget (7 passes, 574
    # statements, before session 10). A loop that fits its budget is unrolled to its end.
    _, facts = facts_of(f"""
import keras
from keras import layers
x = layers.Input((10, 8))
dense = layers.Dense(8)
for k in range({passes}):
{_LONG_BODY}
    y = dense(x)
""")
    assert [fact.layer for model in facts.models for fact in model.layers].count("Dense") == applied


@pytest.mark.parametrize(("passes", "units"), [(_WITHIN, 8 + _WITHIN), (100, None)])
def test_an_attribute_a_long_loop_changes_is_exact_or_unknown(passes: int, units: int | None) -> None:
    # Past its budget the loop's other passes are not counted: what they change is unknown.
    shape = site_after(f"""
class Holder:
    pass
h = Holder()
h.units = 8
dense = layers.Dense(8)
for k in range({passes}):
{_LONG_BODY}
    x2 = dense(x)
    h.units = h.units + 1
x = layers.Dense(h.units)(x)
""")
    assert shape == (None, 10, units)
