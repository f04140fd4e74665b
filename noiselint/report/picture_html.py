"""`noiselint shapes --output-format html`: one self-contained page (it opens from disk, and
fetches nothing: a Content-Security-Policy forbids every request) with each model's picture
as inline SVG, its findings listed beside it, and a click on a layer (or on a finding)
showing that layer's line of source. The script only moves text the page already holds
into place with `textContent`, never as markup."""

from __future__ import annotations

from collections.abc import Sequence

from noiselint.report.escape import markup
from noiselint.report.picture_model import Finding, Picture, PictureFile, pictures
from noiselint.report.picture_svg import draw

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 16px; color: #212121; }
h1 { font-size: 18px; } h2 { font-size: 15px; font-family: monospace; overflow-wrap: anywhere; }
.model { display: flex; gap: 16px; align-items: flex-start; margin-bottom: 32px; }
.picture { overflow: auto; border: 1px solid #e0e0e0; max-width: 70vw; }
aside { min-width: 280px; max-width: 40vw; font-size: 13px; }
aside ul { padding-left: 18px; } aside li { margin-bottom: 6px; cursor: pointer; }
.code { color: #c62828; font-weight: bold; font-family: monospace; }
.where { color: #616161; }
pre.source { background: #f5f5f5; padding: 8px; white-space: pre-wrap; overflow-wrap: anywhere; min-height: 2em; }
g.node { cursor: pointer; } g.node.selected rect { stroke: #1565c0; stroke-width: 3; }
"""

# Clicking a layer shows its place and line of source under the findings; clicking a
# finding selects its layer. Text only, through textContent.
_SCRIPT = """
(function () {
  function select(section, node) {
    section.querySelectorAll('g.node.selected').forEach(function (g) { g.classList.remove('selected'); });
    var panel = section.querySelector('pre.source');
    if (!node) { return; }
    node.classList.add('selected');
    var where = node.getAttribute('data-where') || '';
    var source = node.getAttribute('data-source') || '';
    var title = node.querySelector('tspan.title');
    panel.textContent = (title ? title.textContent + '\\n' : '') +
      (where ? where + ':\\n' + source : 'no line of source');
  }
  document.querySelectorAll('section.model').forEach(function (section) {
    section.querySelectorAll('g.node').forEach(function (node) {
      node.addEventListener('click', function () { select(section, node); });
      node.addEventListener('keydown', function (e) { if (e.key === 'Enter') { select(section, node); } });
    });
    section.querySelectorAll('li.finding').forEach(function (item) {
      item.addEventListener('click', function () {
        var id = item.getAttribute('data-node');
        select(section, id ? section.querySelector('g.node[data-node="' + id + '"]') : null);
      });
    });
  });
})();
"""


def render_html(files: Sequence[PictureFile]) -> str:
    drawn = pictures(files)
    paths = list(dict.fromkeys(f.shapes.path for f in files))
    named = ", ".join(paths) if len(paths) <= 3 else f"{len(paths)} files"
    heading = f"noiselint shapes: {named}" if paths else "noiselint shapes: no files"
    sections = [_section(p, f"m{i}") for i, p in enumerate(drawn)]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
            f"<title>{markup(heading)}</title><style>{_STYLE}</style></head><body>"
            f"<h1>{markup(heading)}</h1>{''.join(sections)}<script>{_SCRIPT}</script></body></html>\n")


def _section(picture: Picture, prefix: str) -> str:
    drawing = draw(picture, prefix)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{drawing.width:.0f}" height="{drawing.height:.0f}" '
           f'viewBox="0 0 {drawing.width:.1f} {drawing.height:.1f}" font-family="DejaVu Sans Mono, Menlo, '
           f'Consolas, monospace" font-size="11">{drawing.body}</svg>')
    items = [_item(f, node.id) for node in picture.nodes for f in node.findings]
    items.extend(_item(f, None) for f in picture.unplaced)
    listed = f"<ul>{''.join(items)}</ul>" if items else "<p>No findings on this model.</p>"
    warnings = "".join(f'<p class="where">note: {markup(w)}</p>' for w in picture.warnings)
    return (f'<section class="model" id="{prefix}"><div><h2>{markup(picture.path)}: {markup(picture.title)}</h2>'
            f'<div class="picture" data-layout="{drawing.engine}">{svg}</div></div>'
            f"<aside><h3>Findings ({len(items)})</h3>{listed}"
            '<h3>Source</h3><pre class="source">Click a layer to see its line of source.</pre>'
            f"{warnings}</aside></section>")


def _item(finding: Finding, node: str | None) -> str:
    target = f' data-node="{node}"' if node is not None else ""
    where = f'<span class="where">{markup(finding.where)}</span> ' if finding.where else ""
    return (f'<li class="finding"{target}><span class="code">{markup(finding.code)}</span> '
            f"{where}{markup(finding.message)}</li>")
