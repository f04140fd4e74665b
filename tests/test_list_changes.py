"""A list changed in place (`append`, `extend`, `pop`, ...) through the name or the instance
attribute that holds it: what the interpreter holds after the change. Lists are values to the
interpreter, so the holder is given the changed list; a list left as it was made a loop over
`self.ws` run on the empty list it started as, and the shape from before the loop was taken for
the one after it (a false NL104 on a real VAE, lazyprogrammer's unsupervised_class3/vae_tf.py)."""

from __future__ import annotations

import pytest
from test_interpreter_statements import site_after

from noiselint.api import lint_source
from noiselint.settings import Settings

VAE = """
import tensorflow as tf


class Net:
  def __init__(self):
    self.X = tf.compat.v1.placeholder(tf.float32, shape=(None, 784))
    self.ws = []
    self.ws.append(tf.Variable(tf.zeros((784, 200))))
    cur = self.X
    for w in self.ws:
      cur = tf.matmul(cur, w)
    self.out = cur + tf.zeros((1, 200))


Net()
"""


def test_a_list_an_instance_attribute_holds_grows_with_its_appends() -> None:
    assert [d.code for d in lint_source(VAE, settings=Settings(select=("ALL",)))] == []
    # The same program with the real mistake (a width the product does not have) is found.
    wrong = VAE.replace("tf.zeros((1, 200))", "tf.zeros((1, 300))")
    assert [d.code for d in lint_source(wrong, settings=Settings(select=("ALL",)))] == ["NL104"]


@pytest.mark.parametrize(("code", "shape"), [
    # The attribute grows: the loop runs on each layer appended or extended.
    ("class B:\n    def __init__(self):\n        self.ls = []\n        self.ls.append(layers.Dense(4))\n"
     "        self.ls.extend([layers.Dense(6)])\n    def __call__(self, t):\n        for l in self.ls:\n"
     "            t = l(t)\n        return t\nx = B()(x)", (None, 10, 6)),
    # Any other change, or one that may not run, leaves the list unknown: so is the loop's result.
    ("class B:\n    def __init__(self, more):\n        self.ls = [layers.Dense(4)]\n        if more:\n"
     "            self.ls.append(layers.Dense(6))\n    def __call__(self, t):\n        for l in self.ls:\n"
     "            t = l(t)\n        return t\nx = B(more)(x)", None),
    ("ls = [layers.Dense(4), layers.Dense(6)]\nls.pop()\nfor l in ls:\n    x = l(x)", None),
    ("ls = [layers.Dense(4), layers.Dense(6)]\nls.reverse()\nfor l in ls:\n    x = l(x)", None),
    ("ls = [layers.Dense(4)]\nls.append(layers.Dense(6))\nfor l in ls:\n    x = l(x)", (None, 10, 6)),
])
def test_what_a_changed_list_holds(code: str, shape: tuple | None) -> None:
    assert site_after(code) == shape
