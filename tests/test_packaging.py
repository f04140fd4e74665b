"""The wheel a user installs carries the rule pages, so `noiselint rule` works without the
source tree."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from noiselint.checks import RULES

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_ships_the_rule_pages_and_rule_works_from_it(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path / "dist"),
                    str(ROOT)], check=True, capture_output=True)
    (wheel,) = (tmp_path / "dist").glob("noiselint-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"noiselint/rules/{rule.code}.md" for rule in RULES} <= names
    assert not [n for n in names if ".noiselint_cache" in n or "__pycache__" in n]
    # A fresh environment with the wheel (its dependencies from this interpreter), run
    # from a directory far from the source tree.
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)], check=True,
                   capture_output=True)
    probe = "import noiselint, sys; from noiselint.cli import main; print(noiselint.__file__); main(['rule', 'NL003'])"
    proc = subprocess.run([python, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    location, *page = proc.stdout.splitlines()
    assert location.startswith(str(env_dir)), location
    assert page[0] == "# noise-shape-not-broadcastable (NL003)"
