"""`installed.version` reads what `importlib.metadata.version` reads, without importing it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest

from noiselint import installed


@pytest.fixture(autouse=True)
def _fresh_listing() -> Iterator[None]:
    installed._installed.cache_clear()
    installed.version.cache_clear()
    yield
    installed._installed.cache_clear()
    installed.version.cache_clear()


def test_every_distribution_of_this_environment_has_the_version_importlib_metadata_gives() -> None:
    names = {d.metadata["Name"] for d in metadata.distributions() if d.metadata["Name"]}
    assert {"keras", "tensorflow", "libcst"} <= {n.lower() for n in names}
    for name in sorted(names):
        assert installed.version(name) == metadata.version(name), name


@pytest.mark.parametrize("spelling", ["tf-keras", "tf_keras", "TF.Keras", "tf--keras"])
def test_a_name_is_found_however_its_separators_and_case_are_written(spelling: str) -> None:
    assert installed.version(spelling) == metadata.version("tf-keras")


def test_the_first_installed_of_several_names_is_given_and_none_when_none_is() -> None:
    assert installed.version("no-such-distribution", "keras") == metadata.version("keras")
    assert installed.version("no-such-distribution") is None


def _dist(directory: Path, folder: str, metadata_text: str, file: str = "METADATA") -> None:
    (directory / folder).mkdir(parents=True)
    (directory / folder / file).write_text(metadata_text)


def test_the_first_directory_on_the_path_wins_as_for_an_import(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _dist(tmp_path / "a", "demo_pkg-2.0.dist-info", "Metadata-Version: 2.1\nName: demo-pkg\nVersion: 2.0\n")
    _dist(tmp_path / "b", "demo_pkg-1.0.dist-info", "Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.0\n")
    _dist(tmp_path / "b", "old_egg-0.3-py3.11.egg-info", "Name: old-egg\nVersion: 0.3\n", "PKG-INFO")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "missing"), str(tmp_path / "a"), str(tmp_path / "b")])
    for name in ("demo-pkg", "old-egg"):
        assert installed.version(name) == metadata.version(name)
    assert installed.version("demo-pkg") == "2.0"


def test_a_version_is_read_from_the_headers_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A `Version:` line in the description (after the blank line) is not the version.
    _dist(tmp_path, "nover-1.0.dist-info", "Metadata-Version: 2.1\nName: nover\n\nVersion: 9\n")
    _dist(tmp_path, "noinfo-1.0.dist-info", "", "RECORD")
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    assert installed.version("nover") is None
    assert installed.version("noinfo") is None


def test_a_version_that_could_name_another_directory_keys_nothing(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # The caches name a directory by the versions (cache_files.library_versions).
    for name, version in (("slash", "1/../../x"), ("dots", "1..2"), ("fine", "2.21.0rc1+cpu")):
        _dist(tmp_path, f"{name}-0.dist-info", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    monkeypatch.setattr(sys, "path", ["", str(tmp_path)])
    assert (installed.version("slash"), installed.version("dots"), installed.version("fine")) == \
        (None, None, "2.21.0rc1+cpu")


def test_the_working_directory_is_not_looked_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _dist(tmp_path, "planted-1.0.dist-info", "Metadata-Version: 2.1\nName: planted\nVersion: 1.0\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [""])
    assert installed.version("planted") is None

