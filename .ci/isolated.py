"""Fail unless this interpreter is a venv that cannot see the base interpreter's packages,
and no test creates an environment with `system_site_packages=True` (which would)."""

from __future__ import annotations

import site
import sys
import sysconfig
from pathlib import Path

base = {sysconfig.get_paths(vars={"base": sys.base_prefix, "platbase": sys.base_prefix})[key]
        for key in ("purelib", "platlib")}
problems = []
if sys.prefix == sys.base_prefix:
    problems.append("not running inside a venv")
problems += [f"base site-packages on sys.path: {p}" for p in sys.path if p in base]
if site.ENABLE_USER_SITE and any(p.startswith(site.getusersitepackages()) for p in sys.path):
    problems.append("the user site-packages is on sys.path")
tests = Path(__file__).resolve().parent.parent / "tests"
problems += [f"{path.name} exposes the base interpreter's packages (system_site_packages=True)"
             for path in sorted(tests.glob("*.py")) if "system_site_packages=True" in path.read_text()]
for problem in problems:
    print(f".ci/isolated.py: {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
