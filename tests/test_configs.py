"""Config reads (values/configs.py): dict entries, argparse defaults, namespaces and
dataclass defaults, evaluated where the config is built in the same file; a config the
file may change is not read, and a command-line default is a possibility, not a fact."""

from __future__ import annotations

import textwrap

import pytest
from evaluated import assigned_value

from noiselint.values.configs import COMMAND_LINE, facts_only
from noiselint.values.kinds import Const, Seq, Unknown, Value

PARSER = """
import argparse
parser = argparse.ArgumentParser()
parser.add_argument("--hidden", type=int, default=64)
parser.add_argument("--batch-size", "-b", type=int, default=32)
parser.add_argument("--rate", dest="drop", type=float, default=0.25)
parser.add_argument("--steps", type=int, default="12")
parser.add_argument("--fast", action="store_true")
parser.add_argument("--shape", type=int, nargs=3, default=[32, 1, 8])
args = parser.parse_args()
"""


def _result(code: str) -> Value:
    return assigned_value(textwrap.dedent(code).lstrip("\n"))


def _plain(value: Value) -> object:
    if isinstance(value, Const):
        return value.value
    if isinstance(value, Seq):
        return tuple(_plain(v) for v in value.items)
    return "?"


@pytest.mark.parametrize(("code", "expected"), [
    ('CFG = {"units": 64, "drop": 0.5}\nRESULT = CFG["units"]', 64),
    ('CFG = {"units": 64}\nRESULT = CFG.get("units", 3)', 64),
    ('CFG = {"units": 64}\nRESULT = CFG.get("other", 3)', 3),
    ('CFG = {"units": 64}\nRESULT = CFG.get("other")', None),
    ('CFG = dict(units=16, rate=0.5)\nRESULT = CFG["rate"]', 0.5),
    ('CFG = {"shape": (32, 1, 8)}\nRESULT = CFG["shape"]', (32, 1, 8)),
    ('CFG = {"units": 64}\ndef build():\n    RESULT = CFG["units"]', 64),
    ("from types import SimpleNamespace\nC = SimpleNamespace(hidden=12)\nRESULT = C.hidden", 12),
    ("from dataclasses import dataclass\n@dataclass\nclass Config:\n    hidden: int = 128\n"
     "config = Config()\nRESULT = config.hidden", 128),
    ("from dataclasses import dataclass\n@dataclass\nclass Config:\n    hidden: int = 128\n"
     "config = Config(hidden=256)\nRESULT = config.hidden", 256),
    ("class Config:\n    units = 7\nconfig = Config()\nRESULT = config.units", 7),
    (PARSER + "RESULT = args.hidden", 64),
    (PARSER + "RESULT = args.batch_size", 32),
    (PARSER + "RESULT = args.drop", 0.25),
    (PARSER + "RESULT = args.fast", False),
    (PARSER + "RESULT = args.shape", (32, 1, 8)),
])
def test_config_values(code: str, expected: object) -> None:
    assert _plain(_result(code)) == expected


@pytest.mark.parametrize("code", [
    'CFG = {"units": 64}\nCFG["units"] = 128\nRESULT = CFG["units"]',
    'CFG = {"units": 64}\nCFG.update(units=128)\nRESULT = CFG["units"]',
    'CFG = {"units": 64}\noverride(CFG)\nRESULT = CFG["units"]',
    'CFG = {"units": 64, **BASE}\nRESULT = CFG["units"]',
    'CFG = {"units": 64}\nRESULT = CFG["other"]',
    'def build(cfg):\n    RESULT = cfg["units"]',
    "class Config:\n    def __init__(self, units=7):\n        self.units = units\nconfig = Config(units=9)\n"
    "RESULT = config.units",
    PARSER + "args.hidden = 16\nRESULT = args.hidden",
    PARSER + "RESULT = args.steps",  # a string default converted by `type`
    PARSER + "RESULT = args.unknown_option",
    PARSER + "parser.set_defaults(hidden=8)\nRESULT = args.hidden",
])
def test_configs_the_file_may_change_or_does_not_say(code: str) -> None:
    assert isinstance(_result(code), Unknown)


def test_a_command_line_default_is_a_possibility() -> None:
    value = _result(PARSER + "RESULT = args.batch_size")
    assert value.origin is not None and value.origin.kind == COMMAND_LINE
    assert value.origin.describe() == "command-line default `--batch-size` on line 4"
    # the flag as the file spells it, not as the attribute is named
    renamed = _result(PARSER + "RESULT = args.drop")
    assert renamed.origin is not None and renamed.origin.describe() == "command-line default `--rate` on line 5"
    underscored = _result(PARSER.replace('"--batch-size", "-b"', '"--batch_size"') + "RESULT = args.batch_size")
    assert underscored.origin is not None
    assert underscored.origin.describe() == "command-line default `--batch_size` on line 4"
    assert isinstance(facts_only(value), Unknown)
    shape = _result(PARSER + "RESULT = (None, 1, args.hidden)")
    assert [type(v).__name__ for v in facts_only(shape).items] == ["Const", "Const", "Unknown"]


def test_a_guarded_config_entry_is_narrowed() -> None:
    value = _result("""
        import argparse
        parser = argparse.ArgumentParser()
        parser.add_argument("--dropout", type=float, default=None)
        args = parser.parse_args()
        if args.dropout is not None:
            RESULT = args.dropout
        """)
    assert isinstance(value, Unknown) and "never reaches" in value.reason
