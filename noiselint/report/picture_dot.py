"""`noiselint shapes --output-format dot`: each model as a Graphviz `digraph` (top to
bottom, as `keras.utils.plot_model` draws it): a box per layer call with its name, class and
output shape, the dropout mask under its input shape, findings in red with their code, and
custom layers and nested models as boxes (clusters) around their calls. Labels are Graphviz
HTML-like labels, so every string of the tree goes through `dot_markup`; ids are ours (`n3`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from noiselint.report.escape import dot_markup, dot_string
from noiselint.report.picture_model import Cluster, Finding, Node, Picture, one_line, pictures
from noiselint.report.picture_model import PictureFile as PictureFile

RED, RED_FILL = "#c62828", "#fdecea"
GREY, GREY_FILL = "#757575", "#f5f5f5"
BLUE_FILL, GREEN_FILL, PLAIN = "#e3f2fd", "#f1f8e9", "#ffffff"
FONT = "DejaVu Sans Mono, Menlo, Consolas, monospace"


def render_dot(files: Sequence[PictureFile]) -> str:
    return "".join(model_dot(p) for p in pictures(files))


def style(node: Node) -> tuple[str, str, str]:
    """(border colour, fill, dash) of a node; the SVG renderer uses the same."""
    if node.failed or node.findings:
        return RED, RED_FILL, ""
    if node.unknown:
        return GREY, GREY_FILL, "dashed"
    if any(n.startswith(("input", "mask")) for n in node.notes):
        return "#1565c0", BLUE_FILL, ""
    if node.kind == "input":
        return "#558b2f", GREEN_FILL, ""
    return "#424242", PLAIN, ""


def node_lines(node: Node) -> list[tuple[str, str]]:
    """A node's text, line by line, as (kind, text): `title`, `shape`, `note`, `finding`."""
    lines = [("title", node.title), ("shape", node.shape)]
    lines.extend(("note", note) for note in node.notes)
    lines.extend(("finding", finding_line(f)) for f in node.findings)
    return [(kind, text) for kind, text in lines if text]


def cluster_lines(cluster: Cluster) -> list[tuple[str, str]]:
    lines = [("title", cluster.title)]
    lines.extend(("note", note) for note in cluster.notes)
    lines.extend(("finding", finding_line(f)) for f in cluster.findings)
    return lines


def finding_line(finding: Finding) -> str:
    return one_line(f"{finding.code} {finding.message}")


def model_dot(picture: Picture, sizes: Mapping[str, tuple[float, float]] | None = None,
              caption: bool = True) -> str:
    """One model's digraph. `sizes` (points, from the SVG renderer): the layout pass, where
    each box gets the size the SVG draws it at and Graphviz only places it."""
    out = [f"digraph {dot_string(picture.path + ': ' + picture.title)} {{",
           f'  graph [rankdir=TB, nodesep=0.35, ranksep=0.45, fontname="{FONT}", fontsize=11, '
           f"labelloc=t, labeljust=l{', label=' + _caption(picture) if caption else ''}];",
           f'  node [shape=box, style="rounded,filled", fontname="{FONT}", fontsize=11, margin="0.12,0.06"];',
           '  edge [color="#616161", arrowsize=0.7];']
    children: dict[str | None, list[Cluster]] = {}
    for cluster in picture.clusters:
        children.setdefault(cluster.parent, []).append(cluster)
    members: dict[str | None, list[Node]] = {}
    for node in picture.nodes:
        members.setdefault(node.cluster, []).append(node)

    def emit(parent: str | None, indent: str) -> None:
        for node in members.get(parent, []):
            out.append(indent + _node(node, sizes))
        for cluster in children.get(parent, []):
            out.append(f"{indent}subgraph cluster_{cluster.id} {{")
            border = RED if cluster.findings else "#9e9e9e"
            out.append(f'{indent}  graph [style="rounded,dashed", color="{border}", '
                       f"label={_label(cluster_lines(cluster))}];")
            emit(cluster.id, indent + "  ")
            out.append(f"{indent}}}")

    emit(None, "  ")
    out.extend(f"  {a} -> {b};" for a, b in picture.edges)
    out.append("}")
    return "\n".join(out) + "\n"


def _node(node: Node, sizes: Mapping[str, tuple[float, float]] | None) -> str:
    border, fill, dash = style(node)
    styles = "rounded,filled" + (f",{dash}" if dash else "")
    width = ', penwidth=2' if node.failed else ""
    size = ""
    if sizes is not None and node.id in sizes:
        w, h = sizes[node.id]
        size = f", fixedsize=true, width={w / 72:.3f}, height={h / 72:.3f}"
    tip = f", tooltip={dot_string(node.where + ': ' + node.source)}" if node.where else ""
    return (f'{node.id} [label={_label(node_lines(node))}, color="{border}", fillcolor="{fill}", '
            f'style="{styles}"{width}{size}{tip}];')


def _label(lines: Sequence[tuple[str, str]]) -> str:
    """An HTML-like label: one left-aligned row per line, the title bold, findings red."""
    rows = []
    for kind, text in lines:
        cell = dot_markup(text)
        if kind == "title":
            cell = f"<B>{cell}</B>"
        elif kind == "finding":
            cell = f'<FONT COLOR="{RED}">{cell}</FONT>'
        elif kind == "note":
            cell = f'<FONT COLOR="#37474f">{cell}</FONT>'
        rows.append(f'<TR><TD ALIGN="LEFT">{cell}</TD></TR>')
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{"".join(rows)}</TABLE>>'


def _caption(picture: Picture) -> str:
    lines = [("title", f"{picture.path}: {picture.title}")]
    lines.extend(("finding", f"not on a layer: {f.where + ': ' if f.where else ''}{finding_line(f)}")
                 for f in picture.unplaced)
    return _label(lines)
