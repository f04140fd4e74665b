"""The shape process of a `--jobs` run: one process answers, for every worker, the shape
questions the cache cannot (asking Keras and TensorFlow, imported there once, on the first
such question), so that a run holds at most one TensorFlow however many workers it has.

Workers reach it over a local socket (`multiprocessing.connection`, authenticated with a
random key made for the run); each worker holds one connection, served by one thread, and
the questions are answered one at a time. A question is a `ShapeQuestion` (or an op's name,
arguments and input shapes), an answer a `ShapeAnswer`, or a string saying why Keras or
TensorFlow cannot be had. If the process cannot be reached, a worker reports that as it
reports a missing TensorFlow: the shape rules see fewer shapes, nothing is guessed."""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.connection import Client, Connection, Listener
from typing import Any

from noiselint import budget
from noiselint.shapes.cache import ShapeAnswer, ShapeQuestion
from noiselint.shapes.tf_graph import TfInput


@dataclass(frozen=True)
class ShapeService:
    """Where the workers reach the shape process; picklable, shipped with the worker."""

    address: Any  # a socket path (a named pipe on Windows)
    authkey: bytes = field(repr=False)


def start_service(verbose: bool = False) -> tuple[ShapeService, ServiceProcess]:
    """Start the shape process: its address, and the process (to stop at the end of the run)."""
    context = get_context()
    key = os.urandom(32)
    if context.get_start_method() == "fork":
        # The socket is made here and the forked process accepts on it: a run waits for
        # nothing (it waited for the process to start and send its address back: 20-40 ms
        # before the first file of every `--jobs` run), and this process's exit removes the
        # socket and its directory, which a killed shape process left behind in /tmp.
        listener = Listener(authkey=key)
        process = context.Process(target=_serve, args=(listener, None, verbose, os.getpid()), daemon=True,
                                  name="noiselint-shapes")
        process.start()
        return ShapeService(listener.address, key), ServiceProcess(process, listener)
    parent_end, child_end = context.Pipe()
    process = context.Process(target=_serve, args=(None, (child_end, key), verbose, os.getpid()), daemon=True,
                              name="noiselint-shapes")
    process.start()
    child_end.close()
    address = parent_end.recv()
    parent_end.close()
    return ShapeService(address, key), ServiceProcess(process)


@dataclass
class ServiceProcess:
    """The shape process, and the socket it answers on when this process made it."""

    process: Any
    listener: Listener | None = None

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        if self.listener is not None:
            self.listener.close()  # removes the socket's path


def _serve(listener: Listener | None, reply: tuple[Connection, bytes] | None, verbose: bool, parent: int) -> None:
    """`listener`: the socket, made by the parent; else one is made here and its address
    sent back over `reply` (a process that is not a fork of the parent)."""
    from noiselint.parent_death import die_with_parent
    from noiselint.shapes.oracle import KerasShapes, load_keras

    die_with_parent(parent)
    if listener is None:
        assert reply is not None
        conn, key = reply
        listener = Listener(authkey=key)
        conn.send(listener.address)
        conn.close()
    oracle = KerasShapes(None, (lambda: load_keras(verbose=True)) if verbose else None)
    state = _State(threading.Lock(), threading.Lock(), threading.Event())
    while True:
        try:
            client = listener.accept()
        except Exception:  # a client that failed to authenticate: serve the others
            continue
        threading.Thread(target=_answer, args=(client, oracle, state), daemon=True).start()


@dataclass
class _State:
    """The locks and flags of the background Keras import the shape questions wait for."""

    lock: threading.Lock  # Keras and TensorFlow are asked one question at a time
    starting: threading.Lock
    ready: threading.Event  # Keras is imported (or cannot be): a question waits for no import
    importing: bool = False

    def start_import(self, oracle: Any) -> None:
        """Import Keras in the background, once: the lock makes a question wait for it."""
        with self.starting:
            if self.importing or self.ready.is_set():
                return
            self.importing = True
        threading.Thread(target=self._import, args=(oracle,), daemon=True).start()

    def _import(self, oracle: Any) -> None:
        with self.lock:
            oracle.warm()
        self.ready.set()


def _answer(client: Connection, oracle: Any, state: _State) -> None:
    with client:
        while True:
            try:
                request = client.recv()
            except (EOFError, OSError):
                return  # the worker is done
            if request[0] == "ready":
                # Answered at once. Not ready: a file needs Keras, so its import starts now,
                # in the background, while the worker goes on with other files.
                if not state.ready.is_set():
                    state.start_import(oracle)
                client.send(state.ready.is_set())
                continue
            with state.lock:
                layer = request[0] == "layer"
                answer = oracle.ask_keras(request[1]) if layer else oracle.ask_tensorflow(*request[1:])
            state.ready.set()
            client.send(answer)


class RemoteShapes:
    """A worker's end: `KerasShapes(remote=...)` sends its questions here. Connects on the
    first question, so a worker whose files need no Keras never does."""

    def __init__(self, service: ShapeService) -> None:
        self._service = service
        self._conn: Connection | None = None

    def layer(self, question: ShapeQuestion) -> ShapeAnswer | str:
        return self._ask(("layer", question))

    def op(self, op: str, args: Mapping[str, object], inputs: tuple[TfInput, ...]) -> ShapeAnswer | str:
        return self._ask(("op", op, dict(args), inputs))

    def importing(self) -> bool:
        """Whether a question now would wait for the shape process to import Keras; asking
        starts that import (False if the process cannot be reached: then the question
        itself says so)."""
        try:
            if self._conn is None:
                self._conn = Client(self._service.address, authkey=self._service.authkey)
            self._conn.send(("ready",))
            return not self._conn.recv()
        except (OSError, EOFError, ValueError):
            self._conn = None
            return False

    def _ask(self, request: tuple[object, ...]) -> ShapeAnswer | str:
        # Waiting for the shape process (its one-time TensorFlow import above all) is not
        # the file's fault, as importing it here would not be.
        with budget.paused(), budget.stage("Keras/TensorFlow (in the shape process; its import once per run)"):
            try:
                if self._conn is None:
                    self._conn = Client(self._service.address, authkey=self._service.authkey)
                self._conn.send(request)
                answer: ShapeAnswer | str = self._conn.recv()
                return answer
            except (OSError, EOFError, ValueError) as exc:
                self._conn = None
                return f"the shape process cannot be reached ({type(exc).__name__})"
