"""SARIF 2.1.0 output for GitHub code scanning and other SARIF readers: a `Summary` to one
JSON log with every registered rule, one result per finding and the file errors."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from urllib.parse import quote

from noiselint.checks import RULES
from noiselint.checks.base import Rule
from noiselint.diagnostics import Diagnostic, Edit, FileError, Fix, Span
from noiselint.files.lines import split_lines
from noiselint.report.escape import escape_json_controls
from noiselint.report.json_format import RULE_URL
from noiselint.report.summary import Summary
from noiselint.rule_pages import page
from noiselint.version import __version__

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/noiselint/noiselint"  # the host of json_format.RULE_URL
SRCROOT = "%SRCROOT%"
# Every noiselint finding is a program that crashes or silently misbehaves, hence "error"
# (the JSON output says `"severity": "error"` too).
LEVEL = "error"
# GitHub code scanning rejects descriptions over 1024 characters (sarif-support.md).
MAX_DESCRIPTION = 1024


def render_sarif(summary: Summary, root: Path | None = None) -> str:
    """The SARIF log; URIs are relative to `root` (default: the git top level above the
    current directory, or the current directory outside a repository)."""
    root = find_repo_root(Path.cwd()) if root is None else root.resolve()
    index = {rule.code: i for i, rule in enumerate(RULES)}
    run = {
        "tool": {"driver": {
            "name": "noiselint",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [_rule(rule) for rule in RULES],
        }},
        "invocations": [_invocation(summary.errors, root)],
        "originalUriBaseIds": {SRCROOT: {"uri": _directory_uri(root)}},
        # libcst counts columns in characters, not SARIF's default UTF-16 code units.
        "columnKind": "unicodeCodePoints",
        "results": _results(summary, root, index),
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return escape_json_controls(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"


# --- paths ----------------------------------------------------------------------------------

def find_repo_root(start: Path) -> Path:
    """The nearest directory at or above `start` holding `.git` (a directory, or a file in a
    worktree or submodule); `start` itself when there is none. Reading the filesystem
    instead of running git keeps the formatter fast and free of subprocesses."""
    start = start.resolve()
    for directory in (start, *start.parents):
        if (directory / ".git").exists():
            return directory
    return start


def relative_path(path: str, root: Path) -> str | None:
    """`path` relative to `root` with forward slashes, or None when it lies outside."""
    absolute = Path(os.path.abspath(path))
    # Try the path as written first, then with symlinks resolved (a symlinked checkout).
    for candidate in (absolute, absolute.resolve()):
        try:
            return candidate.relative_to(root).as_posix()
        except ValueError:
            continue
    return None


def _directory_uri(directory: Path) -> str:
    # SARIF requires a base URI to end with a slash (§3.14.14).
    uri = directory.as_uri()
    return uri if uri.endswith("/") else uri + "/"


def artifact_location(path: str, root: Path) -> dict[str, str]:
    relative = relative_path(path, root)
    if relative is None:
        # Outside the repository nothing relative is true; an absolute URI still is.
        return {"uri": "file://" + _quote(os.path.abspath(path))}
    # Percent-encode, so a space or a `:` in the first segment cannot break the URI.
    return {"uri": _quote(relative), "uriBaseId": SRCROOT}


def _quote(path: str) -> str:
    """The path percent-encoded byte by byte: a file name that is not UTF-8 (decoded with
    surrogate escapes) gets the URI of its real bytes (`bad\\xff.py` -> `bad%FF.py`)."""
    try:
        raw = os.fsencode(path)
    except UnicodeEncodeError:  # a lone surrogate that no file name decodes to
        raw = path.encode("utf-8", "surrogatepass")
    return quote(raw)


# --- rules ----------------------------------------------------------------------------------

def _rule(rule: type[Rule]) -> dict[str, object]:
    markdown = page(rule.code)  # None while a rule's page is not written yet
    what = _section(markdown, "What it does") if markdown else None
    help_: dict[str, str] = {"text": markdown or rule.summary}
    if markdown:
        help_["markdown"] = markdown
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": _limit(rule.summary)},
        "fullDescription": {"text": _limit(what or rule.summary)},
        "help": help_,
        "helpUri": RULE_URL.format(code=rule.code),
        "defaultConfiguration": {"enabled": rule.default_enabled, "level": LEVEL},
        "properties": {
            "tags": ["keras", "tensorflow", "dropout"],
            # A rule reports only what it knows for certain (design.md §3).
            "precision": "high",
            "problem.severity": "error",
            "fixAvailability": rule.fix_availability.value,
        },
    }


def _section(markdown: str, heading: str) -> str | None:
    """The text under `## heading` up to the next `## ` heading, skipping fenced code so a
    `## comment` inside an example is not taken for a heading."""
    body: list[str] | None = None
    fenced = False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and line.startswith("## "):
            if body is not None:
                break
            if line[3:].strip().lower() == heading.lower():
                body = []
                continue
        if body is not None:
            body.append(line)
    text = "\n".join(body or ()).strip()
    return text or None


def _limit(text: str) -> str:
    if len(text) <= MAX_DESCRIPTION:
        return text
    return text[: MAX_DESCRIPTION - 1].rsplit(" ", 1)[0] + "…"


# --- results --------------------------------------------------------------------------------

def _results(summary: Summary, root: Path, index: dict[str, int]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for result in summary.files:
        lines = split_lines(result.fixed_text or result.source.text)
        seen: dict[tuple[str, str], int] = {}
        for diagnostic in result.diagnostics:
            sarif = _result(diagnostic, root, index)
            if diagnostic.cell is None:
                uri = artifact_location(diagnostic.path, root)["uri"]
                sarif["partialFingerprints"] = {
                    "noiselintLineHash/v1": _fingerprint(diagnostic, uri, lines, seen)}
            out.append(sarif)
    return out


def _result(diagnostic: Diagnostic, root: Path, index: dict[str, int]) -> dict[str, object]:
    location = artifact_location(diagnostic.path, root)
    result: dict[str, object] = {"ruleId": diagnostic.code}
    if diagnostic.code in index:
        result["ruleIndex"] = index[diagnostic.code]
    result["level"] = LEVEL
    if diagnostic.cell is not None:
        return result | _notebook_result(diagnostic, location)
    if diagnostic.artifact is not None:
        return result | _layer_result(diagnostic, location)
    result["message"] = {"text": diagnostic.message}
    result["locations"] = [{"physicalLocation": {
        "artifactLocation": location, "region": _region(diagnostic.span)}}]
    if diagnostic.fix is not None:
        result["fixes"] = [_fix(diagnostic.fix, location)]
    return result


def _notebook_result(diagnostic: Diagnostic, location: dict[str, str]) -> dict[str, object]:
    """A notebook finding's rows and columns count within its cell, not within the
    `.ipynb` JSON the URI names, so a region built from them would point at the wrong
    text. GitHub needs `region.startLine`, so the result is anchored at line 1 (the file
    as a whole), the message and the properties say where in the cell it is, and the fix
    is left out: applied to the JSON file, its edits would corrupt it."""
    span = diagnostic.span
    where = f"cell {diagnostic.cell}, line {span.start_row}, column {span.start_col}"
    return {
        "message": {"text": f"{where}: {diagnostic.message}"},
        "locations": [{"physicalLocation": {"artifactLocation": location,
                                            "region": {"startLine": 1}}}],
        "properties": {"cell": diagnostic.cell, "cellRegion": _region(span)},
    }


def _layer_result(diagnostic: Diagnostic, location: dict[str, str]) -> dict[str, object]:
    """A finding in a saved or live model: the layer is a logical location (SARIF §3.33),
    its path the fully qualified name; the file has no rows, so the region is line 1 (GitHub
    requires one), and the fix, a change of the stored config, carries no text edits."""
    artifact = diagnostic.artifact
    assert artifact is not None
    logical: dict[str, object] = {"name": artifact.layer.rsplit("/", 1)[-1],
                                  "fullyQualifiedName": artifact.layer, "kind": "object"}
    physical: dict[str, object] = {"artifactLocation": location, "region": {"startLine": 1}}
    properties: dict[str, object] = {"layerClass": artifact.class_name}
    if artifact.pointer is not None:
        properties["jsonPointer"] = artifact.pointer
    return {
        "message": {"text": f"layer {artifact.layer} ({artifact.class_name}): {diagnostic.message}"},
        "locations": [{"physicalLocation": physical, "logicalLocations": [logical]}],
        "properties": properties,
    }


def _region(span: Span) -> dict[str, int]:
    # Both use 1-based rows and columns with an exclusive end, so the values carry over.
    return {"startLine": span.start_row, "startColumn": span.start_col,
            "endLine": span.end_row, "endColumn": span.end_col}


def _fix(fix: Fix, location: dict[str, str]) -> dict[str, object]:
    return {
        "description": {"text": fix.message},
        "artifactChanges": [{"artifactLocation": location,
                             "replacements": [_replacement(edit) for edit in fix.edits]}],
        # SARIF has no notion of an unsafe fix; readers that care find it here.
        "properties": {"applicability": fix.applicability.value},
    }


def _replacement(edit: Edit) -> dict[str, object]:
    replacement: dict[str, object] = {"deletedRegion": _region(edit.span)}
    if edit.content:  # an absent insertedContent means a pure deletion
        replacement["insertedContent"] = {"text": edit.content}
    return replacement


def _fingerprint(diagnostic: Diagnostic, uri: str, lines: list[str],
                 seen: dict[tuple[str, str], int]) -> str:
    """A hash of the file, the code, the flagged line's text and its occurrence number in
    the file, so it survives lines inserted above (upload-sarif adds its own as well)."""
    row = diagnostic.span.start_row
    text = lines[row - 1].strip() if 0 < row <= len(lines) else ""
    if diagnostic.artifact is not None:
        text = diagnostic.artifact.layer
    key = (diagnostic.code, text)
    seen[key] = seen.get(key, 0) + 1
    data = "\0".join((uri, diagnostic.code, text, str(seen[key])))
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()[:32]


# --- file errors ----------------------------------------------------------------------------

def _invocation(errors: tuple[FileError, ...], root: Path) -> dict[str, object]:
    invocation: dict[str, object] = {
        # A file noiselint could not read means an incomplete analysis (exit code 2).
        "executionSuccessful": not errors,
        "workingDirectory": {"uri": _directory_uri(Path.cwd())},
    }
    if errors:
        invocation["toolExecutionNotifications"] = [_notification(e, root) for e in errors]
    return invocation


def _notification(error: FileError, root: Path) -> dict[str, object]:
    return {
        "level": "error",
        "message": {"text": f"{error.path} {error.message}"},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_location(error.path, root)}}],
    }
