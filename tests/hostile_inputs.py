"""The hostile-input probe set (issue 12): source files that once crashed, hung or exhausted
noiselint, generated at test time so no megabytes are committed. Each probe is a file name
and its bytes; `docs/reliability.md` lists them with the outcome of each.

Every probe that holds a dropout mistake holds the same one (`BUGGY`, an NL001), so a test
can tell "linted with its findings" from "skipped".
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

HEADER = "from keras import layers\n"
BUGGY = "y = layers.Dropout(0.5, noise_shape=(32, 1, 8))(x)\n"


@dataclass(frozen=True)
class Probe:
    name: str
    filename: str
    make: Callable[[], bytes]
    # What a run must give: "finding" (the NL001 of BUGGY is reported), "NL903" (the file is
    # reported as too complex), "partial" (both: the NL001, and NL903 where an expression was
    # too large to check), "error" (a per-file error message), "clean" (no finding).
    expect: str
    large: bool = False  # megabytes or seconds: the slow suite and the benchmark only


def _py(body: str) -> bytes:
    return (HEADER + body + BUGGY).encode()


def _chain(name: str, count: int, op: str) -> str:
    return f" {op} ".join([name] * count)


def _nested_calls(depth: int) -> str:
    return "z = " + "layers.Dense(1)(" * depth + "x" + ")" * depth + "\n"


def _evaluator_doubling() -> bytes:
    lines = ["x0 = 3"] + [f"x{i} = x{i - 1} * x{i - 1}" for i in range(1, 41)]
    return (HEADER + "\n".join(lines) + "\ny = layers.Dropout(0.5, noise_shape=(x40, 1))(x)\n" + BUGGY).encode()


def _tuple_tower() -> bytes:
    lines = ["N0 = (1,)"] + [f"N{i} = (N{i - 1},) * 4" for i in range(1, 10)]
    return (HEADER + "\n".join(lines) + "\ny = layers.Dropout(0.5, noise_shape=N9)(x)\n" + BUGGY).encode()


def _string_doubling() -> bytes:
    lines = ["s = 'ab'"] + ["s = s + s"] * 40
    return (HEADER + "\n".join(lines) + "\ny = layers.Dropout(s, noise_shape=(s, 1))(x)\n" + BUGGY).encode()


def _name_fanout() -> bytes:
    lines = ["a0 = 2"] + [f"a{i} = (a{i - 1}, a{i - 1}, a{i - 1})" for i in range(1, 30)]
    return (HEADER + "\n".join(lines) + "\ny = layers.Dropout(0.5, noise_shape=a29)(x)\n" + BUGGY).encode()


def _power_tower() -> bytes:
    return _py("t = " + " ** ".join(["2"] * 12) + "\ny = layers.Dropout(0.5, noise_shape=(t, 1))(x)\n"
               + "u = ((10 ** 64) ** 64) ** 64\nv = layers.Dropout(0.5, noise_shape=(u, 1))(x)\n")


def _list_doubling_loop() -> bytes:
    return _py("import keras\ninp = keras.Input((4,))\nshape = [1]\nfor _ in range(200):\n"
               "    shape = shape + shape\nh = layers.Dropout(0.5, noise_shape=shape)(inp)\n")


def _comprehension_grid() -> bytes:
    return _py("import numpy as np\ngrid = [[np.power(i, j) for j in range(256)] for i in range(128)]\n"
               "w = [[[k for k in range(256)] for j in range(256)] for i in range(256)]\n")


def _big_file() -> bytes:
    # About 10 MB of ordinary module-level code with one mistake near the end.
    block = "".join(f"value_{i} = compute({i}, scale=0.5, name='v{i}')\n" for i in range(1000))
    body = block * 250
    return _py(body)


def _deep_model() -> bytes:
    # A functional model of 2,000 layers: the graph, the shapes and the memory they take.
    calls = "".join("h = layers.Dense(8)(h)\n" for _ in range(2000))
    return ("import keras\n" + HEADER + "h = keras.Input((8,))\n" + calls +
            "y = layers.Dropout(0.5, noise_shape=(32, 8))(h)\n").encode()


def _notebook(source: str) -> bytes:
    return json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "source": source,
                                  "outputs": [], "execution_count": None}],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()


PROBES: tuple[Probe, ...] = (
    Probe("cookie-rot13", "rot13.py", lambda: b"# -*- coding: rot13 -*-\n" + _py(""), "error"),
    Probe("cookie-hex", "hexcodec.py", lambda: b"# coding: hex\n" + _py(""), "error"),
    Probe("cookie-base64", "b64.py", lambda: b"# coding: base64\n" + _py(""), "error"),
    Probe("cookie-zlib", "zlibcodec.py", lambda: b"# coding: zlib\n" + _py(""), "error"),
    # idna decodes this file (it is linted); a fix it cannot encode is a per-file error.
    Probe("cookie-idna", "idna.py", lambda: b"# coding: idna\n" + _py(""), "finding"),
    # Past the pre-check's limits, but Python compiles it: the statements that matter are checked.
    Probe("lists-199-deep", "lists199.py", lambda: _py("z = " + "[" * 199 + "]" * 199 + "\n"), "finding"),
    Probe("lists-1000-deep", "lists1000.py", lambda: _py("z = " + "[" * 1000 + "]" * 1000 + "\n"), "NL903"),
    Probe("nesting-140", "nest140.py", lambda: _py("z = " + "(" * 140 + "1" + ")" * 140 + "\n"), "finding"),
    Probe("parens-5000", "parens.py", lambda: _py("z = " + "(" * 5000 + "1" + ")" * 5000 + "\n"), "NL903"),
    Probe("lists-5000", "lists5000.py", lambda: _py("z = " + "[" * 5000 + "]" * 5000 + "\n"), "NL903"),
    Probe("noise-shape-5000", "noise5000.py",
          lambda: _py("y = layers.Dropout(0.5, noise_shape=" + "[" * 5000 + "]" * 5000 + ")(x)\n"), "NL903"),
    Probe("and-chain-100k", "andchain.py", lambda: _py("z = " + _chain("a", 100_000, "and") + "\n"), "finding"),
    Probe("nested-calls-2000", "calls2000.py", lambda: _py(_nested_calls(2000)), "NL903"),
    # Python itself cannot compile these (RecursionError): NL903, as for too deep nesting.
    Probe("plus-chain-25k", "plus25k.py", lambda: _py("z = " + _chain("1", 25_000, "+") + "\n"), "NL903"),
    # libcst costs ~0.2 ms a node: a 100,000-term line is left out when no dropout reads it,
    # taken as unknown (and said) when one does.
    Probe("tuple-line-100k", "tuple100k.py", lambda: _py("z = (" + ", ".join(["1"] * 100_000) + ")\n"),
          "finding"),
    Probe("mask-line-100k", "mask100k.py",
          lambda: _py("z = (" + ", ".join(["1"] * 100_000) + ")\nw = layers.Dropout(0.5, noise_shape=z)(x)\n"),
          "partial"),
    Probe("call-chain-100k", "callchain.py", lambda: _py("z = x" + ".f()" * 100_000 + "\n"), "NL903"),
    Probe("dropouts-20000", "dropouts.py",
          lambda: _py("".join(f"y{i} = layers.Dropout(0.5)(x)\n" for i in range(20_000))), "finding",
          large=True),
    Probe("file-10mb", "big.py", _big_file, "finding", large=True),
    Probe("model-2000-layers", "deep_model.py", _deep_model, "finding", large=True),
    Probe("evaluator-squares", "squares.py", _evaluator_doubling, "finding"),
    Probe("tuple-tower", "tower.py", _tuple_tower, "finding"),
    Probe("string-doubling", "strings.py", _string_doubling, "finding"),
    Probe("name-fanout", "fanout.py", _name_fanout, "finding"),
    Probe("power-towers", "powers.py", _power_tower, "finding"),
    Probe("list-doubling-loop", "listloop.py", _list_doubling_loop, "finding"),
    Probe("comprehension-grid", "grid.py", _comprehension_grid, "finding"),
    Probe("int-5000-digits", "bigint.py",
          lambda: _py("y = layers.Dropout(0.5, noise_shape=(" + "7" * 5000 + ", 1))(x)\n"), "finding"),
    Probe("int-of-inf", "inf.py", lambda: _py("y = layers.Dropout(0.5, noise_shape=(int(1e400), 1))(x)\n"),
          "finding"),
    Probe("nine-nine-two", "ninenine.py",
          lambda: _py("y = layers.Dropout(9 ** 9 ** 2, noise_shape=(9 ** 9 ** 2, 1))(x)\n"), "finding"),
    Probe("notebook-brackets", "brackets.ipynb", lambda: b"[" * 100_000, "error"),
    Probe("notebook-big-int", "bigint.ipynb",
          lambda: _notebook(HEADER + BUGGY).replace(b'"nbformat": 4', b'"nbformat": ' + b"4" * 5000), "error"),
)

BY_NAME = {p.name: p for p in PROBES}
