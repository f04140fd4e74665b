"""The wheel a user installs carries the rule pages, so `noiselint rule` works without the
source tree, in an environment that has nothing but the wheel and its declared dependencies."""

from __future__ import annotations

import json
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
    # A fresh environment that sees neither this venv nor the base interpreter's packages:
    # the wheel and its declared dependencies, installed by pip from the same index and pip
    # configuration as this environment (pip reads them from the inherited environment and
    # config files). Run from a directory far from the source tree.
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=False, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run([python, "-m", "pip", "install", "--quiet", str(wheel)],
                             capture_output=True, text=True)
    assert install.returncode == 0, install.stderr
    probe = ("import noiselint, sys; from noiselint.cli import main; print(noiselint.__file__); "
             "import json; print(json.dumps([p for p in sys.path if 'site-packages' in p])); main(['rule', 'NL003'])")
    proc = subprocess.run([python, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    location, paths, *page = proc.stdout.splitlines()
    assert location.startswith(str(env_dir)), location
    # Only the fresh venv's own site-packages: nothing leaks in from the base interpreter.
    assert all(p.startswith(str(env_dir)) for p in json.loads(paths)), paths
    assert page[0] == "# noise-shape-not-broadcastable (NL003)"
