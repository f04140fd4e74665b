"""Keep the linted tree off the import path: `python -m noiselint` puts the working directory
first on `sys.path`, so a `keras.py`, `numpy.py` or `json.py` in the linted tree would be
imported (and run) in place of the real module. This module and `noiselint/__init__.py`
import only what the interpreter has imported before it runs `-m` (os, site, sys): this
runs before anything else is imported. (What the interpreter itself imports for `-m`,
`runpy` and `importlib`, only `python -P` or the `noiselint` script can protect.)"""

import os
import site
import sys


def drop_untrusted_paths(argv: list) -> None:
    """Remove from `sys.path` the working directory (`''` or its absolute path) and every
    directory given on the command line (or holding a file given there). The interpreter's
    own library and site-packages stay, even when one of them is linted."""
    keep = _interpreter_paths()
    untrusted = {_real(os.getcwd())}
    for arg in argv:
        if arg.startswith("-") or not arg:
            continue
        untrusted.add(_real(arg if os.path.isdir(arg) else os.path.dirname(os.path.abspath(arg))))
    sys.path[:] = [entry for entry in sys.path
                   if entry not in ("", ".") and (_real(entry) in keep or _real(entry) not in untrusted)]


def _interpreter_paths() -> set:
    paths = {os.path.dirname(os.__file__), *site.getsitepackages()}
    return {_real(p) for p in paths if p}


def _real(path: str) -> str:
    return os.path.realpath(path or ".")
