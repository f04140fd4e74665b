"""The CI output formats (design.md §4): GitHub annotations, SARIF 2.1.0, JUnit XML and the
`--statistics` table, on real files linted by the real pipeline."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from saved_models import keras3_functional, keras3_input, keras3_layer, write_keras_zip

from noiselint.checks import RULES
from noiselint.diagnostics import ArtifactLocation, FileError
from noiselint.report import sarif
from noiselint.report.github import render_github
from noiselint.report.json_format import render_json, render_json_lines
from noiselint.report.junit import render_junit
from noiselint.report.sarif import render_sarif
from noiselint.report.statistics import render_statistics
from noiselint.report.summary import Summary
from noiselint.report.text import render_concise
from noiselint.rule_pages import page
from noiselint.runner import run_paths
from noiselint.settings import Settings

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))

# Three findings: NL001 (safe fix) on line 5, NL004 (no fix) on line 6, NL008 (unsafe fix)
# on line 7.
MODEL = """\
import keras
from keras import layers

inputs = keras.Input(shape=(20, 32))
x = layers.Dropout(0.5, noise_shape=(64, 1, 32))(inputs)
x = layers.Dropout(1.5)(x)
x = layers.SpatialDropout1D(0.1, noise_shape=(None, 1, 32))(x)
"""
CLEAN = """\
from keras import layers

x = layers.Dropout(0.5, noise_shape=(None, 1, 32))
"""
# NL004 quotes the tuple's source, comment and line break included, in its message and
# its fix message: a real message with `%`, `,`, `:` and a newline, spanning lines 3-4.
TUPLE_RATE = """\
from keras import layers

x = layers.Dropout((0.1, (None,  # keep 50%, axis:1
                          1, 32)))
"""



def notebook() -> str:
    """A markdown cell, then the imports, then NL001 on line 2 of cell 3 (ruff counts
    markdown cells too)."""
    def cell(kind: str, *lines: str) -> dict:
        extra = {"execution_count": None, "outputs": []} if kind == "code" else {}
        return {"cell_type": kind, "metadata": {}, "source": list(lines), **extra}

    return json.dumps({"cells": [
        cell("markdown", "# A model\n"),
        cell("code", "import keras\n", "from keras import layers\n"),
        cell("code", "inputs = keras.Input(shape=(20, 32))\n",
             "x = layers.Dropout(0.5, noise_shape=(64, 1, 32))(inputs)\n"),
    ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git checkout (`.git` is all the formats look for) whose `src/` is the working
    directory, so repo-relative paths differ from the paths as given."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "src").mkdir()
    monkeypatch.chdir(root / "src")
    return root


def lint(*paths: str, unsafe_fixes: bool = False) -> Summary:
    # "missing.py" stands for a file noiselint could not finish (e.g. could not write back):
    # a missing path itself is an NL901 finding (test_cli_sarif_format).
    result = run_paths([p for p in paths if p != "missing.py"], Settings(no_cache=True))
    errors = (*result.errors, *(FileError(p, "does not exist") for p in paths if p == "missing.py"))
    return Summary(result.files, errors, unsafe_fixes=unsafe_fixes)


def write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)


# --- github ---------------------------------------------------------------------------------

def unescape(text: str) -> str:
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def parse_command(line: str) -> tuple[dict[str, str], str]:
    """A workflow command split as the runner splits it: the properties end at the first
    `::`, and a property ends at the first `,` (escaped values contain neither)."""
    assert line.startswith("::error ")
    head, message = line[len("::error "):].split("::", 1)
    properties = dict(item.split("=", 1) for item in head.split(","))
    return {key: unescape(value) for key, value in properties.items()}, unescape(message)


def test_github_gives_one_annotation_per_finding_with_repo_relative_file(repo: Path) -> None:
    summary = lint(write(repo / "src" / "model.py", MODEL))
    lines = render_github(summary).splitlines()
    assert len(lines) == 3
    properties, message = parse_command(lines[0])
    assert properties == {"file": "src/model.py", "line": "5", "col": "38", "endLine": "5",
                          "endColumn": "40", "title": "NL001"}
    assert list(properties) == ["file", "line", "col", "endLine", "endColumn", "title"]
    assert message.startswith("model.py:5:38: NL001 `noise_shape` hard-codes batch size 64")
    assert message.endswith("\n  help: Replace `64` with `None`")
    assert [parse_command(line)[0]["title"] for line in lines] == [
        "NL001", "NL004", "NL008"]
    assert parse_command(lines[2])[1].endswith("(unsafe fix)")


def _with_message(summary: Summary, message: str) -> Summary:
    """The same run, its one finding carrying `message` (messages are one line in practice,
    but the escaping must hold for any text a rule could produce)."""
    (result,) = summary.files
    (diagnostic,) = result.diagnostics
    changed = dataclasses.replace(result, diagnostics=(dataclasses.replace(diagnostic, message=message),))
    return dataclasses.replace(summary, files=(changed,))


def test_github_escapes_percent_comma_colon_and_newline(repo: Path) -> None:
    path = write(repo / "src" / "we,ird:dir" / "m%1.py", TUPLE_RATE)
    summary = _with_message(lint(path), "keep 50%, axis:1\n      next line")
    (diagnostic,) = summary.diagnostics
    output = render_github(summary)
    (line,) = output.splitlines()  # no raw newline survives
    assert output == line + "\n"
    assert "::error file=src/we%2Cird%3Adir/m%251.py," in line
    assert "keep 50%25, axis:1%0A      " in line  # data keeps `,` and `:`, escapes `%` and \n
    properties, message = parse_command(line)
    assert properties["file"] == "src/we,ird:dir/m%1.py"
    assert message == (f"we,ird:dir/m%1.py:3:21: NL004 {diagnostic.message}\n"
                       f"  help: {diagnostic.fix.message}")


def test_github_multiline_span_has_lines_but_no_columns(repo: Path) -> None:
    summary = lint(write(repo / "src" / "tuple_rate.py", TUPLE_RATE))
    properties, _ = parse_command(render_github(summary).strip())
    assert properties == {"file": "src/tuple_rate.py", "line": "3", "endLine": "4",
                          "title": "NL004"}


def test_github_notebook_finding_is_a_file_annotation_naming_the_cell(repo: Path) -> None:
    summary = lint(write(repo / "src" / "nb.ipynb", notebook()))
    (line,) = render_github(summary).splitlines()
    properties, message = parse_command(line)
    assert properties == {"file": "src/nb.ipynb", "title": "NL001"}
    assert message.startswith("nb.ipynb:cell 3:2:38: NL001 `noise_shape` hard-codes batch size 64")


def test_github_reports_files_it_could_not_lint(repo: Path) -> None:
    output = render_github(lint("missing.py"))
    assert output == "::error file=src/missing.py,title=noiselint::missing.py does not exist\n"


def test_files_that_could_not_be_linted_are_listed_by_path(repo: Path) -> None:
    # Workers finish in any order; every format lists files (and failed files) by path.
    summary = Summary((), (FileError("b.py", "cannot be read"), FileError("a.py", "cannot be read")))
    assert render_github(summary) == ("::error file=src/a.py,title=noiselint::a.py cannot be read\n"
                                      "::error file=src/b.py,title=noiselint::b.py cannot be read\n")


def test_github_clean_run_prints_nothing(repo: Path) -> None:
    assert render_github(lint(write(repo / "src" / "clean.py", CLEAN))) == ""


# --- sarif ----------------------------------------------------------------------------------

def validate(log: dict) -> None:
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []


def sarif_log(summary: Summary) -> dict:
    log = json.loads(render_sarif(summary))
    validate(log)
    return log


def test_sarif_validates_for_findings_clean_files_and_file_errors(repo: Path) -> None:
    summary = lint(write(repo / "src" / "model.py", MODEL), write(repo / "src" / "clean.py", CLEAN),
                   write(repo / "src" / "tuple_rate.py", TUPLE_RATE), "missing.py")
    log = sarif_log(summary)
    assert log["version"] == "2.1.0"
    assert log["$schema"].startswith("https://")
    assert len(log["runs"]) == 1
    assert len(log["runs"][0]["results"]) == 4


def test_sarif_describes_every_rule_in_the_registry(repo: Path) -> None:
    from noiselint import __version__

    driver = sarif_log(lint(write(repo / "src" / "clean.py", CLEAN)))["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("noiselint", __version__)
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == [rule.code for rule in RULES]
    for rule, described in zip(RULES, driver["rules"], strict=True):
        assert described["name"] == rule.name
        assert described["shortDescription"]["text"] == rule.summary
        # GitHub code scanning requires these three texts, non-empty.
        assert described["fullDescription"]["text"]
        assert described["help"]["text"]
        assert described["helpUri"].endswith(f"/{rule.code}.md")
        assert described["defaultConfiguration"] == {"enabled": rule.default_enabled, "level": "error"}
        assert described["properties"]["fixAvailability"] == rule.fix_availability.value
        markdown = page(rule.code)
        if markdown is not None:  # pages land as they are written
            assert described["help"]["markdown"] == markdown


def test_sarif_full_description_is_the_pages_what_it_does(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = ("# hardcoded-batch-size (NL001)\n\n## What it does\n\nFlags a fixed batch size.\n\n"
            "```python\n## a comment, not a heading\n```\n\n## Why is this bad?\n\nIt crashes.\n")
    monkeypatch.setattr(sarif, "page", lambda code: fake if code == "NL001" else None)
    rules = sarif_log(lint(write(repo / "src" / "clean.py", CLEAN)))["runs"][0]["tool"]["driver"]["rules"]
    assert rules[0]["fullDescription"]["text"] == (
        "Flags a fixed batch size.\n\n```python\n## a comment, not a heading\n```")
    assert rules[0]["help"] == {"text": fake, "markdown": fake}
    # A rule whose page is not written yet falls back to its summary.
    assert rules[1]["fullDescription"]["text"] == RULES[1].summary
    assert rules[1]["help"] == {"text": RULES[1].summary}


def test_sarif_results_carry_rule_region_and_fix(repo: Path) -> None:
    summary = lint(write(repo / "src" / "model.py", MODEL))
    run = sarif_log(summary)["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"
    assert run["columnKind"] == "unicodeCodePoints"
    results = run["results"]
    for result, diagnostic in zip(results, summary.diagnostics, strict=True):
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"] == diagnostic.code
        assert result["level"] == "error"
        assert result["message"]["text"] == diagnostic.message
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"] == {"uri": "src/model.py", "uriBaseId": "%SRCROOT%"}
        span = diagnostic.span
        assert physical["region"] == {"startLine": span.start_row, "startColumn": span.start_col,
                                      "endLine": span.end_row, "endColumn": span.end_col}
        assert result["partialFingerprints"]
    nl001, nl004, nl008 = results
    (change,) = nl001["fixes"][0]["artifactChanges"]
    assert nl001["fixes"][0]["description"]["text"] == "Replace `64` with `None`"
    assert change["replacements"] == [{
        "deletedRegion": {"startLine": 5, "startColumn": 38, "endLine": 5, "endColumn": 40},
        "insertedContent": {"text": "None"}}]
    assert "fixes" not in nl004
    assert nl008["fixes"][0]["properties"] == {"applicability": "unsafe"}


def test_sarif_uris_are_percent_encoded(repo: Path) -> None:
    summary = lint(write(repo / "src" / "my models" / "net,1.py", MODEL))
    result = sarif_log(summary)["runs"][0]["results"][0]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "src/my%20models/net%2C1.py"


def test_sarif_file_outside_the_repository_gets_an_absolute_uri(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "model.py"
    summary = lint(write(outside, MODEL))
    location = sarif_log(summary)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": outside.resolve().as_uri()}


def test_sarif_without_git_is_relative_to_the_working_directory(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    if any((d / ".git").exists() for d in tmp_path.resolve().parents):
        pytest.skip("the temporary directory lies inside a git checkout")
    (tmp_path / "plain").mkdir()
    monkeypatch.chdir(tmp_path / "plain")
    log = sarif_log(lint(write(tmp_path / "plain" / "model.py", MODEL)))
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "model.py", "uriBaseId": "%SRCROOT%"}


def test_sarif_file_errors_are_execution_notifications(repo: Path) -> None:
    failed = sarif_log(lint(write(repo / "src" / "model.py", MODEL), "missing.py"))["runs"][0]
    (invocation,) = failed["invocations"]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert notification["message"]["text"] == "missing.py does not exist"
    artifact = notification["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact["uri"] == "src/missing.py"
    ok = sarif_log(lint(write(repo / "src" / "clean.py", CLEAN)))["runs"][0]
    assert ok["invocations"][0]["executionSuccessful"] is True
    assert "toolExecutionNotifications" not in ok["invocations"][0]
    assert ok["results"] == []


def test_sarif_fingerprint_survives_lines_inserted_above(repo: Path) -> None:
    path = repo / "src" / "model.py"
    before = sarif_log(lint(write(path, MODEL)))["runs"][0]["results"]
    after = sarif_log(lint(write(path, "# a new first line\n\n" + MODEL)))["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after] == [7, 8, 9]
    assert [r["partialFingerprints"] for r in after] == [r["partialFingerprints"] for r in before]
    assert len({json.dumps(r["partialFingerprints"]) for r in after}) == 3


def test_sarif_notebook_finding_is_anchored_to_the_file_and_names_the_cell(repo: Path) -> None:
    summary = lint(write(repo / "src" / "nb.ipynb", notebook()))
    (nl001,) = sarif_log(summary)["runs"][0]["results"]
    assert nl001["message"]["text"].startswith("cell 3, line 2, column 38: `noise_shape` hard-codes")
    physical = nl001["locations"][0]["physicalLocation"]
    assert physical == {"artifactLocation": {"uri": "src/nb.ipynb", "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": 1}}
    assert nl001["properties"] == {"cell": 3, "cellRegion": {
        "startLine": 2, "startColumn": 38, "endLine": 2, "endColumn": 40}}
    assert "fixes" not in nl001  # cell coordinates would edit the wrong bytes of the .ipynb


def test_sarif_rule_properties_are_values_github_code_scanning_accepts(repo: Path) -> None:
    # GitHub's SARIF support: `precision` orders alerts, `problem.severity` sets the level of a
    # non-security alert, `tags` filter them; other spellings are ignored or refused.
    rules = sarif_log(lint(write(repo / "src" / "clean.py", CLEAN)))["runs"][0]["tool"]["driver"]["rules"]
    for rule in rules:
        properties = rule["properties"]
        assert properties["precision"] in {"very-high", "high", "medium", "low"}
        assert properties["problem.severity"] in {"error", "warning", "recommendation"}
        assert properties["tags"] and all(isinstance(tag, str) for tag in properties["tags"])


def test_sarif_full_description_skips_every_kind_of_fence(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A fence may be indented (inside a list item) or written with tildes; a `## ` line
    # inside either is code, not the next heading.
    fake = ("# hardcoded-batch-size (NL001)\n\n## What it does\n\nFlags:\n\n- a fixed batch size\n\n"
            "  ```python\n## a comment\n  ```\n\n~~~\n## another\n~~~\n\n## Why is this bad?\n\nIt crashes.\n")
    monkeypatch.setattr(sarif, "page", lambda code: fake if code == "NL001" else None)
    rules = sarif_log(lint(write(repo / "src" / "clean.py", CLEAN)))["runs"][0]["tool"]["driver"]["rules"]
    assert rules[0]["fullDescription"]["text"] == (
        "Flags:\n\n- a fixed batch size\n\n  ```python\n## a comment\n  ```\n\n~~~\n## another\n~~~")


def test_sarif_descriptions_fit_githubs_limit_cut_between_words(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # GitHub refuses a description over 1024 characters. One of exactly 1024 is kept whole; a
    # longer one keeps the most whole words that fit with the `…` (spaces at 1, 1022, 1024).
    whole = "w " * 511 + "ab"
    long = "a " + "x" * 1020 + " y " + "z" * 600
    pages = {"NL001": f"# t\n\n## What it does\n\n{whole}\n", "NL002": f"# t\n\n## What it does\n\n{long}\n"}
    monkeypatch.setattr(sarif, "page", pages.get)
    rules = sarif_log(lint(write(repo / "src" / "clean.py", CLEAN)))["runs"][0]["tool"]["driver"]["rules"]
    assert len(whole) == 1024 and rules[0]["fullDescription"]["text"] == whole
    assert rules[1]["fullDescription"]["text"] == "a " + "x" * 1020 + "…"


REPEATED = ("from keras import layers\n\n"
            "x = layers.Dropout(1.5)(x)\nx = layers.Dropout(1.5)(x)\ny = layers.Dropout(2.5)(y)\n")


def _fingerprints(path: Path, text: str) -> list[str]:
    results = sarif_log(lint(write(path, text)))["runs"][0]["results"]
    return [r["partialFingerprints"]["noiselintLineHash/v1"] for r in results]


def test_sarif_fingerprint_of_an_old_finding_stays_when_a_like_one_is_added_above(repo: Path) -> None:
    # GitHub matches an alert across commits by its fingerprint: a new NL004 right above the
    # others must not renumber them, and two identical lines are still two alerts.
    path = repo / "src" / "model.py"
    before = _fingerprints(path, REPEATED)
    after = _fingerprints(path, REPEATED.replace("\n\n", "\n\nz = layers.Dropout(3.5)(z)\n"))
    assert len(set(before)) == 3 and len(set(after)) == 4
    assert after[1:] == before


def test_sarif_fingerprint_of_a_finding_on_the_first_and_last_line_stays(repo: Path) -> None:
    path = repo / "src" / "model.py"
    line = "import keras; y = keras.layers.Dropout(1.5)(x)\n"
    assert _fingerprints(path, "# a header\n" + line + "print(y)\n") == _fingerprints(path, line)


def test_sarif_fingerprint_scheme_v1_does_not_change_between_releases(repo: Path) -> None:
    """Recorded values: a new scheme needs a new name (`/v2`), or every alert GitHub knows is
    closed and opened again after an upgrade."""
    assert _fingerprints(repo / "src" / "model.py", REPEATED) == [
        "ccff916cc9ed8219bb9b2240e5a6dd79", "b32192484d29ad3fda13bc6031f8354f", "0c8d1a9ce8609a0dcbabcc9e652a5326"]


def test_sarif_layer_finding_is_a_logical_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The layer's name may be any string a `.keras` file holds (a lone surrogate too); a
    # finding on the model itself names the model, whose path has no `/`.
    monkeypatch.chdir(tmp_path)
    layers = [keras3_input("x", [None, 10, 8]),
              keras3_layer("Dropout", "d\ud800rop", {"rate": 0.5, "noise_shape": [32, 1, 8], "seed": None},
                           [("x", 0, 0)], shapes=[[None, 10, 8]])]
    write_keras_zip(tmp_path / "m.keras", keras3_functional(layers, ["x"], ["d\ud800rop"]))
    summary = lint("m.keras")
    (finding,) = summary.diagnostics
    model_level = dataclasses.replace(finding, artifact=ArtifactLocation("model", "Functional"))
    both = Summary((dataclasses.replace(summary.files[0], diagnostics=(finding, model_level)),), ())
    layer, model = sarif_log(both)["runs"][0]["results"]
    assert layer["locations"] == [{
        "physicalLocation": {"artifactLocation": {"uri": "m.keras", "uriBaseId": "%SRCROOT%"},
                             "region": {"startLine": 1}},
        "logicalLocations": [{"name": "d\ud800rop", "fullyQualifiedName": "model/d\ud800rop", "kind": "object"}]}]
    assert layer["properties"] == {"layerClass": "Dropout", "jsonPointer": "/config/layers/1/config/noise_shape/0"}
    assert layer["message"]["text"].startswith("layer model/d\ud800rop (Dropout): `noise_shape` hard-codes")
    assert model["locations"][0]["logicalLocations"] == [
        {"name": "model", "fullyQualifiedName": "model", "kind": "object"}]
    assert len({r["partialFingerprints"]["noiselintLineHash/v1"] for r in (layer, model)}) == 2


def test_sarif_run_from_the_filesystem_root_has_well_formed_directory_uris(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # A container's working directory is often `/`: its URI already ends in the slash SARIF
    # requires of a base URI, and gets no second one.
    if Path("/.git").exists():
        pytest.skip("the filesystem root is a git checkout")
    path = write(tmp_path / "model.py", MODEL)
    monkeypatch.chdir("/")
    run = sarif_log(lint(path))["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": "file:///"}}
    assert run["invocations"][0]["workingDirectory"] == {"uri": "file:///"}
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": path.lstrip("/"), "uriBaseId": "%SRCROOT%"}


def test_sarif_and_github_paths_through_a_symlinked_checkout_are_repo_relative(repo: Path, tmp_path: Path) -> None:
    # The file is named through a link to the checkout: not under the root as written, under
    # it once the link is resolved.
    write(repo / "src" / "model.py", MODEL)
    (tmp_path / "link").symlink_to(repo)
    summary = lint(str(tmp_path / "link" / "src" / "model.py"))
    location = sarif_log(summary)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "src/model.py", "uriBaseId": "%SRCROOT%"}
    assert parse_command(render_github(summary).splitlines()[0])[0]["file"] == "src/model.py"


# --- junit ----------------------------------------------------------------------------------

def test_junit_has_a_suite_per_file_and_a_case_per_finding(repo: Path) -> None:
    summary = lint(write(repo / "src" / "model.py", MODEL), write(repo / "src" / "clean.py", CLEAN),
                   "missing.py")
    output = render_junit(summary)
    assert output.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(output)
    assert (root.tag, root.get("name")) == ("testsuites", "noiselint")
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("5", "3", "1")
    clean, model, missing = root.findall("testsuite")  # by path, as in every format
    assert (model.get("name"), model.get("tests"), model.get("failures")) == ("model.py", "3", "3")
    first = model.find("testcase")
    assert first.attrib == {"name": "org.noiselint.NL001", "classname": "model", "line": "5", "column": "38"}
    failure = first.find("failure")
    assert failure.get("message") == summary.diagnostics[0].message
    assert failure.text == f"line 5, col 38, {summary.diagnostics[0].message}"
    assert [c.get("name") for c in model] == ["org.noiselint.NL001", "org.noiselint.NL004", "org.noiselint.NL008"]
    (passing,) = clean.findall("testcase")
    assert (clean.get("tests"), clean.get("failures")) == ("1", "0")
    assert passing.find("failure") is None
    # A CI report lists each case by classname and name: the file, and what the case is.
    assert passing.attrib == {"name": "org.noiselint.no-findings", "classname": "clean"}
    assert missing.get("errors") == "1"
    (erroring,) = missing.findall("testcase")
    assert erroring.attrib == {"name": "org.noiselint.file-error", "classname": "missing"}
    assert erroring.find("error").get("message") == "does not exist"
    assert erroring.find("error").text == "missing.py does not exist"
    assert {suite.get("package") for suite in (clean, model, missing)} == {"org.noiselint"}


def test_junit_escapes_markup_newlines_and_control_characters(repo: Path) -> None:
    # A form feed is illegal in XML 1.0; `<`, `&` and `"` need escaping.
    summary = _with_message(lint(write(repo / "src" / "tuple_rate.py", TUPLE_RATE)),
                            'keep <50%> & "axis:1"\x0c\nnext')
    (diagnostic,) = summary.diagnostics
    failure = ET.fromstring(render_junit(summary)).find("testsuite/testcase/failure")
    expected = diagnostic.message.replace("\x0c", "\\x0c")
    assert failure.get("message") == expected
    assert failure.text == f"line 3, col 21, {expected}"


def test_junit_notebook_finding_names_the_cell_in_the_text(repo: Path) -> None:
    summary = lint(write(repo / "src" / "nb.ipynb", notebook()))
    case = ET.fromstring(render_junit(summary)).find("testsuite/testcase")
    assert case.attrib == {"name": "org.noiselint.NL001", "classname": "nb"}
    assert case.find("failure").text.startswith("cell 3, line 2, col 38, ")


# --- statistics -----------------------------------------------------------------------------

STATISTICS_MODEL = """\
from keras import layers

a = layers.Dropout(0.5, noise_shape=(64, 1, 32))
b = layers.Dropout(0.5, noise_shape=(32, 1, 32))
c = layers.Dropout(1.5)
d = layers.Dropout(-0.1)
e = layers.Dropout("half")
f = layers.SpatialDropout1D(0.1, noise_shape=(None, 1, 32))
"""


def test_statistics_counts_each_code_most_frequent_first(repo: Path) -> None:
    summary = lint(write(repo / "src" / "model.py", STATISTICS_MODEL))
    assert render_statistics(summary) == (
        "3\tNL004\t[ ] invalid-dropout-rate\n"
        "2\tNL001\t[*] hardcoded-batch-size\n"
        "1\tNL008\t[ ] unsupported-argument\n")


def test_statistics_marks_unsafe_fixes_fixable_with_unsafe_fixes(repo: Path) -> None:
    summary = lint(write(repo / "src" / "model.py", STATISTICS_MODEL), unsafe_fixes=True)
    assert render_statistics(summary).splitlines()[-1] == "1\tNL008\t[*] unsupported-argument"


def test_statistics_of_a_clean_run_is_empty(repo: Path) -> None:
    assert render_statistics(lint(write(repo / "src" / "clean.py", CLEAN))) == ""


def test_statistics_aligns_counts_of_different_widths(repo: Path) -> None:
    many = "from keras import layers\n" + "".join(
        f"x{i} = layers.Dropout(1.5)\n" for i in range(10))
    summary = lint(write(repo / "src" / "many.py", many), write(repo / "src" / "model.py", MODEL))
    assert render_statistics(summary).splitlines() == [
        "11\tNL004\t[ ] invalid-dropout-rate",
        " 1\tNL001\t[*] hardcoded-batch-size",
        " 1\tNL008\t[ ] unsupported-argument"]


# --- through the command line ---------------------------------------------------------------

def test_cli_github_format(run_cli, repo: Path) -> None:
    write(repo / "src" / "model.py", MODEL)
    code, out, _ = run_cli("--output-format", "github", "model.py")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 3
    assert all(line.startswith("::error file=src/model.py,line=") for line in lines)


def test_cli_sarif_format(run_cli, repo: Path) -> None:
    write(repo / "src" / "model.py", MODEL)
    code, out, _ = run_cli("--output-format", "sarif", "model.py", "missing.py")
    assert code == 1  # a missing path is a finding (NL901), as ruff's E902
    log = json.loads(out)
    validate(log)
    run = log["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["NL901", "NL001", "NL004", "NL008"]
    assert run["invocations"][0]["executionSuccessful"] is True


def test_cli_junit_format(run_cli, repo: Path) -> None:
    write(repo / "src" / "model.py", MODEL)
    write(repo / "src" / "clean.py", CLEAN)
    code, out, _ = run_cli("--output-format", "junit", ".")
    assert code == 1
    root = ET.fromstring(out)
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "3", "0")


def test_cli_statistics(run_cli, repo: Path) -> None:
    write(repo / "src" / "model.py", STATISTICS_MODEL)
    code, out, _ = run_cli("--statistics", "model.py")
    assert code == 1
    assert out == ("3\tNL004\t[ ] invalid-dropout-rate\n"
                   "2\tNL001\t[*] hardcoded-batch-size\n"
                   "1\tNL008\t[ ] unsupported-argument\n")



# --- json -----------------------------------------------------------------------------------

def test_json_has_ruffs_fields_and_layout(repo: Path) -> None:
    summary = lint(write(repo / "src" / "model.py", MODEL))
    out = render_json(summary)
    found = json.loads(out)
    assert out == json.dumps(found, indent=2, sort_keys=True) + "\n"  # ruff's layout
    assert [d["code"] for d in found] == ["NL001", "NL004", "NL008"]
    assert found[0] == {
        "cell": None, "code": "NL001", "end_location": {"column": 40, "row": 5}, "filename": "model.py",
        "fix": {"applicability": "safe", "message": "Replace `64` with `None`",
                "edits": [{"content": "None", "end_location": {"column": 40, "row": 5},
                           "location": {"column": 38, "row": 5}}]},
        "layer": None, "location": {"column": 38, "row": 5}, "message": found[0]["message"],
        "name": "hardcoded-batch-size", "noqa_row": 5, "severity": "error",
        "url": "https://github.com/noiselint/noiselint/blob/main/rules/NL001.md"}
    assert found[0]["message"].startswith("`noise_shape` hard-codes batch size 64")
    assert found[1]["fix"] is None and found[2]["fix"]["applicability"] == "unsafe"
    lines = render_json_lines(summary).splitlines(keepends=True)
    assert lines == [json.dumps(d, sort_keys=True) + "\n" for d in found]


def test_json_names_the_layer_of_a_saved_model_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    layers = [keras3_input("x", [None, 10, 8]),
              keras3_layer("Dropout", "drop", {"rate": 0.5, "noise_shape": [32, 1, 8], "seed": None},
                           [("x", 0, 0)], shapes=[[None, 10, 8]])]
    write_keras_zip(tmp_path / "m.keras", keras3_functional(layers, ["x"], ["drop"]))
    [finding] = json.loads(render_json(lint("m.keras")))
    assert finding["code"] == "NL001" and finding["filename"] == "m.keras"
    assert finding["layer"] == {"path": "model/drop", "class_name": "Dropout",
                                "pointer": "/config/layers/1/config/noise_shape/0"}


# --- text -----------------------------------------------------------------------------------

FIRST_ROW = "import keras; y = keras.layers.Dropout(0.5, noise_shape=(64, 1, 8))(x)\n"
UNCLOSED = "from keras import layers\ny = layers.Dropout(0.5, noise_shape=(64, 1, 8)\n"
NL001_MESSAGE = ("`noise_shape` hard-codes batch size 64: Dropout fails in training (fit, `training=True`) on "
                 "any other batch size, such as the last partial batch; use `None`")


def test_text_quotes_each_line_under_its_finding_with_carets_and_help(run_cli, tmp_path: Path) -> None:
    # One finding on row 1, a zero-width one (a syntax error), one spanning two lines, an
    # unsafe fix, a finding without a fix and one of a path that has no text.
    for name, text in (("model.py", MODEL), ("tuple_rate.py", TUPLE_RATE), ("first.py", FIRST_ROW),
                       ("broken.py", UNCLOSED)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    paths = ("model.py", "tuple_rate.py", "first.py", "broken.py", "missing.py")
    code, out, _ = run_cli("--isolated", "--no-cache", "--output-format", "text", *paths, cwd=tmp_path)
    assert code == 1
    assert out == (
        "broken.py:2:19: NL900 the file does not parse: '(' was never closed\n"
        "     2 | y = layers.Dropout(0.5, noise_shape=(64, 1, 8)\n"
        "       |                   ^\n\n"
        f"first.py:1:58: NL001 [*] {NL001_MESSAGE}\n"
        "     1 | import keras; y = keras.layers.Dropout(0.5, noise_shape=(64, 1, 8))(x)\n"
        "       |                                                          ^^\n"
        "  help: Replace `64` with `None`\n\n"
        "missing.py:1:1: NL901 this path does not exist\n\n"
        f"model.py:5:38: NL001 [*] {NL001_MESSAGE}\n"
        "     5 | x = layers.Dropout(0.5, noise_shape=(64, 1, 32))(inputs)\n"
        "       |                                      ^^\n"
        "  help: Replace `64` with `None`\n\n"
        "model.py:6:20: NL004 `rate` of Dropout is 1.5, outside [0, 1]: a ValueError when the layer is constructed\n"
        "     6 | x = layers.Dropout(1.5)(x)\n"
        "       |                    ^^^\n\n"
        "model.py:7:34: NL008 SpatialDropout1D takes no `noise_shape`: Keras 3 raises a TypeError when the layer "
        "is constructed; SpatialDropout1D already shares its mask over the spatial axes\n"
        "     7 | x = layers.SpatialDropout1D(0.1, noise_shape=(None, 1, 32))(x)\n"
        "       |                                  ^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "  help: Remove the `noise_shape` argument (unsafe fix)\n\n"
        "tuple_rate.py:3:21: NL004 [*] `rate` of Dropout is a tuple, not a number: a TypeError when the layer is "
        "constructed; did you mean `layers.Dropout(0.1, noise_shape=(None, 1, 32))`?\n"
        "     3 | x = layers.Dropout((0.1, (None,  # keep 50%, axis:1\n"
        "       |                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"  # to the end of the first row
        "  help: Pass the shape as `noise_shape`, not inside the rate\n\n"
        "Found 7 errors.\n"
        "[*] 3 fixable with the `--fix` option (1 hidden fix can be enabled with the `--unsafe-fixes` option).\n")


KEEP_PROB = "import tensorflow as tf\ny = tf.nn.dropout(x, keep_prob=0.8)\n"
KEEP_PROB_TWICE = KEEP_PROB + "z = tf.nn.dropout(x, keep_prob=0.9)\n"


@pytest.mark.parametrize(("flags", "text", "closing"), [
    ((), KEEP_PROB, "Found 1 error.\nNo fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` "
                    "option).\n"),
    ((), KEEP_PROB_TWICE, "Found 2 errors.\nNo fixes available (2 hidden fixes can be enabled with the "
                          "`--unsafe-fixes` option).\n"),
    (("--fix",), KEEP_PROB, "Found 1 error.\n1 unsafe fix available with `--fix --unsafe-fixes`.\n"),
    (("--fix",), KEEP_PROB_TWICE, "Found 2 errors.\n2 unsafe fixes available with `--fix --unsafe-fixes`.\n"),
])
def test_the_closing_lines_count_hidden_and_unsafe_fixes(run_cli, tmp_path: Path, flags: tuple[str, ...],
                                                         text: str, closing: str) -> None:
    (tmp_path / "m.py").write_text(text, encoding="utf-8")
    _, out, _ = run_cli("--isolated", "--no-cache", *flags, "m.py", cwd=tmp_path)
    assert out.endswith(closing) and out.count("\n") == closing.count("\n") + text.count("keep_prob")


@pytest.mark.parametrize("show", [True, False])
def test_show_fixes_lists_each_fixed_file_with_a_count_per_rule(run_cli, tmp_path: Path, show: bool) -> None:
    (tmp_path / "a.py").write_text(FIRST_ROW, encoding="utf-8")
    (tmp_path / "b.py").write_text("from keras import layers\n" + "y = layers.Dropout(0.5, noise_shape=(64, 1, 8))(x)\n"
                                   * 2, encoding="utf-8")
    _, out, _ = run_cli("--isolated", "--no-cache", "--fix", *(["--show-fixes"] if show else []), "a.py", "b.py",
                        cwd=tmp_path)
    listed = ("\nFixed 3 errors:\n- a.py:\n    1 × NL001 (hardcoded-batch-size)\n"
              "- b.py:\n    2 × NL001 (hardcoded-batch-size)\n")
    assert out == (listed if show else "") + "Found 3 errors (3 fixed, 0 remaining).\n"


def test_a_run_whose_only_problems_are_failed_files_says_how_many_failed() -> None:
    one = Summary((), (FileError("b.py", "cannot be read"),))
    assert render_concise(one) == "No errors found, but 1 file failed (see above).\n"
    # A skipped file (its rule is not selected) is a warning, not a failure.
    three = Summary((), (FileError("b.py", "x"), FileError("a.py", "y"), FileError("c.py", "z", skipped=True)))
    assert render_concise(three) == "No errors found, but 2 files failed (see above).\n"
