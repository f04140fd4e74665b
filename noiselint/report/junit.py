"""JUnit XML output for CI test reports: a `Summary` to one `<testsuite>` per file, one
failing `<testcase>` per finding, a passing one for a clean file, an erroring one for a file
that could not be linted."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import PurePath

from noiselint.diagnostics import Diagnostic, FileError
from noiselint.report.escape import printable
from noiselint.report.summary import Summary

# Characters XML 1.0 forbids even as references (most C0 controls, lone surrogates,
# U+FFFE/F). ElementTree writes them raw and the document no longer parses; a form feed is
# legal Python whitespace, so a message that quotes source can carry one.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PREFIX = "org.noiselint"


def render_junit(summary: Summary) -> str:
    suites = list(_suites(summary))
    totals = {key: str(sum(int(suite.get(key, "0")) for suite in suites))
              for key in ("tests", "failures", "errors")}
    root = ET.Element("testsuites", name="noiselint", **totals)
    root.extend(suites)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _suites(summary: Summary) -> Iterator[ET.Element]:
    for result in summary.files:
        cases = [_failing(d) for d in result.diagnostics] or [_passing(result.source.path)]
        yield _suite(result.source.path, cases)
    for error in summary.errors:
        yield _suite(error.path, [_erroring(error)])


def _suite(path: str, cases: list[ET.Element]) -> ET.Element:
    def having(tag: str) -> str:
        return str(sum(1 for case in cases if case.find(tag) is not None))

    suite = ET.Element("testsuite", name=_clean(printable(path)), tests=str(len(cases)),
                       failures=having("failure"), errors=having("error"), package=_PREFIX)
    suite.extend(cases)
    return suite


def _failing(diagnostic: Diagnostic) -> ET.Element:
    span = diagnostic.span
    case = ET.Element("testcase", name=f"{_PREFIX}.{diagnostic.code}",
                      classname=_classname(diagnostic.path))
    where = f"line {span.start_row}, col {span.start_col}"
    if diagnostic.artifact is not None:
        where = printable(f"layer {diagnostic.artifact.layer} ({diagnostic.artifact.class_name})")
    elif diagnostic.cell is None:
        case.set("line", str(span.start_row))
        case.set("column", str(span.start_col))
    else:
        # Cell rows are not rows of the .ipynb file, so they go in the text, not `line=`.
        where = f"cell {diagnostic.cell}, {where}"
    # Line breaks in a message stay (XML carries them); everything else not plain is escaped
    # by the last pass over the whole report (cli.py).
    failure = ET.SubElement(case, "failure", message=_clean(diagnostic.message))
    failure.text = _clean(f"{where}, {diagnostic.message}")
    return case


def _passing(path: str) -> ET.Element:
    return ET.Element("testcase", name=f"{_PREFIX}.no-findings", classname=_classname(path))


def _erroring(error: FileError) -> ET.Element:
    case = ET.Element("testcase", name=f"{_PREFIX}.file-error", classname=_classname(error.path))
    problem = ET.SubElement(case, "error", message=_clean(error.message))
    problem.text = _clean(f"{printable(error.path)} {printable(error.message)}")
    return case


def _classname(path: str) -> str:
    # The path without its suffix, as ruff writes it: readable and unique per file.
    return _clean(printable(PurePath(path).with_suffix("").as_posix() if PurePath(path).suffix else path))


def _clean(text: str) -> str:
    return _NOT_XML.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
