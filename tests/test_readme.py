"""The README and docs/ promise what the code does: the rule table, flags, config keys,
install lines, links, and a quick start that runs as written."""

from __future__ import annotations

import os
import re
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

from noiselint.checks import RULES
from noiselint.checks.base import FixAvailability
from noiselint.cli import _check_parser
from noiselint.settings import _KEYS

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
URL = "https://github.com/noiselint/noiselint"
BAD = """\
from keras import layers

inp = layers.Input((10, 8))
y = layers.Dropout(0.5, noise_shape=(64, 1, 8))(inp)
"""


DOCS = sorted((ROOT / "docs").glob("*.md"))


def _table_rows(text: str) -> dict[str, list[str]]:
    rows = {}
    for line in text.splitlines():
        match = re.match(r"\| \[(NL\d{3})\]\(([^)]*)\) \| (.*) \|$", line)
        if match:
            rows[match.group(1)] = [match.group(2), *(cell.strip() for cell in match.group(3).split(" | "))]
    return rows


def _row(rule, page: str) -> str:
    fix = "none" if rule.fix_availability is FixAvailability.NONE else "safe (or unsafe: see its page)"
    return (f"| [{rule.code}]({page}) | {rule.name} | {'on' if rule.default_enabled else 'off'} | {fix} | "
            f"{rule.summary} |")


@pytest.mark.parametrize(("table", "pages"), [("README.md", "rules/"), ("rules/README.md", "")])
def test_rule_tables_match_the_registry_and_the_pages(table: str, pages: str) -> None:
    """A new rule (NL1xx, NL2xx, ...) is a module, a page and a row of each table: this test
    names the row to add."""
    rows = _table_rows((ROOT / table).read_text(encoding="utf-8"))
    on_disk = sorted(p.stem for p in (ROOT / "rules").glob("NL*.md"))
    missing = [_row(rule, f"{pages}{rule.code}.md") for rule in RULES if rule.code not in rows]
    assert not missing, f"{table} lacks these rows (in code order):\n" + "\n".join(missing)
    assert list(rows) == [rule.code for rule in RULES] == on_disk, (table, list(rows), on_disk)
    for rule in RULES:
        link, name, default, fix = rows[rule.code][:4]
        assert link == f"{pages}{rule.code}.md"
        assert name == rule.name
        assert default == ("on" if rule.default_enabled else "off")
        assert (fix == "none") == (rule.fix_availability is FixAvailability.NONE), rule.code


def test_every_flag_is_documented() -> None:
    reference = (ROOT / "docs" / "command-line.md").read_text(encoding="utf-8")
    for action in _check_parser()._actions:
        for flag in action.option_strings:
            if flag.startswith("--") and flag not in ("--help",):
                base = flag.replace("--no-", "--")
                assert f"`{flag}" in reference or f"[no-]{base[2:]}" in reference, f"docs/command-line.md lacks {flag}"


def test_every_config_key_is_documented() -> None:
    for key in _KEYS:
        assert f"`{key}`" in README, f"README does not document `{key}`"


def test_test_commands_are_those_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    guide = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    assert 'pip install -e ".[test]"' in guide and 'pip install --quiet -e ".[test]"' in ci
    assert '$ python -m pytest -m "slow or not slow"' in guide
    assert 'python -m pytest -q -p no:cacheprovider -m "slow or not slow"' in ci
    assert "$ python -m pytest  " in guide  # the default command, and what it skips
    addopts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["addopts"]
    assert '-m "not slow"' in addopts


def test_rule_pages_cite_nothing_users_do_not_have() -> None:
    # `noiselint rule` shows these pages to users: they cite Keras/TensorFlow, not the
    # project's internal notes.
    for path in sorted((ROOT / "rules").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert "keras-facts" not in text and "§" not in text, path.name


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("page", [ROOT / "README.md", *DOCS], ids=lambda p: p.name)
def test_links_lead_somewhere(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if target.startswith(("http://", "https://")):
            continue
        path, _, anchor = target.partition("#")
        where = (page.parent / path).resolve() if path else page
        assert where.exists(), f"{page.name}: {target}"
        if anchor and where.suffix == ".md":
            headings = re.findall(r"^#+ (.*)$", where.read_text(encoding="utf-8"), flags=re.M)
            assert anchor in {_slug(h) for h in headings}, f"{page.name}: {target}"


@pytest.mark.parametrize("page", [ROOT / "README.md", *DOCS, ROOT / "editors" / "vscode" / "README.md"],
                         ids=lambda p: p.name)
def test_every_install_line_works_without_a_registry(page: Path) -> None:
    """noiselint is not on PyPI: every `pip install` of it names a path or a git URL."""
    text = page.read_text(encoding="utf-8")
    for line in re.findall(r"pip install[^`\n]*", text):
        if "noiselint" in line or re.search(r"""["']?\.?\[[a-z,]+\]""", line):
            assert re.search(r"""["']\.\[|-e ["']\.\[|["'][^"' ]*/noiselint\[""", line), (page.name, line)


def test_messages_give_install_lines_that_work_today() -> None:
    """What noiselint prints (a missing extra) must not send users to a registry it is not on."""
    for path in sorted((ROOT / "noiselint").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""pip install ['"]?noiselint\[""", text), path


def _quick_start() -> tuple[str, list[str]]:
    section = README.split("## Quick start\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```console\n(.*?)```", section, flags=re.S).group(1)
    return section, [line[2:] for line in block.splitlines()]


def test_quick_start_comes_first_and_is_short() -> None:
    assert re.findall(r"^## (.*)$", README, flags=re.M)[:3] == ["Quick start", "What it finds", "Where you work"]
    section, commands = _quick_start()
    assert len(section.strip().splitlines()) <= 22 and len(commands) <= 6
    python = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert python == ">=3.10" and "Python 3.10 or later" in section
    assert commands[0] == f"git clone {URL} && cd noiselint"
    assert commands[3] == "noiselint fixtures/stackoverflow/cnn_hardcoded_batch.py"


def test_example_output_is_what_noiselint_prints(run_cli) -> None:
    block = README.split("## What it finds\n", 1)[1].split("```console\n", 1)[1].split("```", 1)[0]
    command, *expected = block.splitlines()
    assert command == "$ noiselint fixtures/stackoverflow/cnn_hardcoded_batch.py"
    _, out, _ = run_cli("--no-cache", "fixtures/stackoverflow/cnn_hardcoded_batch.py", cwd=ROOT)
    assert out.splitlines() == expected


def _console_examples() -> list[tuple[str, str, list[str]]]:
    """(page, command, the output shown under it) for every console block that shows what a
    `noiselint` command on a file of this repository prints."""
    found = []
    for page in [ROOT / "README.md", *DOCS]:
        for block in re.findall(r"```console\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.S):
            command, *output = block.splitlines()
            args = command.removeprefix("$ ").split()
            if not output or args[0] != "noiselint" or any("…" in line or line.startswith("$ ") for line in output):
                continue
            paths = [a for a in args[1:] if "/" in a or a.endswith((".py", ".ipynb", ".keras", ".h5"))]
            if paths and all((ROOT / path).exists() for path in paths):
                found.append((page.name, command, output))
    return found


@pytest.mark.parametrize(("page", "command", "output"), _console_examples(), ids=lambda v: str(v)[:60])
def test_console_examples_print_what_they_show(page: str, command: str, output: list[str]) -> None:
    args = command.removeprefix("$ noiselint").split()
    proc = subprocess.run([sys.executable, "-m", "noiselint", "--no-cache", *args] if args[0] != "shapes" else
                          [sys.executable, "-m", "noiselint", *args, "--no-cache"], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    # What a terminal shows: the report, then the closing line some commands print on stderr.
    shown = proc.stdout.splitlines() + [line for line in proc.stderr.splitlines() if not line.startswith("noiselint:")]
    assert shown == output, f"{page}: {command}"


def _site_packages_without_noiselint(tmp_path: Path) -> Path:
    """This interpreter's installed packages (TensorFlow, Keras, ...) minus noiselint, so that
    the quick start's `pip install` finds its dependencies installed instead of downloading
    2 GB, and installs noiselint itself from the clone."""
    deps = tmp_path / "deps"
    deps.mkdir()
    for packages in map(Path, site.getsitepackages()):
        for entry in packages.iterdir():
            if entry.name.startswith(("noiselint", "_editable_impl_noiselint", "__editable__")) or \
                    entry.suffix == ".pth" or (deps / entry.name).exists():
                continue
            (deps / entry.name).symlink_to(entry)
    return deps


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None, reason="needs git and bash")
def test_quick_start_runs_as_written(tmp_path: Path) -> None:
    """The README's quick start, line by line in bash, in an empty directory: the clone comes
    from this checkout (its committed HEAD) instead of the network, and `path/to/your/project`
    is made to hold one buggy model. `pip install` builds noiselint from the clone."""
    _, commands = _quick_start()
    clone = commands[0].replace(URL, f"{ROOT} noiselint")
    project = "mkdir -p path/to/your/project && cp '{}' path/to/your/project/model.py".format(tmp_path / "model.py")
    (tmp_path / "model.py").write_text(BAD)
    # Findings exit 1: record each command's exit code instead of stopping there.
    script = ["set -e", clone, project]
    for i, command in enumerate(commands[1:], 1):
        script.append(f"{command} > out{i}.txt 2>&1 || echo $? > rc{i}.txt" if command.startswith("noiselint")
                      else command)
    # Then the README's command-line examples, on a `src/` that holds the same model.
    section = README.split("### Command line\n", 1)[1].split("\n### ", 1)[0]
    examples = [line[2:].split("#")[0].strip() for line in re.search(r"```console\n(.*?)```", section, re.S)
                .group(1).splitlines()]
    script.append(f"mkdir -p src && cp '{tmp_path / 'model.py'}' src/model.py")
    script += [f"{c} > cl{i}.txt 2>&1 || echo $? > clrc{i}.txt" for i, c in enumerate(examples)]
    work = tmp_path / "work"
    work.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(PATH=f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}",
               PYTHONPATH=str(_site_packages_without_noiselint(tmp_path)), PIP_DISABLE_PIP_VERSION_CHECK="1")
    proc = subprocess.run(["bash", "-c", "\n".join(script)], cwd=work, env=env, capture_output=True, text=True,
                          timeout=900, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    clone_dir = work / "noiselint"
    outputs = {i: (clone_dir / f"out{i}.txt").read_text() for i in (3, 4, 5)}
    codes = {i: (clone_dir / f"rc{i}.txt").read_text().strip() for i in (3, 4, 5)}
    assert str(clone_dir / ".venv") in (clone_dir / ".venv" / "bin" / "noiselint").read_text()
    example = README.split("## What it finds\n", 1)[1].split("```console\n", 1)[1].split("```", 1)[0]
    assert outputs[3].splitlines() == example.splitlines()[1:] and codes[3] == "1"
    assert outputs[4].startswith("path/to/your/project/model.py:4:38: NL001 [*]") and codes[4] == "1"
    assert "+y = layers.Dropout(0.5, noise_shape=(None, 1, 8))(inp)" in outputs[5] and codes[5] == "1"
    assert (clone_dir / "path/to/your/project/model.py").read_text() == BAD  # --diff changes nothing
    for i, example in enumerate(examples):
        out = (clone_dir / f"cl{i}.txt").read_text()
        rc = (clone_dir / f"clrc{i}.txt").read_text().strip() if (clone_dir / f"clrc{i}.txt").exists() else "0"
        assert rc in ("0", "1") and "Traceback" not in out and "error:" not in out, (example, rc, out)
    assert (clone_dir / "src/model.py").read_text() == BAD.replace("(64,", "(None,")  # --fix fixed it


def test_fixed_fixtures_are_clean_or_say_why_not(run_cli) -> None:
    import json

    fixed = sorted(str(p) for p in (ROOT / "fixtures").rglob("*.fixed.py"))
    _, out, _ = run_cli("--output-format", "json", "--isolated", *fixed)
    for path in sorted({d["filename"] for d in json.loads(out)}):
        text = Path(path).read_text(encoding="utf-8")
        codes = sorted({d["code"] for d in json.loads(out) if d["filename"] == path})
        assert "is not clean: `--fix` leaves" in text, path
        assert all(code in text.rsplit("is not clean", 1)[1] for code in codes), (path, codes)
