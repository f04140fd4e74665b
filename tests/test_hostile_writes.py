"""Issue 24 items 2, 6 (and the class): no file noiselint writes follows a link the tree
planted; `-o FILE` refuses a link (the file or a directory inside the tree); a fix through a
link whose target lies outside the project is refused; `--fix` on a `.keras` file keeps every
guarantee of a source fix."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from pathlib import Path

from saved_models import keras3_functional, keras3_input, keras3_layer, write_keras_zip

BAD = "from keras import layers\ny = layers.Dropout(0.5, noise_shape=(32, 1, 8))(x)\n"
NOISE = "x;touch${IFS}PWNED;#.py"


def _tree(tmp_path: Path) -> tuple[Path, Path]:
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    tree.mkdir()
    outside.mkdir()
    (tree / NOISE).write_text(BAD)
    return tree, outside


def test_output_file_that_is_a_planted_link_is_refused(tmp_path: Path, run_cli) -> None:
    tree, outside = _tree(tmp_path)
    (outside / "victim").write_text("precious\n")
    (tree / "noiselint.sarif").symlink_to("../outside/victim")
    code, _, err = run_cli("--no-cache", "--no-shapes", "--output-format", "sarif", "-o", "noiselint.sarif", ".",
                           cwd=tree)
    assert code == 2 and "is a symbolic link" in err
    assert (outside / "victim").read_text() == "precious\n"
    assert (tree / "noiselint.sarif").is_symlink()


def test_output_file_through_a_planted_directory_link_is_refused(tmp_path: Path, run_cli) -> None:
    tree, outside = _tree(tmp_path)
    (tree / "reports").symlink_to(outside, target_is_directory=True)
    code, _, err = run_cli("--no-cache", "--no-shapes", "-o", "reports/out.txt", ".", cwd=tree)
    assert code == 2 and "a symbolic link in the linted tree" in err
    assert list(outside.iterdir()) == []


def test_output_file_dangling_link_is_refused(tmp_path: Path, run_cli) -> None:
    tree, outside = _tree(tmp_path)
    (tree / "out.json").symlink_to("../outside/new")
    code, _, _ = run_cli("--no-cache", "--no-shapes", "--output-format", "json", "-o", "out.json", ".", cwd=tree)
    assert code == 2 and not (outside / "new").exists()


def test_output_file_plain_is_written(tmp_path: Path, run_cli) -> None:
    tree, _ = _tree(tmp_path)
    code, _, _ = run_cli("--no-cache", "--no-shapes", "--output-format", "json", "-o", "deep/dir/out.json", ".",
                         cwd=tree)
    assert code == 1
    (finding,) = json.loads((tree / "deep/dir/out.json").read_text())
    assert finding["code"] == "NL001"


def test_fix_through_a_walked_link_to_outside_is_refused(tmp_path: Path, run_cli) -> None:
    tree, outside = _tree(tmp_path)
    (tree / NOISE).unlink()
    (outside / "victim.py").write_text(BAD)
    (tree / "m.py").symlink_to("../outside/victim.py")
    code, out, err = run_cli("--no-cache", "--no-shapes", "--fix", ".", cwd=tree)
    assert code == 2 and "outside the project; not fixed" in err
    assert (outside / "victim.py").read_text() == BAD
    assert "NL001" in out  # the finding is still reported


def _keras(path: Path) -> Path:
    layers = [keras3_input("x", [None, 10, 8]),
              keras3_layer("Dropout", "drop", {"rate": 0.5, "noise_shape": [32, 1, 8], "seed": None},
                           [("x", 0, 0)], shapes=[[None, 10, 8]])]
    return write_keras_zip(path, keras3_functional(layers, ["x"], ["drop"]), extra={"model.weights.h5": b"\0" * 64})


def _noise_shape(path: Path) -> list:
    config = json.loads(zipfile.ZipFile(path).read("config.json"))
    return config["config"]["layers"][1]["config"]["noise_shape"]


def _fix(run_cli, path: Path, cwd: Path | None = None) -> tuple[int, str, str]:
    return run_cli("--no-cache", "--no-shapes", "--fix", str(path), cwd=cwd)


def test_keras_fix_refuses_a_read_only_file(tmp_path: Path, run_cli) -> None:
    path = _keras(tmp_path / "m.keras")
    path.chmod(0o444)
    before = path.read_bytes()
    code, out, err = _fix(run_cli, path)
    assert code == 2 and "read-only" in err and "NL001" in out
    assert path.read_bytes() == before


def test_keras_fix_goes_through_a_link_and_keeps_it(tmp_path: Path, run_cli) -> None:
    real = _keras(tmp_path / "real.keras")
    link = tmp_path / "link.keras"
    link.symlink_to("real.keras")
    code, _, _ = _fix(run_cli, link)
    assert code == 0 and link.is_symlink() and _noise_shape(real) == [None, 1, 8]


def test_keras_fix_through_a_link_to_outside_is_refused(tmp_path: Path, run_cli) -> None:
    tree, outside = _tree(tmp_path)
    real = _keras(outside / "real.keras")
    (tree / "m.keras").symlink_to("../outside/real.keras")
    code, _, err = run_cli("--no-cache", "--no-shapes", "--fix", "m.keras", cwd=tree)
    assert code == 2 and "outside the project" in err and _noise_shape(real) == [32, 1, 8]


def test_keras_fix_keeps_hard_links_and_mode(tmp_path: Path, run_cli) -> None:
    path = _keras(tmp_path / "m.keras")
    path.chmod(0o640)
    twin = tmp_path / "twin.keras"
    os.link(path, twin)
    code, _, _ = _fix(run_cli, path)
    assert code == 0 and os.path.samefile(path, twin) and _noise_shape(twin) == [None, 1, 8]
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_keras_fix_in_a_read_only_directory_keeps_the_finding(tmp_path: Path, run_cli, monkeypatch) -> None:
    import noiselint.fixes.apply

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")  # what a read-only directory gives (root ignores modes)

    path = _keras(tmp_path / "m.keras")
    monkeypatch.setattr(noiselint.fixes.apply.tempfile, "mkstemp", refused)
    code, out, err = _fix(run_cli, path)
    assert code == 2 and "cannot be written" in err and "NL001" in out and "NL902" not in out


def test_keras_fix_with_an_uncopyable_member_leaves_nothing_behind(tmp_path: Path, run_cli) -> None:
    path = _keras(tmp_path / "m.keras")
    data = bytearray(path.read_bytes())
    # Mark the weights member as compressed with deflate64 (method 9), which zipfile cannot read.
    name = b"model.weights.h5"
    for header, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = 0
        while (start := data.find(header, start)) != -1:
            name_at = start + (30 if header == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                data[start + offset:start + offset + 2] = (9).to_bytes(2, "little")
            start += 4
    path.write_bytes(bytes(data))
    code, out, err = _fix(run_cli, path)
    assert code == 2 and "cannot be fixed" in err and "NL001" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.keras"]


def test_keras_fix_keeps_a_duplicate_config_member(tmp_path: Path, run_cli) -> None:
    path = _keras(tmp_path / "m.keras")
    first = b'{"first": true}'
    with zipfile.ZipFile(path) as archive:
        members = [(i, archive.read(i)) for i in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", first)  # shadowed: Keras (zipfile) reads the last one
        for info, body in members:
            archive.writestr(info, body)
    code, _, _ = _fix(run_cli, path)
    with zipfile.ZipFile(path) as archive:
        bodies = [archive.read(i) for i in archive.infolist() if i.filename == "config.json"]
    assert code == 0 and bodies[0] == first and _noise_shape(path) == [None, 1, 8]


def test_untrusted_trees_are_run_with_the_console_script_and_the_shadowing_is_documented() -> None:
    """Item 10: `python -m noiselint` in a tree holding `noiselint/` runs the tree's package
    (Python finds it before any of noiselint's code runs), so every example that runs on an
    untrusted tree uses the script, and the security page says why."""
    import re

    import yaml

    root = Path(__file__).resolve().parent.parent
    hooks = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text())
    assert hooks and all(hook["entry"].split()[0] == "noiselint" for hook in hooks)
    readme = (root / "README.md").read_text()
    actions = readme.split("### CI (GitHub Actions)", 1)[1].split("\n#", 1)[0]
    runs = re.findall(r"- run: (.*)", actions)
    assert runs and all("-m noiselint" not in run for run in runs)
    page = (root / "docs" / "security.md").read_text()
    assert "python -P -m noiselint" in page and "replaces noiselint" in page
    assert "docs/security.md" in readme
    assert "(security.md)" in (root / "docs" / "command-line.md").read_text()


def test_a_planted_noiselint_package_is_what_python_m_runs(tmp_path: Path) -> None:
    """The documented hazard itself, so the page stays true: the script is not fooled."""
    import subprocess
    import sys

    (tmp_path / "noiselint").mkdir()
    (tmp_path / "noiselint" / "__main__.py").write_text("print('All checks passed!')\n")
    (tmp_path / "noiselint" / "__init__.py").write_text("")
    (tmp_path / "m.py").write_text(BAD)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    forged = subprocess.run([sys.executable, "-m", "noiselint", "m.py"], cwd=tmp_path, capture_output=True,
                            text=True, env=env, timeout=60)
    real = subprocess.run([str(Path(sys.executable).parent / "noiselint"), "--no-cache", "--no-shapes", "m.py"],
                          cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    guarded = subprocess.run([sys.executable, "-P", "-m", "noiselint", "--no-cache", "--no-shapes", "m.py"],
                             cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert forged.stdout == "All checks passed!\n"
    assert "NL001" in real.stdout and "NL001" in guarded.stdout
