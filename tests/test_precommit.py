"""The pre-commit hooks work as users install them: `pre-commit try-repo` on this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BAD = "from keras import layers\ny = layers.Dropout(0.5, noise_shape=(64, 1, 8))(x)\n"


def test_hooks_manifest() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"noiselint", "noiselint-fix"}
    for hook in hooks.values():
        assert hook["types_or"] == ["python", "pyi", "jupyter"]
        assert hook["require_serial"] is True
        assert "--force-exclude" in hook["entry"]
    assert "--fix" in hooks["noiselint-fix"]["entry"]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pre-commit") is None or shutil.which("git") is None,
                    reason="needs pre-commit and git")
def test_try_repo_runs_both_hooks(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("try-repo needs this repository's git checkout")
    _git(tmp_path, "init", "-q")
    (tmp_path / "model.py").write_text(BAD)
    _git(tmp_path, "add", "model.py")
    # Issue 9 §2: the hook never imports the tree (untracked module files named like
    # noiselint's imports write a canary when imported).
    canaries = tmp_path / "canaries"
    canaries.mkdir()
    for name in ("keras", "tensorflow", "numpy", "networkx", "libcst", "pathspec", "yaml", "json"):
        (tmp_path / f"{name}.py").write_text(f"open({str(canaries / name)!r}, 'w').close()\n")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / ".pre-commit-home")}
    check = subprocess.run(["pre-commit", "try-repo", str(ROOT), "noiselint", "--files", "model.py"],
                           cwd=tmp_path, capture_output=True, text=True, env=env, check=False)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "model.py:2:38: NL001 [*]" in check.stdout
    fix = subprocess.run(["pre-commit", "try-repo", str(ROOT), "noiselint-fix", "--files", "model.py"],
                         cwd=tmp_path, capture_output=True, text=True, env=env, check=False)
    assert fix.returncode == 1, "pre-commit fails a hook that changed files"
    assert (tmp_path / "model.py").read_text() == BAD.replace("(64,", "(None,")
    assert list(canaries.iterdir()) == []


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pre-commit") is None or shutil.which("git") is None,
                    reason="needs pre-commit and git")
def test_readme_local_hook_works_as_written(tmp_path: Path) -> None:
    """The README's `repo: local` hook, with its path pointed at this checkout (no
    TensorFlow: the shapes extra is dropped to keep the install small)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in readme.split("```yaml\n")[1:] if "repo: local" in b).split("```", 1)[0]
    config = yaml.safe_load(block)
    (hook,) = config["repos"][0]["hooks"]
    assert hook["additional_dependencies"] == ["/path/to/noiselint[shapes]"]
    hook["additional_dependencies"] = [str(ROOT)]
    _git(tmp_path, "init", "-q")
    (tmp_path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    (tmp_path / "model.py").write_text(BAD)
    _git(tmp_path, "add", "model.py", ".pre-commit-config.yaml")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / ".pre-commit-home")}
    run = subprocess.run(["pre-commit", "run", "--files", "model.py"], cwd=tmp_path, capture_output=True,
                         text=True, env=env, check=False)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "model.py:2:38: NL001 [*]" in run.stdout
    assert "rev: v0.1.0" not in readme
