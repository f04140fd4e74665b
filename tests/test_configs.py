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
parser.add_argument("-e", type=int, default=5)
parser.add_argument("--data")
parser.add_argument("--amp", action=argparse.BooleanOptionalAction)
DEPTH = "--depth"
parser.add_argument(DEPTH, type=int, default=3)
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
    (PARSER + "RESULT = args.e", 5),  # a short option only
    (PARSER + "stamp = datetime.now().strftime('%Y')\nRESULT = args.hidden", 64),  # a call on a call
    ("from dataclasses import dataclass\n@dataclass\nclass Config:\n    hidden: int = 128\n    rate: float = 0.5\n"
     "config = Config(hidden=256)\nRESULT = config.rate", 0.5),
    ('class Config:\n    """Sizes."""\n    units = 7\nconfig = Config()\nRESULT = config.units', 7),
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
    PARSER + "RESULT = args.data",  # no default
    PARSER + "RESULT = args.amp",  # no default, an action that is not a string
    "def main(parser):\n    args = parser.parse_args()\n    RESULT = args.hidden",  # a parser from elsewhere
    'CFG = {"units": 64}\nRESULT = CFG[key]',
    'CFG = {"units": 64}\nRESULT = CFG["units", 1]',  # the key is a tuple
    "RESULT = data[:1000]",
    'CFG = {"units": 64}\nRESULT = CFG.get()',  # dict.get refuses these calls
    'CFG = {"units": 64}\nRESULT = CFG.get("units", 1, 2)',
    "from dataclasses import dataclass\n@dataclass\nclass Config:\n    hidden: int = 128\n"
    "config = Config(256)\nRESULT = config.hidden",  # a positional argument
    'from collections import namedtuple\nConfig = namedtuple("Config", ["hidden"])\n'
    "config = Config(hidden=3)\nRESULT = config.hidden",
    "class Config:\n    units = 7\nif flag:\n    class Config:\n        units = 9\nconfig = Config()\n"
    "RESULT = config.units",  # which class is not known
    # `ast` cannot read this text (a NUL byte): what it changes is not known.
    'CFG = {"units": 64}\n# \x00\nRESULT = CFG["units"]',
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


# NL001 and NL006 name where a mask entry came from: `(from config entry `CFG["batch"]` on line 1)`.
@pytest.mark.parametrize(("code", "origin"), [
    ('CFG = {"batch": 32}\nRESULT = CFG["batch"]', 'config entry `CFG["batch"]` on line 1'),
    ('CFG = dict(batch=32)\nRESULT = CFG.get("batch")', 'config entry `CFG["batch"]` on line 1'),
    ("from types import SimpleNamespace\nC = SimpleNamespace(\n    batch=32)\nRESULT = C.batch",
     "config entry `C.batch` on line 3"),
    ("from dataclasses import dataclass\n@dataclass\nclass Config:\n    batch: int = 64\n"
     "config = Config(batch=32)\nRESULT = config.batch", "config entry `config.batch` on line 5"),
])
def test_a_config_entry_names_itself(code: str, origin: str) -> None:
    value = _result(code)
    assert value.origin is not None and value.origin.describe() == origin


@pytest.mark.parametrize(("code", "value"), [
    ("class Config:\n    height, width = 28, 28\nconfig = Config()\nRESULT = config.height", 28),
    ('CFG = {"model": {"units": 64}}\nmodel_cfg = CFG["model"]\nRESULT = model_cfg["units"]', 64),
    ("config = make_config()()\nRESULT = config.units", None),
])
def test_forms_read_or_left_unknown(code: str, value: object) -> None:
    """Forms not read today (a class attribute bound by unpacking, a nested dict) may be
    read later, with the right value; never a wrong one, never a crash."""
    assert _plain(_result(code)) in (value, "?")


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
