"""benchmarks/realworld.py: the survey script runs the real CLI over a tree and counts what it sees."""

from __future__ import annotations

import importlib.util
import json
import sys
import textwrap
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "realworld.py"


@pytest.fixture(scope="module")
def realworld():
    spec = importlib.util.spec_from_file_location("realworld", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["realworld"] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


def _write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def _tree(root: Path) -> Path:
    # NL008, no model: the check needs no shape, so TensorFlow is never imported.
    _write(root, "ops.py", """\
        import tensorflow as tf

        def drop(x):
            return tf.nn.dropout(x, keep_prob=0.5)
        """)
    # A model whose dropout follows a custom layer: "custom layer `Mine`" in `noiselint shapes`.
    _write(root, "model.py", """\
        import keras
        import helper  # not in the tree: its function is opaque, so `Mine` stays unknown
        from keras import layers

        class Mine(layers.Layer):
            def call(self, x):
                return helper.transform(x)

        inp = keras.Input(shape=(8, 4))
        x = Mine()(inp)
        out = layers.Dropout(0.5, noise_shape=(None, 1, 4))(x)
        model = keras.Model(inp, out)
        """)
    _write(root, "broken.py", "from keras import layers\nlayers.Dropout(0.5\n")  # NL900
    _write(root, "plain.py", "print('hello')\n")
    _write(root, ".venv/lib/skipped.py", "import tensorflow as tf\ntf.nn.dropout(1, keep_prob=0.5)\n")
    return root


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return _tree(tmp_path / "proj")


@pytest.fixture(scope="module")
def surveyed(realworld, tmp_path_factory):
    """One real run of the script over the tiny tree (the CLI is slow to start: run it once)."""
    root = tmp_path_factory.mktemp("rw")
    tree = _tree(root / "proj")
    saved = root / "out.json"
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        # Two rounds: the pairing runs for real once (the fakes below pin its arithmetic).
        assert realworld.main([str(tree), "--findings", "--save", str(saved), "--repeat", "2"]) == 0
    return out.getvalue(), json.loads(saved.read_text())[0]


def test_survey_counts_files_findings_unknowns(surveyed) -> None:
    result = surveyed[1]
    assert result["files"] == 4  # the .venv file is excluded, as the CLI excludes it
    assert result["parsed"] == 3  # plain.py never reaches libcst
    assert result["by_code"] == {"NL008": 1, "NL900": 1}
    assert {(f["filename"], f["code"]) for f in result["findings"]} == {("ops.py", "NL008"), ("broken.py", "NL900")}
    assert result["shape_files"] == 3  # the files that mention dropout
    assert result["custom_layers"] == {"Mine": 1}
    assert result["unknown_reasons"] == {"custom layer `X`": 1, "`X` is not a Keras layer noiselint knows": 1,
                                         "its input shape is not known": 1}
    assert (result["layer_rows"], result["unknown_rows"], result["dropout_rows"], result["sites_drawn"]) == (4, 3, 1, 0)
    assert result["crashes"] == []
    assert result["check_seconds"] > 0
    assert len(result["check_runs"]) == 2 and result["check_jobs"] == "auto"
    if result["ruff_runs"]:  # ruff is installed
        assert len(result["ruff_runs"]) == 2 and len(result["ruff_ratios"]) == 2
        assert result["ruff_ratio_min"] <= result["ruff_ratio"] <= result["ruff_ratio_max"]


def test_main_prints_findings_and_table(surveyed) -> None:
    out = surveyed[0]
    assert "## proj" in out
    assert "ops.py:4:" in out and "NL008" in out  # --findings lists each finding
    assert "custom layers: Mine ×1" in out
    assert "| proj | 4 | 3 | 2 | NL008:1 NL900:1 | 4 | 3 | 1 | 1 | 0 | 0 |" in out
    assert "| **total** | 4 | 3 | 2 |" in out
    assert "check s (--jobs auto, median)" in out
    assert "(median of 2, " in out  # the check's two runs


def test_crashes_are_recorded_not_raised(realworld, tree: Path, monkeypatch, tmp_path: Path) -> None:
    """A CLI that dies with a traceback, or hangs, is a counted crash, and the survey goes on."""
    fake = tmp_path / "fake_noiselint.py"
    fake.write_text(textwrap.dedent("""\
        import sys, time
        if "shapes" in sys.argv and any(a.endswith("model.py") for a in sys.argv):
            time.sleep(30)
        sys.stderr.write("Traceback (most recent call last):\\n  File x\\nRuntimeError: boom\\n")
        sys.exit(3)
        """))
    monkeypatch.setattr(realworld, "noiselint_command", lambda: [sys.executable, str(fake)])
    result = realworld.survey(tree, timeout=2)
    stages = sorted(c.stage for c in result.crashes)
    assert stages.count("check") == 2  # the traceback and the exit code
    # The shapes batch failed, so each file ran alone: two crash, model.py hangs.
    assert stages.count("shapes") == 2 and stages.count("timeout") == 1
    assert any(c.path == "model.py" for c in result.crashes if c.stage == "timeout")
    assert "RuntimeError: boom" in result.crashes[0].detail


def test_unreadable_files_are_file_errors_not_crashes(realworld, tree: Path, monkeypatch, tmp_path: Path) -> None:
    fake = tmp_path / "fake_noiselint.py"
    fake.write_text(textwrap.dedent("""\
        import sys
        sys.stdout.write("[]")
        sys.stderr.write("noiselint: error: nb.ipynb is not a valid notebook: Expecting value\\n")
        sys.exit(2)
        """))
    monkeypatch.setattr(realworld, "noiselint_command", lambda: [sys.executable, str(fake)])
    result = realworld.TreeResult(tree="t")
    realworld.check_tree(tree, result, timeout=30)
    assert [(c.stage, c.path) for c in result.crashes] == [("file", "nb.ipynb")]


def test_check_only_skips_the_shapes_stage(realworld, tree: Path, monkeypatch) -> None:
    calls = []
    monkeypatch.setattr(realworld, "run", lambda cmd, cwd, timeout: calls.append(cmd) or (0, "[]", "", 0.1))
    result = realworld.survey(tree, timeout=30, shapes=False)
    assert not any("shapes" in cmd for cmd in calls)
    assert result.shape_files == 0 and result.files == 4


def test_each_tree_is_timed_against_ruff(realworld, tree: Path, monkeypatch) -> None:
    times = {"noiselint": 3.0, "ruff": 0.5}
    monkeypatch.setattr(realworld, "run", lambda cmd, cwd, timeout: (
        0, "[]", "", times["ruff" if "ruff" in Path(cmd[0]).name else "noiselint"]))
    monkeypatch.setattr(realworld, "ruff_command", lambda: ["ruff", "check", "."])
    result = realworld.survey(tree, timeout=30, shapes=False)
    assert result.ruff_ratio == 6.0
    text = "\n".join(realworld.render_tree(result, False))
    assert "6.0x ruff (met: goal ≤ 10x)" in text
    times["noiselint"] = 6.0
    assert "12.0x ruff (not met" in "\n".join(realworld.render_tree(realworld.survey(tree, 30, False), False))


def test_count_shapes_reads_the_shapes_report(realworld) -> None:
    text = textwrap.dedent("""\
        functional model `model` (line 9)
          Layer (type)               Output shape
          ─────────────────────────────────────────
          inp (InputLayer)           (None, 8, 4)
          x (Mine)                   unknown: custom layer `Mine`
          d (Dropout)                unknown: its input shape is not known
          c (Conv2D)                 (None, 4, 4, 8)        partly known: argument `filters` not static; channels_last
          e (SpatialDropout1D)       (None, 8, 4)
            ◆ dropout site, line 12  input (None, 8, 4)
                                     mask  (None, 1, 4)  one draw shared over axis 1
        note: something
        """).splitlines()
    result = realworld.TreeResult(tree="t")
    realworld.count_shapes(text, result)
    assert (result.layer_rows, result.unknown_rows, result.partly_rows) == (5, 2, 1)
    assert result.dropout_rows == 2 and result.sites_drawn == 1
    assert result.unknown_reasons == {"custom layer `X`": 1, "its input shape is not known": 1,
                                      "argument `X` not static": 1}
    assert result.custom_layers == {"Mine": 1}
    assert result.unknown_names == {"custom layer `X`: Mine": 1, "argument `X` not static: filters": 1}


def test_split_sections_by_path(realworld) -> None:
    out = "a.py\n\nfunctional model\nb.py\n  no models found\n"
    assert realworld.split_sections(out, ["a.py", "b.py"]) == {"a.py": ["", "functional model"],
                                                                "b.py": ["  no models found"]}


def test_rejects_a_missing_directory(realworld, tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        realworld.main([str(tmp_path / "nope")])


def test_model_code_without_dropout_reaches_the_analysis(realworld) -> None:
    """The default rules read every file with model code (the layer and data rules), not only
    the files that mention dropout: the survey counts and shows those too."""
    model = "from tensorflow import keras\nx = keras.layers.Dense(3)(keras.Input((4,)))\n"
    assert realworld.reaches_parse(model) is True
    assert realworld.holds_model_code(model)
    assert realworld.reaches_parse("print('hello')\n") is False
    assert not realworld.holds_model_code("print('hello')\n")


def _fake_rounds(realworld, monkeypatch, check: list[float | None], ruff: list[float | None],
                 floor: list[float] = ()) -> list[str]:
    """Commands that take known times, in the order given; a None time is a timeout. Returns
    the log of what ran, in order; each check reports a finding at the row of its count."""
    order: list[str] = []
    queues = {"check": list(check), "ruff": list(ruff), "floor": list(floor)}

    def fake_run(cmd, cwd, timeout):
        floor = Path(cwd).name.startswith("noiselint-floor-")
        name = "ruff" if Path(cmd[0]).name == "ruff" else "floor" if floor else "check"
        order.append(name)
        seconds = queues[name].pop(0)
        finding = {"code": "NL008", "filename": "ops.py", "location": {"row": order.count("check"), "column": 1},
                   "message": "m"}
        return (None if seconds is None else 0), json.dumps([finding]), "", seconds or timeout

    monkeypatch.setattr(realworld, "run", fake_run)
    monkeypatch.setattr(realworld, "ruff_command", lambda: ["ruff", "check", "."])
    return order


def test_repeat_pairs_each_check_with_the_ruff_run_after_it(realworld, tree: Path, monkeypatch) -> None:
    """Check and ruff run in turn, and the ratio is the median of the pairs' ratios: 10x here,
    where the medians' ratio (2.0 s over 0.1 s) would say 20x and the fastest runs' 10x."""
    order = _fake_rounds(realworld, monkeypatch, check=[1.0, 3.0, 2.0], ruff=[0.1, 0.5, 0.1])
    result = realworld.survey(tree, timeout=30, shapes=False, repeat=3)
    assert order == ["check", "ruff"] * 3
    assert result.check_runs == [1.0, 3.0, 2.0] and result.ruff_runs == [0.1, 0.5, 0.1]
    assert result.ruff_ratios == pytest.approx([10.0, 6.0, 20.0])
    assert result.ruff_ratio == pytest.approx(10.0)
    assert (result.check_seconds, result.ruff_seconds) == (2.0, 0.1)
    assert [f["row"] for f in result.findings] == [1]  # the first check's findings, not overwritten
    text = "\n".join(realworld.render_tree(result, False))
    assert "check 2.00 s (median of 3, 1.00-3.00 s, --jobs auto; 10.0x ruff (met: goal ≤ 10x; " \
           "median of 3 pairs, 6.0-20.0x))" in text
    row = next(line for line in realworld.render_table([result]) if line.startswith("| proj |"))
    assert "| 2.00 | 10.0x ruff (met: goal ≤ 10x; median of 3 pairs, 6.0-20.0x) |" in row


def test_repeat_one_is_one_pair_as_before(realworld, tree: Path, monkeypatch) -> None:
    order = _fake_rounds(realworld, monkeypatch, check=[1.2], ruff=[0.1])
    result = realworld.survey(tree, timeout=30, shapes=False, repeat=1)
    assert order == ["check", "ruff"]
    assert result.ruff_ratio == pytest.approx(12.0)
    text = "\n".join(realworld.render_tree(result, False))
    assert "check 1.20 s (--jobs auto; 12.0x ruff (not met: goal ≤ 10x))" in text


def test_a_timeout_ends_the_rounds_without_shifting_the_pairs(realworld, tree: Path, monkeypatch) -> None:
    """ruff hanging in the second round: the second check has no pair, and no later check is
    paired with an earlier round's ruff."""
    order = _fake_rounds(realworld, monkeypatch, check=[1.0, 2.0, 4.0], ruff=[0.1, None, 0.1])
    result = realworld.survey(tree, timeout=30, shapes=False, repeat=3)
    assert order == ["check", "ruff", "check", "ruff"]
    assert result.ruff_ratios == pytest.approx([10.0])
    order = _fake_rounds(realworld, monkeypatch, check=[1.0, None, 4.0], ruff=[0.1, 0.1, 0.1])
    result = realworld.survey(tree, timeout=30, shapes=False, repeat=3)
    assert order == ["check", "ruff", "check"]
    assert result.check_runs == [1.0] and [c.stage for c in result.crashes] == ["timeout"]


def test_repeat_must_be_positive(realworld, tree: Path) -> None:
    with pytest.raises(SystemExit):
        realworld.main([str(tree), "--repeat", "0"])


def test_main_times_the_floor_in_each_round(realworld, tree: Path, monkeypatch, tmp_path: Path) -> None:
    """Three rounds by default, each of the check, ruff and the floor (after one floor run not
    timed); the floor's ratio is the median of its pairs with ruff too: 13x here, where its
    median over ruff's would say 7x and its fastest run 6.5x."""
    order = _fake_rounds(realworld, monkeypatch, check=[1.0, 3.0, 2.0], ruff=[0.1, 0.5, 0.2],
                         floor=[9.9, 1.3, 7.0, 1.4])
    monkeypatch.setattr(realworld, "from_bytecode", lambda: None)
    saved = tmp_path / "out.json"
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert realworld.main([str(tree), "--check-only", "--save", str(saved)]) == 0
    assert order == ["floor", *["check", "ruff", "floor"] * 3]
    result = json.loads(saved.read_text())[0]
    # The fields of --repeat 1, now medians, and the runs they come from.
    assert (result["check_seconds"], result["ruff_seconds"], result["floor_seconds"]) == (2.0, 0.2, 1.4)
    assert result["ruff_ratio"] == pytest.approx(10.0)
    assert (result["ruff_ratio_min"], result["ruff_ratio_max"]) == pytest.approx((6.0, 10.0))
    assert result["check_runs"] == [1.0, 3.0, 2.0] and result["ruff_runs"] == [0.1, 0.5, 0.2]
    assert result["floor_runs"] == [1.3, 7.0, 1.4] and result["floor_ratio"] == pytest.approx(13.0)
    assert "10.0x ruff (met: goal ≤ 10x; median of 3 pairs, 6.0-10.0x); the start-up floor alone is 13.0x" \
        in out.getvalue()
