"""Where each box of a model picture goes: Graphviz's `dot` (through the `graphviz` package)
when the binary is on the path, otherwise grandalf's Sugiyama layout in pure Python, so the
SVG and HTML pictures work on a machine without Graphviz. Both are optional (the `picture`
extra); without either the boxes are stacked in model order, one under the other.

Coordinates are SVG points: the origin at the top left, y growing downwards."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field

from noiselint.report.picture_dot import model_dot
from noiselint.report.picture_model import Picture

Point = tuple[float, float]
MARGIN = 12.0
CLUSTER_PAD = 10.0
# Past this many boxes a layered layout takes minutes (and the picture is unreadable):
# they are stacked in model order instead.
MAX_LAID_OUT = 1500
# grandalf, in pure Python, takes seconds from a few hundred boxes on (22 s for mirnet.py's
# 1,129 in keras-io): past this it stacks them too.
MAX_GRANDALF = 600
# Seconds `dot` may take to lay out one model before the boxes are stacked instead. A wall
# clock, so a loaded machine may draw a big model stacked; only the drawing changes, never
# what it shows.
GRAPHVIZ_SECONDS = 20.0


@dataclass(frozen=True)
class Box:
    """A rectangle of the picture, in points from its top left."""

    x: float  # top left
    y: float
    w: float
    h: float


@dataclass
class Layout:
    """Where a picture's nodes, clusters and edges go, and which engine placed them."""

    width: float
    height: float
    nodes: dict[str, Box] = field(default_factory=dict)
    clusters: dict[str, Box] = field(default_factory=dict)
    # Each edge's path, and its arrow's tip: a polyline ending at the target (tip None), or
    # Graphviz's cubic Bézier (start, then 3 points per segment) and the tip past it.
    edges: list[tuple[str, str, list[Point], Point | None]] = field(default_factory=list)
    engine: str = ""


def layout(picture: Picture, sizes: Mapping[str, tuple[float, float]],
           cluster_titles: Mapping[str, float]) -> Layout:
    """Boxes of `sizes` (width, height) placed for `picture`; `cluster_titles`: the height
    each cluster's title takes above its members."""
    if not picture.nodes:
        return Layout(2 * MARGIN, 2 * MARGIN, engine="none")
    if len(picture.nodes) > MAX_LAID_OUT:
        return _stacked(picture, sizes, cluster_titles)
    if shutil.which("dot") is not None:
        try:
            import graphviz  # (the `picture` extra)
        except ImportError:
            pass
        else:
            try:
                return _graphviz(picture, sizes)
            except subprocess.TimeoutExpired:
                return _stacked(picture, sizes, cluster_titles)
            except (graphviz.ExecutableNotFound, graphviz.CalledProcessError):
                pass  # a broken Graphviz install: grandalf still draws it
    try:
        import grandalf  # noqa: F401
    except ImportError:
        return _stacked(picture, sizes, cluster_titles)
    if len(picture.nodes) > MAX_GRANDALF:
        return _stacked(picture, sizes, cluster_titles)
    return _grandalf(picture, sizes, cluster_titles)


def _graphviz(picture: Picture, sizes: Mapping[str, tuple[float, float]]) -> Layout:
    from graphviz.backend.dot_command import command
    from graphviz.backend.execute import run_check

    # What `graphviz.Source.pipe` runs, with a time limit: Graphviz has none, and a model of
    # a thousand calls with skip connections keeps `dot` busy for minutes.
    done = run_check(command("dot", "json"), input=model_dot(picture, sizes, caption=False).encode("utf-8"),
                     capture_output=True, timeout=GRAPHVIZ_SECONDS, quiet=True)
    data = json.loads(done.stdout.decode("utf-8"))
    top = float(data["bb"].split(",")[3])
    result = Layout(0, 0, engine="graphviz")  # moved inside the margin and sized by `_fit`

    def flip(x: float, y: float) -> Point:  # Graphviz's y grows upwards
        return x, top - y

    names: dict[int, str] = {}
    for index, obj in enumerate(data.get("objects", [])):
        name = obj.get("name", "")
        names[index] = name
        if "bb" in obj and name.startswith("cluster_"):
            x0, y0, x1, y1 = (float(v) for v in obj["bb"].split(","))
            (left, upper) = flip(x0, y1)
            result.clusters[name[len("cluster_"):]] = Box(left, upper, x1 - x0, y1 - y0)
        elif "pos" in obj:
            x, y = (float(v) for v in obj["pos"].split(","))
            w, h = float(obj["width"]) * 72, float(obj["height"]) * 72
            cx, cy = flip(x, y)
            result.nodes[name] = Box(cx - w / 2, cy - h / 2, w, h)
    for edge in data.get("edges", []):
        points, end = _spline(edge.get("pos", ""))
        tip = flip(*end) if end is not None else None
        result.edges.append((names[edge["tail"]], names[edge["head"]], [flip(x, y) for x, y in points], tip))
    # Graphviz's bounding box leaves 8 more points beside a cluster on the graph's edge (the
    # margin was 20 there, 12 elsewhere): the canvas is sized to what is drawn, as the others.
    _fit(result)
    return result


def _spline(pos: str) -> tuple[list[Point], Point | None]:
    """Graphviz's edge `pos`: `e,x,y` (the arrow tip), then the Bézier control points."""
    points: list[Point] = []
    end = None
    for part in pos.split():
        bits = part.split(",")
        if bits[0] == "e":
            end = (float(bits[1]), float(bits[2]))
        elif bits[0] != "s":
            points.append((float(bits[0]), float(bits[1])))
    return points, end


class _View:
    def __init__(self, w: float, h: float) -> None:
        self.w, self.h = w, h
        self.xy: Point = (0.0, 0.0)


class _EdgeView:
    def __init__(self) -> None:
        self.points: list[Point] = []

    def setpath(self, points: list[Point]) -> None:
        self.points = [tuple(p) for p in points]  # type: ignore[misc]


def _grandalf(picture: Picture, sizes: Mapping[str, tuple[float, float]],
              cluster_titles: Mapping[str, float]) -> Layout:
    from grandalf.graphs import Edge, Graph, Vertex
    from grandalf.layouts import SugiyamaLayout

    vertices = {node.id: Vertex(node.id) for node in picture.nodes}
    rooms = _title_rooms(picture, cluster_titles)
    for node in picture.nodes:
        w, h = sizes[node.id]
        vertices[node.id].view = _View(w, h + rooms.get(node.cluster or "", 0.0))
    edges = []
    for a, b in picture.edges:
        edge = Edge(vertices[a], vertices[b])
        edge.view = _EdgeView()
        edges.append(edge)
    graph = Graph(list(vertices.values()), edges)
    result = Layout(0, 0, engine="grandalf")
    offset = MARGIN
    for component in graph.C:  # grandalf lays out one connected component at a time
        sugiyama = SugiyamaLayout(component)
        sugiyama.yspace, sugiyama.xspace = 36, 24
        sugiyama.init_all()
        sugiyama.draw()
        vs = list(component.sV)
        left = min(v.view.xy[0] - v.view.w / 2 for v in vs)
        upper = min(v.view.xy[1] - v.view.h / 2 for v in vs)
        for v in vs:
            x, y = v.view.xy
            w, h = sizes[v.data]
            room = v.view.h - h  # a member of a cluster leaves its title room above it
            result.nodes[v.data] = Box(x - v.view.w / 2 - left + offset, y - v.view.h / 2 + room - upper + MARGIN, w, h)
        offset += max(v.view.xy[0] + v.view.w / 2 for v in vs) - left + 3 * CLUSTER_PAD
    for edge in edges:
        a, b = edge.v[0].data, edge.v[1].data
        result.edges.append((a, b, _straight(result.nodes[a], result.nodes[b]), None))
    _cluster_boxes(picture, result, cluster_titles)
    _fit(result)
    return result


def _title_rooms(picture: Picture, titles: Mapping[str, float]) -> dict[str, float]:
    """For each cluster, the room a box drawn in it leaves above itself: the title and
    padding of that cluster and of each one around it, since the box may be the topmost of
    all of them (with the innermost one's alone, a cluster three deep reached up over the box
    above it)."""
    parents = {c.id: c.parent for c in picture.clusters}
    rooms: dict[str, float] = {}
    for c in picture.clusters:
        room, at = 0.0, c.id
        while at is not None:
            room += titles.get(at, 0.0) + CLUSTER_PAD
            at = parents.get(at)
        rooms[c.id] = room
    return rooms


def _stacked(picture: Picture, sizes: Mapping[str, tuple[float, float]],
             cluster_titles: Mapping[str, float]) -> Layout:
    """Without a layout library: the model's calls one under the other, in model order."""
    result = Layout(0, 0, engine="stacked")
    y = MARGIN
    depth = {c.id: 0 for c in picture.clusters}
    for c in picture.clusters:
        parent, d = c.parent, 0
        while parent is not None:
            d += 1
            parent = next((p.parent for p in picture.clusters if p.id == parent), None)
        depth[c.id] = d + 1
    rooms = _title_rooms(picture, cluster_titles)
    for node in picture.nodes:
        w, h = sizes[node.id]
        y += rooms.get(node.cluster or "", 0.0)
        x = MARGIN + CLUSTER_PAD * 2 * depth.get(node.cluster or "", 0)
        result.nodes[node.id] = Box(x, y, w, h)
        y += h + 30
    for a, b in picture.edges:
        result.edges.append((a, b, _straight(result.nodes[a], result.nodes[b]), None))
    _cluster_boxes(picture, result, cluster_titles)
    _fit(result)
    return result


def _straight(a: Box, b: Box) -> list[Point]:
    return [(a.x + a.w / 2, a.y + a.h), (b.x + b.w / 2, b.y)]


def _cluster_boxes(picture: Picture, result: Layout, titles: Mapping[str, float]) -> None:
    """A cluster's box: around its members and its inner clusters, innermost first."""
    members: dict[str, list[Box]] = {}
    for node in picture.nodes:
        if node.cluster is not None:
            members.setdefault(node.cluster, []).append(result.nodes[node.id])
    pending = list(picture.clusters)
    for _ in range(len(pending) + 1):
        for cluster in list(pending):
            inner = [c for c in pending if c.parent == cluster.id]
            if inner:
                continue
            boxes = members.get(cluster.id, [])
            pending.remove(cluster)
            if not boxes:
                continue
            x0 = min(b.x for b in boxes) - CLUSTER_PAD
            y0 = min(b.y for b in boxes) - CLUSTER_PAD - titles.get(cluster.id, 0.0)
            x1 = max(b.x + b.w for b in boxes) + CLUSTER_PAD
            y1 = max(b.y + b.h for b in boxes) + CLUSTER_PAD
            box = Box(x0, y0, x1 - x0, y1 - y0)
            result.clusters[cluster.id] = box
            if cluster.parent is not None:
                members.setdefault(cluster.parent, []).append(box)


def _fit(result: Layout) -> None:
    """Move everything inside the margin and size the canvas to it: the boxes, and any
    part of a Graphviz edge that bends out past them (an arrow's tip is on its target)."""
    boxes = [*result.nodes.values(), *result.clusters.values()]
    points = [p for _, _, path, _ in result.edges for p in path]
    dx = MARGIN - min([*(b.x for b in boxes), *(x for x, _ in points)])
    dy = MARGIN - min([*(b.y for b in boxes), *(y for _, y in points)])
    result.nodes = {k: Box(b.x + dx, b.y + dy, b.w, b.h) for k, b in result.nodes.items()}
    result.clusters = {k: Box(b.x + dx, b.y + dy, b.w, b.h) for k, b in result.clusters.items()}
    result.edges = [(a, b, [(x + dx, y + dy) for x, y in path], tip and (tip[0] + dx, tip[1] + dy))
                    for a, b, path, tip in result.edges]
    boxes = [*result.nodes.values(), *result.clusters.values()]
    points = [p for _, _, path, _ in result.edges for p in path]
    result.width = max([*(b.x + b.w for b in boxes), *(x for x, _ in points)]) + MARGIN
    result.height = max([*(b.y + b.h for b in boxes), *(y for _, y in points)]) + MARGIN
