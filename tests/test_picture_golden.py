"""The pictures' whole text, as a user gets it: `noiselint shapes --output-format dot|svg|html`
for a few small, different models, against the files in tests/data/pictures/. The DOT text
is ours alone; the SVG and HTML are laid out by grandalf (pure Python, pinned by the
`picture` extra), so the same bytes come out with or without Graphviz installed. Graphviz's
own placement depends on its version and is checked by structure instead: every box apart,
each edge from its source's bottom to its target's top, a target below its source, a cluster
around its members.

To regenerate the goldens after a deliberate change to the pictures:
`NOISELINT_UPDATE_PICTURES=1 python -m pytest tests/test_picture_golden.py`, then read the diff."""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

# A nested model applied twice (a cluster, shared layers, a call Keras refuses) and a layer
# whose name holds every kind of hostile string: the models of test_picture.py.
from test_picture import HOSTILE, NESTED

GOLDENS = Path(__file__).resolve().parent / "data" / "pictures"
UPDATE = os.environ.get("NOISELINT_UPDATE_PICTURES") == "1"
SVG = "{http://www.w3.org/2000/svg}"

SEQUENTIAL = """\
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(16,)),
    layers.Dense(8, activation="relu", name="hidden"),
    layers.Dropout(0.5),
    layers.Dense(1),
])
"""

# Two inputs merged; a mask shared over the time axis on one branch only.
MERGE = """\
import keras
from keras import layers

text = keras.Input(shape=(10, 8), name="text")
meta = keras.Input(shape=(10, 4), name="meta")
t = layers.Dropout(0.3, noise_shape=(None, 1, 8), name="word_drop")(text)
m = layers.Dense(8, name="meta_dense")(meta)
x = layers.Concatenate(name="merge")([t, m])
out = layers.Dense(2, name="out")(x)
model = keras.Model([text, meta], out)
"""

# A layer finding (NL001, a hard-coded batch size) and a mask that does not broadcast (NL003).
FINDINGS = """\
import keras
from keras import layers

inp = keras.Input(shape=(10, 8))
a = layers.Dropout(0.5, noise_shape=(32, 1, 8), name="batch_drop")(inp)
b = layers.Dropout(0.5, noise_shape=(None, 3, 8), name="bad_drop")(a)
model = keras.Model(inp, b)
"""

# What the others lack: a nested model inside a nested model (a cluster in a cluster, the
# leftmost thing drawn), a custom layer around two like layers and a dropout with two
# findings (NL001 and NL003 on one node), a layer whose shape is unknown (a dashed node) and
# a dropout after it (a mask over an input not known), a 1-D input a layer refuses on a line
# of two calls (its NL101, exactly 110 characters, the longest a node shows whole, is on the
# layer it names), a merge refused (two input shapes), data format notes (one a default,
# with its NL010), four separate parts, and two star imports of modules noiselint cannot
# read (two notes).
DEEP = """\
import keras
from keras import layers
from helpers import *  # noqa: F403  (modules the project does not hold)
from more_helpers import *  # noqa: F403


class Block(layers.Layer):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(8)
        self.dense2 = layers.Dense(8)
        self.drop = layers.Dropout(0.5, noise_shape=(32, 3))

    def call(self, x):
        return self.drop(self.dense2(self.dense(x)))


inp = keras.Input(shape=(8,))
nested = keras.Sequential([keras.Sequential([layers.Dense(8, name="deepest")], name="mid")], name="outer")
x = Block()(nested(inp))
y = layers.Dropout(0.5, noise_shape=(None, 8))(layers.Lambda(scale)(x))
flat_vector_of_scalars = keras.Input(shape=())
z = layers.Activation("relu")(layers.Dense(2)(flat_vector_of_scalars))
seq = keras.Input(shape=(20, 3))
first = layers.Conv1D(4, 3, data_format="channels_first")(seq)
c = layers.Conv1D(4, 3)(first)
extra = keras.Input(shape=(5, 7))
m = layers.Concatenate()([first, extra])
model = keras.Model([inp, flat_vector_of_scalars, seq, extra], [y, z, c, m])
"""

# What DEEP lacks: a cluster three deep (outer > mid > inner, a layer beside inner), an empty
# Sequential (an identity shortcut) applied to a tensor whose shape is unknown (unknown, no
# reason), a layer whose reason runs past 60 characters, a Conv2D whose data_format is not
# known (a spatial layer without a data format note), a shared Concatenate built on two
# inputs and refused on its second call, and layer calls outside any model in two parts whose
# top boxes differ in height (one starts inside a nested model's box, one with an Input).
TOWER = """\
import keras
from keras import layers

inp = keras.Input(shape=(8,))
inner = keras.Sequential([layers.Dense(8, name="core")], name="inner")
mid = keras.Sequential([inner, layers.Dense(8, name="beside")], name="mid")
outer = keras.Sequential([mid], name="outer")
u = layers.Lambda(scale)(outer(inp))
identity = keras.Sequential(name="identity")
img = keras.Input(shape=(3, 16, 16))
y = layers.Conv2D(4, 3, data_format=fmt)(img)
z = layers.Reshape(target)(y)
merge = layers.Concatenate()
a = keras.Input(shape=(3, 4))
b = keras.Input(shape=(3, 5))
c = keras.Input(shape=(2, 5))
first = merge([a, b])
again = merge([a, c])
model = keras.Model([inp, img, a, b, c], [identity(u), z, first, again])
features = keras.Input(shape=(3,))
head = layers.Dense(2, name="head")(features)
block = keras.Sequential([layers.Dense(4, name="step")], name="block")
side = block(unbound)
"""

MODELS = {"sequential": ("seq.py", SEQUENTIAL), "merge": ("merge.py", MERGE),
          "findings": ("findings.py", FINDINGS), "nested": ("nested.py", NESTED),
          "hostile": ('m"<b>\u202e.py', HOSTILE), "deep": ("deep.py", DEEP),
          "tower": ("tower.py", TOWER)}


def _hide_dot(monkeypatch) -> None:
    import noiselint.report.picture_layout as picture_layout

    which = shutil.which
    monkeypatch.setattr(picture_layout.shutil, "which", lambda name, *a, **k: None if name == "dot" else which(name))


@pytest.fixture
def no_graphviz(monkeypatch):
    """Lay out with grandalf, as on a machine without Graphviz."""
    _hide_dot(monkeypatch)


# A saved model (read from its config): no line of source, so no place for most of its
# layers, a title without a line, a dropout site without one.
SAVED = Path(__file__).resolve().parent.parent / "fixtures" / "saved" / "tf_keras" / "nl001.keras"


def _foreign(path: Path) -> None:
    """A `.keras` file Keras would not have saved (edited, or from another tool): one of two
    Dense layers is given a 1-D input. Neither has a line of its own (only dropout and spatial
    layers do), so the NL101 is on the model's line, names no layer place, and sits beside the
    picture: two Dense layers share that line."""
    from saved_models import keras3_functional, keras3_input, keras3_layer, write_keras_zip

    layers = [keras3_input("x", [None]), keras3_input("y", [None, 3]),
              keras3_layer("Dense", "broken", {"units": 4}, [("x", 0, 0)], shapes=[[None]]),
              keras3_layer("Dense", "fine", {"units": 4}, [("y", 0, 0)], shapes=[[None, 3]])]
    write_keras_zip(path, keras3_functional(layers, ["x", "y"], ["broken", "fine"]))


def _picture(run_cli, tmp_path: Path, model: str, fmt: str) -> str:
    if model == "saved":
        name = SAVED.name
        shutil.copyfile(SAVED, tmp_path / name)
    elif model == "foreign":
        name = "foreign.keras"
        _foreign(tmp_path / name)
    else:
        name, source = MODELS[model]
        (tmp_path / name).write_text(source, encoding="utf-8")
    code, out, err = run_cli("shapes", "--no-cache", "--output-format", fmt, name, cwd=tmp_path)
    assert code == 0, err
    return out


@pytest.mark.parametrize(("model", "fmt"), [*((m, f) for m in MODELS for f in ("dot", "svg", "html")),
                                           ("nested-stacked", "svg"), ("deep-stacked", "svg"), ("tower-stacked", "svg"),
                                           *(("saved", f) for f in ("text", "dot", "svg")),
                                           ("foreign", "dot"), ("foreign", "html")])
def test_picture_text_is_the_golden(run_cli, no_graphviz, monkeypatch, tmp_path: Path, model: str, fmt: str) -> None:
    """`nested-stacked`: the boxes stacked in model order, as for a model too big to lay out."""
    import noiselint.report.picture_layout as picture_layout

    if model.endswith("-stacked"):  # (SVG only: the DOT has no layout, the HTML embeds the same SVG)
        monkeypatch.setattr(picture_layout, "MAX_GRANDALF", 0)
    out = _picture(run_cli, tmp_path, model.removesuffix("-stacked"), fmt)
    if fmt == "html":
        assert set(re.findall(r'data-layout="(\w+)"', out)) == {"grandalf"}
    golden = GOLDENS / f"{model}.{fmt}"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(out.encode("utf-8"))
    assert out == golden.read_bytes().decode("utf-8"), f"{golden.name} differs (see the module docstring)"


# --- structure, whichever engine lays it out ------------------------------------------------

def _models(svg: str) -> list[ET.Element]:
    return [g for g in ET.fromstring(svg.split("?>", 1)[1]) if g.tag == f"{SVG}g"]


def _drawn(model: ET.Element) -> tuple[dict[str, tuple[float, ...]], list[tuple[str, str, str, list[float]]],
                                      list[tuple[float, ...]]]:
    """One model's node id -> its box; each edge's (source, target, path, arrow points); the clusters' boxes."""
    nodes, edges, clusters = {}, [], []
    for g in model.iter(f"{SVG}g"):
        kind = g.get("class")
        if kind == "node":
            rect = g.find(f"{SVG}rect")
            nodes[g.get("data-node")] = tuple(float(rect.get(k)) for k in ("x", "y", "width", "height"))
        elif kind == "edge":
            _, a, b = g.get("id").split("-")
            arrow = [float(v) for v in re.split(r"[ ,]", g.find(f"{SVG}polygon").get("points"))]
            edges.append((a, b, g.find(f"{SVG}path").get("d"), arrow))
        elif kind == "cluster":
            rect = g.find(f"{SVG}rect")
            clusters.append(tuple(float(rect.get(k)) for k in ("x", "y", "width", "height")))
    return nodes, edges, clusters


def _points(d: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", d)]


def _check_structure(model: ET.Element, edges_expected: list[tuple[str, str]], clustered: list[int]) -> None:
    """Boxes apart, each edge from its source's bottom into its target's top (the target below),
    its arrowhead at the target, and each cluster around exactly `clustered[i]` boxes."""
    nodes, edges, clusters = _drawn(model)
    for g in model.iter(f"{SVG}g"):
        if g.get("class") == "node":  # the box is the size of its text, whichever engine placed it
            lines = [t.text or "" for t in g.iter(f"{SVG}tspan")]
            _, _, w, h = nodes[g.get("data-node")]
            # Graphviz rounds a fixed size to whole points: a height (whole points already) is
            # kept exactly, a width to within half a point.
            assert w == pytest.approx(max(map(len, lines)) * 6.7 + 20, abs=0.5)
            assert h == pytest.approx(len(lines) * 15 + 14, abs=0.01)
    assert sorted((a, b) for a, b, _, _ in edges) == sorted(edges_expected)
    boxes = list(nodes.values())
    for i, (x, y, w, h) in enumerate(boxes):
        assert w > 0 and h > 0
        for (x2, y2, w2, h2) in boxes[i + 1:]:
            assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y, "two boxes overlap"
    for a, b, d, arrow in edges:
        (ax, ay, aw, ah), (bx, by, bw, _) = nodes[a], nodes[b]
        assert ay + ah < by, f"{b} is not below {a}"
        point = r"-?\d+\.\d,-?\d+\.\d"
        assert re.fullmatch(rf"M{point}((?: C{point} {point} {point})+| L{point})", d), d  # Bézier or a line
        path = _points(d)
        for px, py in path:  # the curve stays between its ends
            assert min(ax, bx) - 24 <= px <= max(ax + aw, bx + bw) + 24 and ay + ah / 2 <= py <= by + 1, d
        sx, sy = path[0]
        # From the source's bottom; a steep edge of Graphviz's leaves by a lower corner's side.
        on_bottom = ax <= sx <= ax + aw and abs(sy - (ay + ah)) <= 2
        on_side = min(abs(sx - ax), abs(sx - ax - aw)) <= 2 and ay + ah / 2 <= sy <= ay + ah
        assert on_bottom or on_side, f"edge {a}->{b} starts off its source's bottom"
        tip = arrow[:2]
        assert bx <= tip[0] <= bx + bw and abs(tip[1] - by) <= 2, f"edge {a}->{b} ends off its target's top"
        # The arrowhead: two corners 7 points back from the tip, either side of the line into it.
        (lx, ly), (rx, ry) = arrow[2:4], arrow[4:6]
        assert math.dist(tip, (lx, ly)) == pytest.approx(7, abs=0.15)
        assert math.dist(tip, (rx, ry)) == pytest.approx(7, abs=0.15)
        before = path[-1] if math.dist(path[-1], tip) > 0.5 else path[-2]  # Graphviz's tip lies past its path
        into = math.atan2(tip[1] - before[1], tip[0] - before[0])
        behind = [math.cos(into) * (px - tip[0]) + math.sin(into) * (py - tip[1]) for px, py in ((lx, ly), (rx, ry))]
        assert behind[0] < -5 and behind[1] < -5, "the arrow points along its line into the target"
        axis = math.atan2(tip[1] - (ly + ry) / 2, tip[0] - (lx + rx) / 2)
        assert abs(axis - into) < 0.02, "the arrow continues the last stretch of its line"
        side = [math.sin(into) * (px - tip[0]) - math.cos(into) * (py - tip[1]) for px, py in ((lx, ly), (rx, ry))]
        assert side[0] * side[1] < 0, "the arrow's corners lie either side of its line"
    for (cx, cy, cw, ch), members in zip(clusters, clustered, strict=True):
        inside = [n for n, (x, y, w, h) in nodes.items()
                  if cx < x and cy < y and x + w < cx + cw and y + h < cy + ch]
        assert len(inside) == members
    _check_apart(model)


def _check_apart(model: ET.Element) -> None:
    """Each box is inside a cluster or clear of it: no cluster's title or border runs under
    a box drawn outside it."""
    nodes, _, clusters = _drawn(model)
    for name, (x, y, w, h) in nodes.items():
        for cx, cy, cw, ch in clusters:
            inside = cx < x and cy < y and x + w < cx + cw and y + h < cy + ch
            apart = x + w <= cx or cx + cw <= x or y + h <= cy or cy + ch <= y
            assert inside or apart, f"{name} and a cluster around other boxes overlap"


def _check_margins(svg: str, model: ET.Element) -> None:
    """The last model of a picture, its caption narrower than the graph: 12 points of white
    around the boxes and clusters on every side, none outside the canvas."""
    root = ET.fromstring(svg.split("?>", 1)[1])
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    top = float(re.fullmatch(r"translate\(0,([\d.]+)\)", model.find(f"{SVG}g").get("transform")).group(1))
    top += float(re.fullmatch(r"translate\(0,([\d.]+)\)", model.get("transform")).group(1))  # the last model's
    nodes, _, clusters = _drawn(model)
    boxes = [*nodes.values(), *clusters]
    assert min(x for x, _, _, _ in boxes) == pytest.approx(12, abs=1)
    assert min(y for _, y, _, _ in boxes) == pytest.approx(12, abs=1)
    assert width - max(x + w for x, _, w, _ in boxes) == pytest.approx(12, abs=1)
    assert height - top - max(y + h for _, y, _, h in boxes) == pytest.approx(12, abs=1)


@pytest.mark.parametrize(("engine", "limit"), [("grandalf", "MAX_GRANDALF"), ("graphviz", "MAX_LAID_OUT"),
                                               ("stacked", "MAX_GRANDALF"), ("stacked", "MAX_LAID_OUT")])
def test_every_engine_draws_apart_and_in_order(run_cli, monkeypatch, tmp_path: Path, engine: str, limit: str) -> None:
    """Each engine, its size limit at the models' largest (6 boxes) or just under it: a model
    of exactly the limit is laid out, one past it stacked."""
    import noiselint.report.picture_layout as picture_layout

    if engine == "graphviz" or limit == "MAX_LAID_OUT":
        if shutil.which("dot") is None:
            pytest.skip("Graphviz's dot is not installed")
    else:
        _hide_dot(monkeypatch)
    monkeypatch.setattr(picture_layout, limit, 5 if engine == "stacked" else 6)
    svg = _picture(run_cli, tmp_path, "merge", "svg")
    [merge] = _models(svg)
    _check_margins(svg, merge)
    _check_structure(merge, [("n0", "n2"), ("n1", "n3"), ("n2", "n4"), ("n3", "n4"), ("n4", "n5")], [])
    tower, outer = _models(_picture(run_cli, tmp_path, "nested", "svg"))
    _check_structure(tower, [("n0", "n1")], [])
    _check_structure(outer, [("n0", "n3"), ("n1", "n3"), ("n3", "n6"), ("n6", "n8"), ("n8", "n9"), ("n6", "n9")], [1])
    html = _picture(run_cli, tmp_path, "merge", "html")
    assert set(re.findall(r'data-layout="(\w+)"', html)) == {engine}


@pytest.mark.parametrize("engine", ["grandalf", "graphviz", "stacked"])
def test_every_engine_draws_nested_clusters_and_components(run_cli, monkeypatch, tmp_path: Path, engine: str) -> None:
    """The deep model: a cluster in a cluster as the leftmost thing drawn (the margin is
    still 12 points), a custom layer's box around its three calls, four separate parts."""
    import noiselint.report.picture_layout as picture_layout

    if engine == "graphviz":
        if shutil.which("dot") is None:
            pytest.skip("Graphviz's dot is not installed")
    else:
        _hide_dot(monkeypatch)
    if engine == "stacked":
        monkeypatch.setattr(picture_layout, "MAX_GRANDALF", 0)
    svg = _picture(run_cli, tmp_path, "deep", "svg")
    [deep] = _models(svg)
    _check_margins(svg, deep)
    # The clusters in the order drawn: outer (around mid), mid, the custom layer.
    _check_structure(deep, [("n0", "n3"), ("n3", "n5"), ("n5", "n6"), ("n6", "n7"), ("n7", "n8"), ("n8", "n9"),
                            ("n10", "n11"), ("n11", "n12"), ("n13", "n14"), ("n14", "n15"), ("n14", "n17"),
                            ("n16", "n17")],
                     [1, 1, 3])
    _, _, clusters = _drawn(deep)
    (ox, oy, ow, oh), (mx, my, mw, mh), _ = clusters
    assert ox < mx and oy < my and mx + mw < ox + ow and my + mh < oy + oh, "mid is drawn inside outer"
    html = _picture(run_cli, tmp_path, "deep", "html")
    assert set(re.findall(r'data-layout="(\w+)"', html)) == {engine}
    # A cluster as the topmost thing drawn too (Graphviz pads it above as well).
    (tmp_path / "top.py").write_text("import keras\nfrom keras import layers\n\nmodel = keras.Sequential(["
                                     "keras.Sequential([layers.Dense(4)], name='inner'), layers.Dense(2)])\n")
    code, svg, err = run_cli("shapes", "--no-cache", "--output-format", "svg", "top.py", cwd=tmp_path)
    assert code == 0, err
    top = [m for m in _models(svg) if "`model`" in "".join(m.itertext())]
    assert len(top) == 1
    _check_margins(svg, top[0])
    _check_structure(top[0], [("n1", "n2")], [1])
    # A cluster three deep at the top of a part: room above its first box for all three titles.
    for model in _models(_picture(run_cli, tmp_path, "tower", "svg")):
        _check_apart(model)


def test_several_files_are_drawn_one_under_the_other_and_named(run_cli, no_graphviz, tmp_path: Path) -> None:
    """An SVG of three files: each model starts below the end of the one before, and the page
    holds the last; the HTML page names up to three files, and counts more."""
    names = []
    for model in ("sequential", "merge", "findings", "deep"):
        name, source = MODELS[model]
        (tmp_path / name).write_text(source, encoding="utf-8")
        names.append(name)
    code, svg, err = run_cli("shapes", "--no-cache", "--output-format", "svg", *names[:3], cwd=tmp_path)
    assert code == 0, err
    root = ET.fromstring(svg.split("?>", 1)[1])
    height = float(root.get("viewBox").split()[3])
    models = _models(svg)
    assert len(models) == 3
    starts = [float(re.fullmatch(r"translate\(0,([\d.]+)\)", m.get("transform")).group(1)) for m in models]
    ends = []
    for start, model in zip(starts, models, strict=True):
        top = float(re.fullmatch(r"translate\(0,([\d.]+)\)", model.find(f"{SVG}g").get("transform")).group(1))
        nodes, _, _ = _drawn(model)
        ends.append(start + top + max(y + h for _, y, _, h in nodes.values()))
    assert starts[0] == 0
    assert ends[0] < starts[1] and ends[1] < starts[2] and ends[2] < height, (starts, ends, height)
    for files, heading in ((names[:3], ", ".join(names[:3])), (names, "4 files")):
        code, html, err = run_cli("shapes", "--no-cache", "--output-format", "html", *files, cwd=tmp_path)
        assert code == 0, err
        assert re.search(r"<title>(.*?)</title>", html).group(1) == f"noiselint shapes: {heading}"
        assert re.search(r"<h1>(.*?)</h1>", html).group(1) == f"noiselint shapes: {heading}"


def test_a_directory_without_models_is_an_empty_page(run_cli, tmp_path: Path) -> None:
    """Nothing to draw: a small blank SVG (still a document a browser opens) and a page that
    says there were no files."""
    (tmp_path / "empty").mkdir()
    code, svg, err = run_cli("shapes", "--no-cache", "--output-format", "svg", "empty", cwd=tmp_path)
    assert code == 0, err
    assert svg == ('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="100" '
                   'height="40" viewBox="0 0 100.0 40.0" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" '
                   'font-size="11"><rect width="100%" height="100%" fill="#ffffff"/></svg>\n')
    code, html, err = run_cli("shapes", "--no-cache", "--output-format", "html", "empty", cwd=tmp_path)
    assert code == 0, err
    assert "<title>noiselint shapes: no files</title>" in html and "<h1>noiselint shapes: no files</h1>" in html
    assert "<section" not in html


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_graphviz_edges_are_drawn_along_its_splines(run_cli, monkeypatch, tmp_path: Path) -> None:
    """Under Graphviz each edge is its spline, every control point in order (the skip
    connection of the nested model bends around a box: a Bézier of three segments), and
    its arrow ends where Graphviz puts the tip: the layout Graphviz answered (read here from
    its own JSON) moved by one offset and turned y-down."""
    from graphviz.backend import execute

    answers = []
    run_check = execute.run_check

    def keep(*args, **kwargs):
        done = run_check(*args, **kwargs)
        answers.append(json.loads(done.stdout))
        return done

    monkeypatch.setattr(execute, "run_check", keep)
    svg = _picture(run_cli, tmp_path, "nested", "svg")
    models = _models(svg)
    assert len(answers) == len(models) == 2
    longest = 0
    for model, data in zip(models, answers, strict=True):
        nodes, edges, _ = _drawn(model)
        names = [obj["name"] for obj in data["objects"]]
        some = next(obj for obj in data["objects"] if "pos" in obj)
        x, y = (float(v) for v in some["pos"].split(","))
        bx, by, bw, bh = nodes[some["name"]]
        dx, dy = bx + bw / 2 - x, by + bh / 2 + y
        drawn = {(a, b): (_points(d), arrow[:2]) for a, b, d, arrow in edges}
        assert len(drawn) == len(data["edges"])
        for edge in data["edges"]:
            tip, *points = edge["pos"].split()
            points = [tuple(float(v) for v in p.split(",")) for p in points]
            path, arrow = drawn[(names[edge["tail"]], names[edge["head"]])]
            flat = [v for px, py in points for v in (px + dx, dy - py)]
            assert [v for point in path for v in point] == pytest.approx(flat, abs=0.06)
            ex, ey = (float(v) for v in tip.split(",")[1:])
            assert arrow == pytest.approx([ex + dx, dy - ey], abs=0.06)
            longest = max(longest, len(points))
    assert longest >= 7
