"""Sites: dropout calls are found by qualified name under every import style users write,
and nothing else is."""

from __future__ import annotations

import ast
import textwrap

import pytest

from noiselint.files.source import SourceFile
from noiselint.sites.dropout import find_sites
from noiselint.syntax.parse import ParsedModule, parse_source


def _parse(text: str) -> ParsedModule:
    parsed = parse_source(SourceFile("m.py", textwrap.dedent(text)))
    assert isinstance(parsed, ParsedModule)
    return parsed


@pytest.mark.parametrize(("code", "qualified"), [
    ("import keras\nkeras.layers.Dropout(0.5)", "keras.layers.Dropout"),
    ("from keras import layers\nlayers.Dropout(0.5)", "keras.layers.Dropout"),
    ("from keras.layers import Dropout\nDropout(0.5)", "keras.layers.Dropout"),
    ("from keras.layers import Dropout as Drop\nDrop(0.5)", "keras.layers.Dropout"),
    ("import tensorflow as tf\ntf.keras.layers.Dropout(0.5)", "tensorflow.keras.layers.Dropout"),
    ("from tensorflow.keras import layers as L\nL.Dropout(0.5)", "tensorflow.keras.layers.Dropout"),
    ("from tensorflow import keras\nkeras.layers.Dropout(0.5)", "tensorflow.keras.layers.Dropout"),
    ("from tensorflow.keras.layers import Dropout\nDropout(0.5)", "tensorflow.keras.layers.Dropout"),
    ("import tf_keras\ntf_keras.layers.Dropout(0.5)", "tf_keras.layers.Dropout"),
    ("from keras.layers.core import Dropout\nDropout(0.5)", "keras.layers.core.Dropout"),
    ("import keras.layers.core as core\ncore.Dropout(0.5)", "keras.layers.core.Dropout"),
    ("from tensorflow.python.keras.layers import Dropout\nDropout(0.5)",
     "tensorflow.python.keras.layers.Dropout"),
    ("import tensorflow as tf\ntf.nn.dropout(x, 0.5)", "tensorflow.nn.dropout"),
    ("import tensorflow as tf\ntf.compat.v1.nn.dropout(x, 0.5)", "tensorflow.compat.v1.nn.dropout"),
    ("import tensorflow.compat.v1 as tf\ntf.nn.dropout(x, 0.5)", "tensorflow.compat.v1.nn.dropout"),
    ("import keras\nkeras.random.dropout(x, 0.5)", "keras.random.dropout"),
    ("from keras.random import dropout\ndropout(x, 0.5)", "keras.random.dropout"),
    ("from keras import backend as K\nK.dropout(x, 0.5)", "keras.backend.dropout"),
    ("import tensorflow as tf\ntf.keras.backend.dropout(x, 0.5)", "tensorflow.keras.backend.dropout"),
    ("import tensorflow as tf\ntf.nn.experimental.stateless_dropout(x, 0.5, seed=[1, 2])",
     "tensorflow.nn.experimental.stateless_dropout"),
    ("import tensorflow as tf\ntf.compat.v1.layers.dropout(x, 0.5)", "tensorflow.compat.v1.layers.dropout"),
    ("from keras import layers\nlayers.AlphaDropout(0.5)", "keras.layers.AlphaDropout"),
    ("from keras import layers\nlayers.SpatialDropout2D(0.5)", "keras.layers.SpatialDropout2D"),
    ("from keras import layers\nlayers.GaussianNoise(0.5)", "keras.layers.GaussianNoise"),
    ("def f():\n    from keras import layers\n    return layers.Dropout(0.5)", "keras.layers.Dropout"),
])
def test_every_import_style_is_found(code: str, qualified: str) -> None:
    (site,) = find_sites(_parse(code)).calls
    assert site.qualified_name == qualified


@pytest.mark.parametrize("code", [
    "class Dropout:\n    pass\nDropout(0.5)",
    "def Dropout(rate):\n    return rate\nDropout(0.5)",
    "from mylib import Dropout\nDropout(0.5)",
    "from mylib.layers import Dropout\nDropout(0.5)",
    "import torch\ntorch.nn.Dropout(0.5)",
    "import torch.nn as nn\nnn.Dropout(p=0.5)",
    "from torch.nn import Dropout\nDropout(0.5)",
    "import keras\nkeras.layers.Dense(4)",
    "Dropout(0.5)",
    "from keras import layers\nlayers.Dropout",
    "import keras\nkeras.ops.dropout(x, 0.5)",
])
def test_lookalikes_are_not_sites(code: str) -> None:
    assert find_sites(_parse(code)).calls == ()


@pytest.mark.parametrize(("code", "qualified"), [
    ("from keras.layers import Dropout\nD = Dropout\nD(0.5)", "keras.layers.Dropout"),
    ("from keras import layers\nD = layers.Dropout\nD(0.5)(x)", "keras.layers.Dropout"),
    ("from keras import layers\nL = layers\nL.Dropout(0.5)", "keras.layers.Dropout"),
    ("import tensorflow as tf\nnn = tf.nn\nnn.dropout(x, 0.5)", "tensorflow.nn.dropout"),
    ("import tensorflow as tf\ndrop = tf.nn.dropout\ndrop(x, 0.5)", "tensorflow.nn.dropout"),
    ("from keras.layers import SpatialDropout1D as S1\nS1(0.5)", "keras.layers.SpatialDropout1D"),
    ("import keras.layers as kl\ndef f():\n    D = kl.Dropout\n    return D(0.5)", "keras.layers.Dropout"),
    ("from keras.random import dropout as rdrop\nrdrop(x, 0.5)", "keras.random.dropout"),
])
def test_a_dropout_api_under_another_name_is_found(code: str, qualified: str) -> None:
    # The site finder resolves a call whose last part no dropout API has only when its
    # first part is an import or an alias; these are found all the same.
    (site,) = find_sites(_parse(code)).calls
    assert site.qualified_name == qualified


def test_calls_that_cannot_be_a_dropout_api_are_not_resolved() -> None:
    # `x.reshape(...)`, `print(...)`, `f(...)`: bound by no import or alias, and ending in a
    # name no dropout API has: their qualified names are not worked out to find sites
    # (a third of the sites' time on keras-io went to them).
    parsed = _parse("""
        import numpy as np
        from keras import layers
        def f(x):
            return x
        x = np.zeros(3)
        y = x.reshape(3, 1)
        print(f(y).T.sum())
        z = layers.Dropout(0.5)(y)
    """)
    (site,) = find_sites(parsed).calls
    resolved = {parsed.code(node) for node, _ in parsed._names.values()}
    assert resolved == {"np.zeros", "layers.Dropout"}, resolved
    assert site.qualified_name == "keras.layers.Dropout"


def test_every_dropout_api_ends_in_one_of_the_known_last_parts() -> None:
    # What the site finder's shortcut rests on: a name ending otherwise is no dropout API.
    from noiselint.apis import dropout

    names = [*dropout._FUNCTIONS, *(f"{root}.layers.{cls}" for root in ("keras", "tensorflow.keras", "tf_keras")
                                     for cls in dropout._LAYER_CLASSES)]
    assert all(dropout.api_for(name) is not None for name in names)
    assert all(name.rsplit(".", 1)[-1] in dropout.API_TAILS for name in names)
    assert dropout.api_for("keras.layers.Dense") is None and dropout.api_for("keras.layers.dropout_rate") is None


def test_arguments_are_bound_positionally_and_by_keyword() -> None:
    parsed = _parse("""
        import tensorflow as tf
        from keras import layers
        a = layers.Dropout(0.5, (None, 1, 8), 3, name="d")(inp)
        b = tf.nn.dropout(x, 0.5, noise_shape=[1, 2], keep_prob=0.3)
        c = tf.compat.v1.nn.dropout(x, 0.9)
    """)
    a, b, c = find_sites(parsed).calls
    assert sorted(a.args) == ["name", "noise_shape", "rate", "seed"]
    assert parsed.code(a.arg("noise_shape")) == "(None, 1, 8)"
    assert parsed.code(a.input) == "inp"
    assert sorted(b.args) == ["noise_shape", "rate", "x"]
    assert [parsed.code(k.keyword) for k in b.unknown_keywords] == ["keep_prob"]
    assert parsed.code(b.input) == "x"
    assert sorted(c.args) == ["keep_prob", "x"], "TF 1's second argument is keep_prob"


def test_star_arguments_are_noted() -> None:
    (site,) = find_sites(_parse("from keras import layers\nlayers.Dropout(*args, **kw)")).calls
    assert site.has_star_args and not site.args


def test_layer_applied_later_has_no_input_yet() -> None:
    parsed = _parse("from keras import layers\nd = layers.Dropout(0.5)\ny = d(x)")
    (site,) = find_sites(parsed).calls
    assert site.input is None and site.application is None


def test_keras_shape_attributes_are_collected() -> None:
    parsed = _parse("a = x._keras_shape\nb = y._keras_shape[1]\nc = z.shape")
    assert [parsed.code(n) for n in find_sites(parsed).keras_shape_attributes] == \
        ["x._keras_shape", "y._keras_shape"]


@pytest.mark.parametrize(("text", "matters"), [
    ("from keras.layers import Dropout\n", True),
    ("from keras.layers import Dense, Dropout, Flatten\n", True),
    ("from keras.layers import (\n    Dropout\n)\n", True),
    ("from keras.layers import Dropout as D\n", True),
    ("y = layers.SpatialDropout2D(0.1)(x)\n", True),
    ("y = tf.nn.dropout (x, 0.5)\n", True),
    ("n = x._keras_shape[1]\n", True),
    ("layers.GaussianNoise(0.1)\n", True),
    ("layers.LSTM(8, dropout=0.2, recurrent_dropout=0.1)\n", False),
    ('"""Applies dropout to the input."""\n', False),
    ("self.dropout_rate = 0.5\n", False),
    ("x = 1\n", False),
])
def test_prefilter(text: str, matters: bool) -> None:
    from noiselint.syntax.prefilter import might_matter

    assert might_matter(text) is matters


@pytest.mark.parametrize(("text", "candidates"), [
    ("from keras.layers import Dropout as D\ny = D(0.5)(x)\n", True),
    ("import tensorflow as tf\ndef f(x):\n    return tf.nn.dropout(x, 0.5)\n", True),
    ("def f():\n    from keras import layers\n    return layers.Dropout(0.5)\n", True),
    ("n = x._keras_shape\n", True),
    # An alias is an import to the scan (prefilter._collect_import reads assignments too).
    ("from keras import layers\nDrop = layers.Dropout\ny = Drop(0.5)(x)\n", True),
    ("y = Dropout((0.1, noise_shape=[1]))\n", True),  # CPython cannot parse it: libcst reports NL900
    ("from mylib import Dropout\ny = Dropout(0.5)\n", False),
    ("import torch\ny = torch.nn.Dropout(0.5)\n", False),
    ("class Dropout:\n    pass\ny = Dropout()\n", False),
    ("from keras import layers\ny = layers.LSTM(4, dropout=0.1)(x)\n", False),
])
def test_candidate_scan_is_a_superset_of_sites(text: str, candidates: bool) -> None:
    from noiselint.syntax.prefilter import has_candidates

    assert has_candidates(text) is candidates
    parsed = parse_source(SourceFile("m.py", text))
    if isinstance(parsed, ParsedModule):
        sites = find_sites(parsed)
        # The scan passes exactly the files with sites: a superset, and not a trivial one here.
        assert bool(sites.calls or sites.keras_shape_attributes) is candidates


@pytest.mark.parametrize(("text", "plain"), [
    ("from keras import layers\ny = layers.Dropout(0.3)(x)\nz = layers.Dropout(rate=0, name='d', seed=1)(y)\n", True),
    ("from tensorflow.keras.layers import Dropout as D\nm.add(D(0.5))\n", True),
    ("from keras import layers\ny = layers.Dropout(0.3, noise_shape=(None, 1))(x)\n", False),
    ("from keras import layers\ny = layers.Dropout(1.0)(x)\n", False),
    ("from keras import layers\ny = layers.Dropout(rate)(x)\n", False),
    ("from keras import layers\ny = layers.Dropout()(x)\n", False),
    ("from keras import layers\ny = layers.Dropout('0.3')(x)\n", False),
    ("from keras import layers\ny = layers.Dropout(True)(x)\n", False),
    ("from keras import layers\ny = layers.Dropout(0.3, **kw)(x)\n", False),
    ("from keras import layers\ny = layers.SpatialDropout2D(0.3)(x)\n", False),
    ("import tensorflow as tf\ny = tf.nn.dropout(x, 0.3)\n", False),
    # Something else might be a site the import map cannot place: the file goes on.
    ("from keras import layers\nD = layers.Dropout\ny = layers.Dropout(0.3)(D(0.5, noise_shape=(64, 1))(x))\n", False),
    ("from keras import layers\ny = layers.Dropout(0.3)(x)\nz = make_dropout(0.5)(y)\n", False),
    ("from keras import layers\ny = layers.Dropout(0.3)(x)\nz = self.dropout(y)\n", False),
    ("from keras import layers\nclass D(layers.Dropout):\n    pass\ny = layers.Dropout(0.3)(x)\n", False),
    ("from keras import layers\ny = layers.Dropout(0.3)(x)\nt = x._keras_shape\n", False),
    ("from keras import layers\ny = layers.Dropout(0.3)(x)\nz = layers.MaxPooling2D(data_format=f)(y)\n", False),
    ("from keras import layers\nfrom util import *\ny = layers.Dropout(0.3)(x)\n", False),
    # A variable named for dropout holds no layer class.
    ("from keras import layers\ndropout = 0.1\ny = layers.Dropout(0.3)(x)\nm = f(dropout=dropout)\n", True),
])
def test_a_file_with_only_plain_dropouts_is_not_parsed(text: str, plain: bool) -> None:
    from noiselint.syntax.prefilter import has_candidates

    assert has_candidates(text, plain_matters=True)
    assert has_candidates(text, plain_matters=False) is not plain


def _rule_examples(scope: str = "dropout") -> list[tuple[str, str]]:
    from noiselint.checks import RULES

    # NL9xx are about the file itself, reported before any site is looked for.
    return [(f"{rule.code}-{case.id}", case.source) for rule in RULES if not rule.code.startswith("NL9")
            and rule.scope == scope for case in rule.invalid]


def _reads_models(name: str) -> bool:
    from noiselint.checks import BY_CODE

    return BY_CODE[name.split("-", 1)[0]].scope == "model"


@pytest.mark.parametrize(("name", "text"), _rule_examples(), ids=[n for n, _ in _rule_examples()])
def test_no_rule_reports_a_file_of_plain_dropouts(name: str, text: str) -> None:
    """The engine skips files whose sites are all plain `Dropout(0.3)` calls: every rule's
    examples of what it reports must get past that."""
    import textwrap

    from noiselint.syntax.prefilter import candidates_in, has_candidates

    if _reads_models(name):  # a rule that reads every file with model code (Rule.scope)
        assert candidates_in(ast.parse(textwrap.dedent(text)), plain_matters=False, models=True), name
        return
    assert has_candidates(textwrap.dedent(text), plain_matters=False), name


@pytest.mark.parametrize(("name", "text"), _rule_examples("model"), ids=[n for n, _ in _rule_examples("model")])
def test_every_file_with_model_code_reaches_the_model_rules(name: str, text: str) -> None:
    """The rules that read every call of a model (NL1xx) see files without any dropout."""
    import textwrap

    from noiselint.syntax.prefilter import might_matter

    assert might_matter(textwrap.dedent(text), models=True), name
