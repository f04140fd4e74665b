"""The shape cache: Keras's answers to "what does this layer output for these inputs?" on
disk, so that a warm run never imports TensorFlow. One small JSON file per question, named
by the hash of the question (cache format, Keras version, layer class, the arguments that
decide its shape, input shapes), written atomically, so parallel workers cannot tear one,
and signed with the user's key (cache_files.py), so the linted tree cannot plant an answer.
Never imports Keras: the version comes from the installed package's metadata."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from noiselint.cache_files import key_dir, library_versions, mark_cache_dir, read_entry, user_key, write_entry
from noiselint.digests import content_digest
from noiselint.shapes.facts import Shape

# Bump when what is stored, or how noiselint asks Keras, changes.
CACHE_FORMAT = 3


@dataclass(frozen=True)
class ShapeQuestion:
    """One question to Keras: a layer's output shapes for these inputs."""

    layer: str  # the allow-listed Keras class
    config: Mapping[str, object]  # the arguments that decide its shape, as JSON
    inputs: tuple[Shape, ...]
    # The layer instance was called before on these shapes (which built its weights): Keras
    # is asked about the second call of the same instance.
    built_on: tuple[Shape, ...] | None = None


@dataclass(frozen=True)
class ShapeAnswer:
    """Keras's answer to a ShapeQuestion: the shapes, or why it refused."""

    outputs: tuple[Shape, ...] | None  # one shape per output; None when Keras refused
    error: str | None = None  # what Keras said when it refused, verbatim (bounded)
    error_type: str | None = None  # the exception's class name


@dataclass
class ShapeCache:
    """Keras's answers kept on disk, keyed by the question and the library versions."""

    directory: Path
    version: str = field(default_factory=library_versions)
    problems: list[str] = field(default_factory=list)  # why writing failed (reported once)
    secret: bytes | None = field(default_factory=user_key, repr=False)

    def key(self, question: ShapeQuestion) -> str:
        built = [list(s) for s in question.built_on] if question.built_on is not None else None
        import json  # here: a run whose shapes the formulas answer makes no key

        text = json.dumps([CACHE_FORMAT, self.version, question.layer, question.config,
                           [list(s) for s in question.inputs], built], sort_keys=True, separators=(",", ":"))
        return content_digest(text.encode())

    def _path(self, key: str) -> Path:
        return self.directory / self.version / key[:2] / f"{key}.json"

    def get(self, question: ShapeQuestion) -> ShapeAnswer | None:
        if self.secret is None:
            return None
        data = read_entry(self._path(self.key(question)), self.secret, "shapes")
        # Absent, unreadable, torn, unsigned: ask Keras again.
        return None if data is None else _answer(data)

    def put(self, question: ShapeQuestion, answer: ShapeAnswer) -> None:
        if self.problems:
            return  # the directory is not writable: said once
        if self.secret is None:
            self.problems.append(f"the shape cache is off: no private key could be kept in {key_dir()}")
            return
        key = self.key(question)
        outputs = [list(s) for s in answer.outputs] if answer.outputs is not None else None
        try:
            mark_cache_dir(self.directory)
            write_entry(self.directory, (self.version, key[:2]), f"{key}.json", self.secret, "shapes",
                        {"outputs": outputs, "error": answer.error, "error_type": answer.error_type})
        except OSError as exc:
            self.problems.append(f"cannot write the shape cache in {self.directory}: {exc.strerror or exc}")


def _answer(data: object) -> ShapeAnswer | None:
    """A stored answer, checked: anything malformed is a miss."""
    if not isinstance(data, dict):
        return None
    outputs, error, error_type = data.get("outputs"), data.get("error"), data.get("error_type")
    if any(text is not None and not isinstance(text, str) for text in (error, error_type)):
        return None
    if outputs is None:
        return ShapeAnswer(None, error, error_type)
    if not isinstance(outputs, list) or not all(
            isinstance(s, list) and all(d is None or (type(d) is int and d >= 0) for d in s) for s in outputs):
        return None
    return ShapeAnswer(tuple(tuple(s) for s in outputs), error)
