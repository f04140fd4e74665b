"""Writes that must not follow a link the linted tree planted: the report of `-o FILE`, and
fixes written through a linked file.

In CI the working directory is a pull request's tree: a committed `noiselint.sarif ->
../outside/victim` would make the README's own step overwrite the link's target. So the file
itself is never followed (a link there is refused, and the new report is renamed into place,
which replaces whatever name is there rather than writing through it), and no directory on
the way that lies inside the tree (the working directory or the project root) may be a link.
Links above those (a home directory on another disk, macOS's `/tmp`) are the user's own.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path


def report_path_problem(path: Path, trees: Iterable[Path]) -> str | None:
    """Why the report must not be written at `path`, or None when it may."""
    absolute = Path(os.path.abspath(path))
    guarded = [Path(os.path.abspath(tree)) for tree in trees]
    for parent in reversed(absolute.parents):
        if not any(parent == tree or tree in parent.parents for tree in guarded):
            continue
        try:
            info = os.lstat(parent)
        except FileNotFoundError:
            break  # created below: nothing further down can exist yet
        except OSError as exc:
            return f"cannot be examined: {exc.strerror or exc}"
        if stat.S_ISLNK(info.st_mode):
            return f"is inside {parent}, a symbolic link in the linted tree; noiselint does not write through one"
    try:
        info = os.lstat(absolute)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be examined: {exc.strerror or exc}"
    if stat.S_ISLNK(info.st_mode):
        return "is a symbolic link; noiselint does not write a report through one (remove it or name another file)"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file"
    return None


def write_report(path: Path, data: bytes, trees: Iterable[Path]) -> str | None:
    """Write `data` to `path` atomically; return why it was not written, if it was not."""
    trees = tuple(trees)
    problem = report_path_problem(path, trees)
    if problem is not None:
        return problem
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Checked again now that the directories exist: one may have been made a link meanwhile.
        problem = report_path_problem(path, trees)
        if problem is not None:
            return problem
        umask = os.umask(0)
        os.umask(umask)
        import tempfile  # here: with random and shutil, 3 ms of every start, and few runs write a report

        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".noiselint", dir=path.parent)
    except OSError as exc:
        return f"cannot be written: {exc.strerror or exc}"
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o666 & ~umask)
        # rename() replaces the name: a link planted since the check is replaced, not followed.
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return f"cannot be written: {exc.strerror or exc}"
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return None


def link_leaves_trees(path: Path, trees: Iterable[Path]) -> Path | None:
    """Where a fix to `path` would land when that is outside every one of `trees` and outside
    the directory holding `path` (a link the tree planted, `m.py -> ../../victim.py`), else None.
    A link to a file beside it or elsewhere in the project is fixed through, as the user expects."""
    real = Path(os.path.realpath(path))
    allowed = [Path(os.path.realpath(tree)) for tree in trees]
    allowed.append(Path(os.path.realpath(os.path.dirname(os.path.abspath(path)))))
    if any(real == tree or tree in real.parents for tree in allowed):
        return None
    return real

