"""FIS404 fixes log exactly the text the eager message had.

Each case is a log call that --fix rewrites. The original and the fixed
module both run with real values and a capturing handler, and every
record's message must be the same.
"""

from __future__ import annotations

import logging
import types
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from tests.conftest import CliRun, write_files

RunCli = Callable[[Sequence[str]], CliRun]

MIXED = [1, -7, "x", "it's", None, (1, 2), (5,), {"k": 1}, [1, "a"], True, 1.5, "é"]
INTEGERS = [0, 7, -42, 255, True]

CASES = [
    ("plain field", 'f"a={a}"', [(v, 0, 0) for v in MIXED]),
    ("conversions", 'f"{a!r} {b!s} {c!a}"', [(v, v, v) for v in MIXED]),
    ("self-documenting", 'f"{a=} {b = !s} {c=:+d}"', [(v, v, 3) for v in MIXED]),
    (
        "number specs",
        'f"{a:05d}|{b:+d}|{c:#x}|{a:<6d}|{b:8d}|{b:o}"',
        [(i, j, i) for i in INTEGERS for j in INTEGERS],
    ),
    ("percent and braces", 'f"100% {a} {{b}} %s"', [(v, 0, 0) for v in MIXED]),
    (
        "string specs",
        'f"{a!r:>12}|{b!s:<6}|{c:.3s}|{c:>5s}"',
        [(v, v, s) for v in MIXED for s in ("", "abcdef")],
    ),
    ("format positional", '"{} and {}".format(a, b)', [(v, v, 0) for v in MIXED]),
    (
        "format reordered",
        '"{1!r} {0:>5d}".format(a, b)',
        [(i, v, 0) for i in INTEGERS for v in MIXED],
    ),
    (
        "format keywords",
        '"{x} {y:5d}".format(x=a, y=c)',
        [(v, 0, 42) for v in MIXED],
    ),
    (
        "percent tuple",
        '"%s has %d" % (a, b)',
        [(v, i, 0) for v in MIXED for i in INTEGERS],
    ),
    ("percent mapping", '"%(k)s" % {"k": a}', [(v, 0, 0) for v in MIXED]),
    ("percent one element", '"one %r" % (a,)', [(v, 0, 0) for v in MIXED]),
    ("percent literal", '"value %s" % 5', [(0, 0, 0)]),
    (
        "concatenated",
        '(\n        f"first {a} "\n        "100% "\n        f"then {b!r}"\n    )',
        [(v, v, 0) for v in MIXED],
    ),
    ("raw", 'rf"C:\\dir\\{a}"', [(v, 0, 0) for v in MIXED]),
    (
        "concatenation",
        '"a=" + str(a) + " 100% b=" + repr(b) + ascii(c)',
        [(v, v, v) for v in MIXED],
    ),
    (
        "concatenation with str methods",
        '"names: " + ", ".join(map(str, (a, b))) + "/" + "{}".format(c)',
        [(v, v, v) for v in MIXED],
    ),
    (
        "concatenation with f-string",
        '"c=" + f"{c:x}" + " a=" + str(a)',
        [(v, 0, i) for v in MIXED for i in INTEGERS],
    ),
    ("quotes", "f'say \"{a}\" and \\'{b}\\''", [(v, v, 0) for v in MIXED]),
]


def module_source(messages: Sequence[str]) -> str:
    lines = ["import logging", "", 'LOG = logging.getLogger("exact")', ""]
    for index, message in enumerate(messages):
        lines += ["", f"def case_{index}(a, b, c):", f"    LOG.info({message})", ""]
    return "\n".join(lines)


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_module(source: str, name: str) -> types.ModuleType:
    module = types.ModuleType(name)
    exec(compile(source, name, "exec"), module.__dict__)
    return module


@pytest.fixture(scope="module")
def capture() -> Capture:
    handler = Capture()
    logger = logging.getLogger("exact")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return handler


Values = Sequence[tuple[object, object, object]]


def messages_of(
    module: types.ModuleType, index: int, values: Values, capture: Capture
) -> list[str]:
    capture.messages.clear()
    for a, b, c in values:
        try:
            getattr(module, f"case_{index}")(a, b, c)
        except (TypeError, ValueError):
            capture.messages.append("<raised>")
    return list(capture.messages)


@pytest.fixture(scope="module")
def modules(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    from fisio_hooks.cli.main import main

    folder = tmp_path_factory.mktemp("exact")
    original = module_source([case[1] for case in CASES])
    write_files(
        folder, {"pyproject.toml": "[tool.fisio-hooks]\n", "exact.py": original}
    )
    config = str(folder / "pyproject.toml")
    main(
        [
            "check",
            "--checker",
            "logging-style",
            "--fix",
            "--config",
            config,
            str(folder / "exact.py"),
        ]
    )
    return original, (folder / "exact.py").read_text(encoding="utf-8")


def test_every_case_fixed(
    modules: tuple[str, str], tmp_path: Path, run_cli: RunCli
) -> None:
    _, fixed = modules
    write_files(tmp_path, {"pyproject.toml": "[tool.fisio-hooks]\n", "fixed.py": fixed})
    config = str(tmp_path / "pyproject.toml")
    result = run_cli(
        [
            "check",
            "--checker",
            "logging-style",
            "--config",
            config,
            str(tmp_path / "fixed.py"),
        ]
    )
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize(
    ("index", "case"),
    list(enumerate(CASES)),
    ids=[case[0] for case in CASES],
)
def test_fixed_message_same_text(
    index: int,
    case: tuple[str, str, Values],
    modules: tuple[str, str],
    capture: Capture,
) -> None:
    original, fixed = modules
    before = messages_of(run_module(original, "original"), index, case[2], capture)
    after = messages_of(run_module(fixed, "fixed"), index, case[2], capture)
    checked = [(b, a) for b, a in zip(before, after, strict=True) if b != "<raised>"]
    assert checked, "no value formatted without an error"
    for expected, actual in checked:
        assert actual == expected
