"""Child processes that end with their parent (the `--jobs` workers, the shape process):
the kernel kills them when the parent goes (`PR_SET_PDEATHSIG` on Linux), and a watchdog
thread checks for a new parent as a fallback, so a killed run never leaves a child
fixing files behind it."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading

WATCHDOG_SECONDS = 0.5


def die_with_parent(parent: int) -> None:
    """Make this process end when `parent` does, however it ends (SIGKILL included)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # it died before the line above took effect
        os._exit(1)

    def watch() -> None:
        # The fallback (other systems, or a parent thread that ended): a new parent means
        # the old one is gone.
        while os.getppid() == parent:
            threading.Event().wait(WATCHDOG_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="noiselint-watchdog", daemon=True).start()
