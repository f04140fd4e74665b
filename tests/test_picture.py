"""`noiselint shapes --output-format dot|svg|html`: the model as a picture. DOT that Graphviz
accepts, one node per layer object with its shapes, findings on the nodes they are about,
nested models and shared layers drawn once, every string of the tree escaped in all three
formats, both layout engines, and the HTML page in a real headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SO = ROOT / "fixtures" / "stackoverflow" / "cnn_hardcoded_batch.py"
SAVED = ROOT / "fixtures" / "saved" / "tf_keras" / "nl001.keras"
SVG = "{http://www.w3.org/2000/svg}"

NESTED = """\
import keras
from keras import layers

def tower():
    i = keras.Input(shape=(8,))
    h = layers.Dense(16, name="t_dense")(i)
    return keras.Model(i, h, name="tower")

a = keras.Input(shape=(8,))
b = keras.Input(shape=(8,))
t = tower()
ta = t(a)
tb = t(b)
shared = layers.Dense(4)
sa = shared(ta)
sb = shared(tb)
m = layers.Concatenate()([sa, sb])
head = layers.Dense(3)
x = head(m)
y = head(sa)
model = keras.Model([a, b], [x, y])
"""

# Every kind of string a hostile tree can put in a picture: markup, both quotes, a DOT
# statement that would end the label and start a node, a bidirectional override, an escape.
EVIL = '<script>alert(1)</script>"\'"]; node [label=\u202eX\x1b[2J&amp;\\N'
HOSTILE = f"""\
import keras
from keras import layers

inp = keras.Input(shape=(10, 8))
out = layers.Dense(2)(layers.Dropout(0.5, noise_shape=(32, 1, 8), name={EVIL!r})(inp))
model = keras.Model(inp, out)
"""


def _shapes(run_cli, fmt: str, *paths: str, cwd: Path | None = None) -> str:
    code, out, err = run_cli("shapes", "--output-format", fmt, *paths, cwd=cwd)
    assert code == 0, err
    return out


def _dot_json(dot: str) -> dict:
    done = subprocess.run(["dot", "-Tjson"], input=dot.encode(), capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)


needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")


def _svg_nodes(svg: str) -> dict[str, list[str]]:
    """Each node's title line -> all its text lines, read from the SVG as XML."""
    tree = ET.fromstring(svg.split("?>", 1)[1] if svg.startswith("<?xml") else svg)
    nodes = {}
    for g in tree.iter(f"{SVG}g"):
        if g.get("class") == "node":
            lines = [t.text or "" for t in g.iter(f"{SVG}tspan")]
            nodes[lines[0]] = lines
    return nodes


def _first_line(g: ET.Element) -> str | None:
    return next(g.iter(f"{SVG}tspan")).text


# --- the StackOverflow fixture ------------------------------------------------------------

@needs_dot
def test_stackoverflow_dot_is_valid_and_shows_the_findings(run_cli) -> None:
    dot = _shapes(run_cli, "dot", str(SO))
    assert dot.startswith("digraph ")
    layout = _dot_json(dot)  # Graphviz accepts it ...
    names = [o["name"] for o in layout["objects"]]
    assert len(names) == 6, names  # ... with one node per layer, none made by a label
    done = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True, timeout=60, check=False)
    assert done.returncode == 0 and b"<svg" in done.stdout
    by_label = {o["label"].split("<B>")[1].split("</B>")[0]: o["label"] for o in layout["objects"]}
    assert "channels_first" in by_label["conv1 (Conv2D)"]
    assert "NL010" in by_label["max1 (MaxPooling2D)"] and "NL010" not in by_label["conv1 (Conv2D)"]
    drop = by_label["drop1 (Dropout)"]
    assert "NL003" in drop and "mask  (  32, 64,  1, 1)  does not broadcast on axis 1" in drop
    assert "input (None, 32, 90, 1)" in drop
    assert [(e["tail"], e["head"]) for e in layout["edges"]] == [(i, i + 1) for i in range(5)]


def test_stackoverflow_svg(run_cli) -> None:
    nodes = _svg_nodes(_shapes(run_cli, "svg", str(SO)))
    assert list(nodes) == ["inp (InputLayer)", "conv1 (Conv2D)", "max1 (MaxPooling2D)", "drop1 (Dropout)",
                           "flat (Flatten)", "out (Dense)"]
    assert nodes["conv1 (Conv2D)"][1:] == ["(None, 64, 90, 1)", "channels_first"]
    assert any(line.startswith("NL010 `MaxPooling2D` reads") for line in nodes["max1 (MaxPooling2D)"])
    assert {line[:5] for line in nodes["drop1 (Dropout)"] if line.startswith("NL")} == {"NL001", "NL003"}


def test_readme_picture_is_the_fixtures(run_cli) -> None:
    """docs/picture-stackoverflow.svg is this fixture's picture, and the README links to it."""
    committed = (ROOT / "docs" / "picture-stackoverflow.svg").read_text(encoding="utf-8")
    assert list(_svg_nodes(committed)) == list(_svg_nodes(_shapes(run_cli, "svg", str(SO))))
    assert "docs/picture.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "picture-stackoverflow.svg" in (ROOT / "docs" / "picture.md").read_text(encoding="utf-8")


# --- structure ----------------------------------------------------------------------------

def test_shared_layers_and_nested_models_are_drawn_once(run_cli, tmp_path: Path) -> None:
    (tmp_path / "nested.py").write_text(NESTED, encoding="utf-8")
    svg = _shapes(run_cli, "svg", "nested.py", cwd=tmp_path)
    tree = ET.fromstring(svg.split("?>", 1)[1])
    models = [g for g in tree if g.tag == f"{SVG}g"]
    assert len(models) == 2  # the tower, then the model that applies it twice
    outer = models[1]
    titles = [_first_line(g) for g in outer.iter(f"{SVG}g") if g.get("class") == "node"]
    # Each layer object once: the tower (a box around its Dense), `shared` and `head` are
    # each called twice and drawn once, with both calls counted. `ta` names the tower's call
    # (the cluster), not the Dense inside it, which keeps its own name (#21).
    assert sorted(titles) == sorted(["a (InputLayer)", "b (InputLayer)", "t_dense (Dense) ×2", "sa (Dense) ×2",
                                     "m (Concatenate)", "x (Dense) ×2"])
    clusters = [_first_line(g) for g in outer.iter(f"{SVG}g") if g.get("class") == "cluster"]
    assert clusters == ["ta (tower) ×2"]
    head = next(g for g in outer.iter(f"{SVG}g") if g.get("class") == "node"
                and next(g.iter(f"{SVG}tspan")).text == "x (Dense) ×2")
    lines = [t.text for t in head.iter(f"{SVG}tspan")]
    # `head` built on (None, 8) rejects (None, 4): the failing call in red with its shapes.
    assert lines[1] == "(None, 3) | fails: Keras ValueError"
    assert lines[2] == "inputs (None, 4); built on (None, 8)"
    assert next(head.iter(f"{SVG}rect")).get("stroke") == "#c62828"


def test_saved_model_picture(run_cli) -> None:
    nodes = _svg_nodes(_shapes(run_cli, "svg", str(SAVED)))
    drop = nodes["drop1 (Dropout)"]
    assert drop[3] == "mask  (  32,  1, 8)  one draw shared over axis 1"
    assert drop[4].startswith("NL001 `noise_shape` hard-codes batch size 32")
    assert nodes["shared (Dense) ×2"]
    html = _shapes(run_cli, "html", str(SAVED))
    assert 'data-where="layer model/block_2/drop1"' in html
    assert "(line 2)" not in html, "a saved model's layer-line rows are not shown as lines"


def test_notebook_places_are_cells(run_cli, tmp_path: Path) -> None:
    cells = ["import keras\nfrom keras import layers\n",
             "inp = keras.Input(shape=(10, 8))\ny = layers.Dropout(0.5, noise_shape=(64, 1, 8))(inp)\n"
             "model = keras.Model(inp, y)\n"]
    notebook = {"cells": [{"cell_type": "code", "metadata": {}, "execution_count": 1, "outputs": [],
                           "source": c.splitlines(keepends=True)} for c in cells],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "nb.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    html = _shapes(run_cli, "html", "nb.ipynb", cwd=tmp_path)
    assert 'data-where="cell 2, line 2" data-source="y = layers.Dropout(0.5, noise_shape=(64, 1, 8))(inp)"' in html
    assert '<span class="code">NL001</span> <span class="where">cell 2, line 2</span>' in html


@pytest.mark.parametrize("case", ["grandalf", "too big", "dot too slow"])
def test_layout_without_graphviz(run_cli, monkeypatch, tmp_path: Path, case: str) -> None:
    """No `dot` on the path: grandalf places the boxes; past the size a layered layout can
    take, or when `dot` runs out of time, they are stacked in model order; none on another."""
    import noiselint.report.picture_layout as picture_layout

    engine = "grandalf" if case == "grandalf" else "stacked"
    if case == "dot too slow":
        if shutil.which("dot") is None:
            pytest.skip("Graphviz's dot is not installed")
        monkeypatch.setattr(picture_layout, "GRAPHVIZ_SECONDS", 1e-6)
    else:
        monkeypatch.setattr(picture_layout.shutil, "which", lambda name, *a, **k: None)
    if case == "too big":
        monkeypatch.setattr(picture_layout, "MAX_GRANDALF", 0)
    (tmp_path / "nested.py").write_text(NESTED, encoding="utf-8")
    html = _shapes(run_cli, "html", "nested.py", str(SO), cwd=tmp_path)
    engines = set(re.findall(r'data-layout="(\w+)"', html))
    assert engines == {engine}
    for svg in re.findall(r"<svg .*?</svg>", html, flags=re.S):
        boxes = [tuple(float(r.get(k)) for k in ("x", "y", "width", "height"))
                 for g in ET.fromstring(svg).iter(f"{SVG}g") if g.get("class") == "node"
                 for r in [next(g.iter(f"{SVG}rect"))]]
        assert boxes
        for i, (x, y, w, h) in enumerate(boxes):
            for (x2, y2, w2, h2) in boxes[i + 1:]:
                assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y, "two boxes overlap"


# --- escaping ----------------------------------------------------------------------------

@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    name = 'm"<b>\u202e.py'
    (tmp_path / name).write_text(HOSTILE, encoding="utf-8")
    return tmp_path / name


def test_hostile_strings_in_dot(run_cli, hostile: Path) -> None:
    dot = _shapes(run_cli, "dot", hostile.name, cwd=hostile.parent)
    assert "\u202e" not in dot and "\x1b" not in dot
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed")
    layout = _dot_json(dot)
    assert len(layout["objects"]) == 3, "the name made no node of its own"
    # What Graphviz draws is the name as text: markup as entities, `\N` not the node's name.
    done = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True, timeout=60, check=False)
    drawn = ET.fromstring(done.stdout)
    texts = ["".join(t.itertext()) for t in drawn.iter(f"{SVG}text")]
    assert '<script>alert(1)</script>"\'"]; node [label=\\u202eX\\x1b[2J&amp;\\N (Dropout)' in texts


def test_hostile_strings_in_svg(run_cli, hostile: Path) -> None:
    svg = _shapes(run_cli, "svg", hostile.name, cwd=hostile.parent)
    assert "\u202e" not in svg and "\x1b" not in svg
    tree = ET.fromstring(svg.split("?>", 1)[1])  # well-formed XML
    assert not [e for e in tree.iter() if e.tag.endswith("script")]
    texts = [t.text for t in tree.iter(f"{SVG}tspan")]
    shown = '<script>alert(1)</script>"\'"]; node [label=\\u202eX\\x1b[2J&amp;\\N (Dropout)'
    assert shown in texts
    assert 'm"<b>\\u202e.py: functional model `model` (line 6)' in texts


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)


def test_hostile_strings_in_html(run_cli, hostile: Path) -> None:
    page = _shapes(run_cli, "html", hostile.name, cwd=hostile.parent)
    assert "\u202e" not in page and "\x1b" not in page and "<script>alert" not in page
    parsed = _Elements()
    parsed.feed(page)
    assert parsed.tags.count("script") == 1 and "b" not in parsed.tags
    assert not [name for name, _ in parsed.attributes if name.startswith("on")], "no inline handlers"
    sources = [v for name, v in parsed.attributes if name == "data-source"]
    assert any(v and "<script>alert(1)</script>" in v for v in sources), "the line, as text, for textContent"
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", ""), "nothing fetched"
    assert "default-src 'none'" in page


# --- writing ------------------------------------------------------------------------------

def test_output_file(run_cli, tmp_path: Path) -> None:
    code, out, _ = run_cli("shapes", "--output-format", "svg", str(SO), "-o", str(tmp_path / "out" / "so.svg"))
    assert code == 0 and out == ""
    assert _svg_nodes((tmp_path / "out" / "so.svg").read_text(encoding="utf-8"))


def test_output_file_link_rule_is_the_reports(run_cli, tmp_path: Path) -> None:
    """`shapes -o` writes the way `check -o` does (one writer): a link named as the output
    fares the same in both."""
    outcomes = []
    for command in (["check", "--output-format", "json"], ["shapes", "--output-format", "html"]):
        victim = tmp_path / f"victim-{command[0]}"
        victim.write_text("keep", encoding="utf-8")
        link = tmp_path / f"report-{command[0]}"
        link.symlink_to(victim)
        code, _, _ = run_cli(*command, str(SO), "-o", str(link))
        outcomes.append((code == 2, victim.read_text(encoding="utf-8") == "keep", link.is_symlink()))
    assert outcomes[0] == outcomes[1]


# --- a real browser -----------------------------------------------------------------------

def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _browser(*args: str, profile: Path) -> subprocess.CompletedProcess[bytes]:
    command = [_chromium() or "chromium", "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--no-first-run", f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, timeout=120, check=False)


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the rows of an 8-bit RGB(A) PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6)
    size = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * size
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - size] if i >= size else 0
            up, corner = previous[i], previous[i - size] if i >= size else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, [bytes(r[i] for i in range(len(r)) if i % size < 3) for r in rows]


@pytest.mark.slow
@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed")
def test_html_page_in_headless_chromium(run_cli, tmp_path: Path) -> None:
    page = tmp_path / "so.html"
    code, _, err = run_cli("shapes", "--output-format", "html", str(SO), "-o", str(page))
    assert code == 0, err
    dom = _browser("--dump-dom", page.as_uri(), profile=tmp_path / "profile-dom")
    assert dom.returncode == 0, dom.stderr.decode(errors="replace")[-2000:]
    text = dom.stdout.decode()
    assert len(re.findall(r'<g class="node"', text)) == 6, "one node per layer"
    assert "NL010" in text and "NL003" in text and "does not broadcast to the input of Dropout" in text
    # A click on the dropout's node shows its line of source (the page's own script, run by
    # the browser; the click is dispatched by a copy of the page with one more script).
    clicked = tmp_path / "clicked.html"
    clicked.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", "<script>document.querySelector('g.node[data-node=\"n3\"]')"
                   ".dispatchEvent(new MouseEvent('click', {bubbles: true}));</script></body>"), encoding="utf-8")
    after = _browser("--dump-dom", clicked.as_uri(), profile=tmp_path / "profile-click").stdout.decode()
    shown = re.search(r'<pre class="source">(.*?)</pre>', after, flags=re.S)
    assert shown is not None
    assert "drop1 (Dropout)\nline 18:\n    drop1 = Dropout(0.1, noise_shape=(32, 64, 1, 1))(max1)" in shown.group(1)
    shot = tmp_path / "so.png"
    done = _browser(f"--screenshot={shot}", "--window-size=1200,900", page.as_uri(), profile=tmp_path / "profile-shot")
    assert done.returncode == 0 and shot.exists(), done.stderr.decode(errors="replace")[-2000:]
    width, height, rows = _png_pixels(shot.read_bytes())
    assert (width, height) == (1200, 900)
    inked = sum(1 for row in rows for i in range(0, len(row), 3) if sum(row[i:i + 3]) < 600)
    reds = sum(1 for row in rows for i in range(0, len(row), 3)
               if row[i] > 150 and row[i + 1] < 90 and row[i + 2] < 90)
    assert inked > 5000, "the screenshot is blank"
    assert reds > 200, "no finding drawn in red"


def test_a_finding_on_the_first_line_is_drawn_on_its_layer(run_cli, tmp_path: Path) -> None:
    """Line 1 is a line like any other (0 is "no line", a saved model's layer): a dropout made
    there carries its finding on its box, not beside the picture."""
    (tmp_path / "first.py").write_text(
        'from keras import layers; drop = layers.Dropout(0.5, noise_shape=(32, 1, 8), name="drop")\n'
        "import keras\n\ninp = keras.Input(shape=(10, 8))\nmodel = keras.Model(inp, drop(inp))\n", encoding="utf-8")
    dot = _shapes(run_cli, "dot", "first.py", cwd=tmp_path)
    assert "not on a layer" not in dot
    [node] = [line for line in dot.splitlines() if "<B>drop (Dropout)</B>" in line]
    assert "NL001 `noise_shape` hard-codes batch size 32" in node
