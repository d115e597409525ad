"""Every file under ``fixtures/<hook id>/`` is a case.

A line that must be reported ends with a comment ``expect: FIS301`` (or
several codes separated by commas) after ``#``, ``//``, ``;``, ``--`` or
``<!--``; every other line must produce nothing. A case with a safe fix
has a sibling ``<stem>.fixed<suffix>`` with the exact expected bytes,
and a case without one must come out of ``--fix`` unchanged.

Settings come from the nearest ``pyproject.toml`` between the case and
its hook folder; each hook folder has one, which makes that folder the
project root for path globs.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, CliRun

# JSON has no comments: a ``"//": "expect: FIS524"`` member on the line
# stands for one.
EXPECT = re.compile(
    r'(?:#|//(?:"\s*:\s*")?|;|--|<!--)\s*expect:\s*(FIS\d{3}(?:\s*,\s*FIS\d{3})*)'
)
# Files in a fixture tree that are settings or expectations, not cases.
NOT_CASES = {"pyproject.toml", ".secrets.baseline", "README.md"}

RunCli = Callable[[Sequence[str]], CliRun]


def fixed_sibling(case: Path) -> Path:
    suffixes = "".join(case.suffixes[-1:])
    stem = case.name[: len(case.name) - len(suffixes)] if suffixes else case.name
    return case.with_name(f"{stem}.fixed{suffixes}")


def collect_cases() -> list[tuple[str, Path]]:
    cases = []
    for hook_folder in sorted(path for path in FIXTURES.iterdir() if path.is_dir()):
        for path in sorted(hook_folder.rglob("*")):
            if not path.is_file() or path.name in NOT_CASES or ".fixed." in path.name:
                continue
            if "__pycache__" in path.parts:
                continue
            cases.append((hook_folder.name, path))
    return cases


CASES = collect_cases()
CASE_IDS = [path.relative_to(FIXTURES).as_posix() for _, path in CASES]


def config_for(case: Path, hook_folder: Path) -> Path:
    for folder in [case.parent, *case.parent.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
        if folder == hook_folder:
            break
    raise AssertionError(f"{hook_folder}/pyproject.toml is missing")


def expected_findings(case: Path) -> list[tuple[int, str]]:
    data = case.read_bytes()
    if b"\0" in data[:8000]:
        return []
    expected = []
    text = data.decode("utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            expected += [(number, code.strip()) for code in match.group(1).split(",")]
    return sorted(expected)


def check_case(
    run_cli: RunCli,
    hook: str,
    hook_folder: Path,
    case: Path,
    extra: Sequence[str] = (),
) -> CliRun:
    """Run one checker on one case from its hook folder, as pre-commit
    runs a hook from the repository root with relative paths."""
    config = config_for(case, hook_folder)
    relative = case.relative_to(hook_folder).as_posix()
    return run_cli(
        ["check", "--checker", hook, "--config", str(config), *extra, relative]
    )


@pytest.mark.parametrize(("hook", "case"), CASES, ids=CASE_IDS)
def test_fixture_findings(
    hook: str, case: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FIXTURES / hook)
    result = check_case(run_cli, hook, FIXTURES / hook, case, ["--format", "json"])
    assert result.exit_code in (0, 1), result.stderr
    findings = result.json()
    actual = sorted((int(str(f["line"])), str(f["code"])) for f in findings)
    messages = "\n".join(f"{f['line']}: {f['code']} {f['message']}" for f in findings)
    assert actual == expected_findings(case), messages


@pytest.mark.parametrize(("hook", "case"), CASES, ids=CASE_IDS)
def test_fixture_fix_twice(
    hook: str,
    case: Path,
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    copy = tmp_path / hook
    shutil.copytree(FIXTURES / hook, copy)
    copied_case = copy / case.relative_to(FIXTURES / hook)
    monkeypatch.chdir(copy)
    original = copied_case.read_bytes()
    expected_path = fixed_sibling(case)
    expected = expected_path.read_bytes() if expected_path.exists() else original

    first = check_case(run_cli, hook, copy, copied_case, ["--fix"])
    assert first.exit_code in (0, 1), first.stderr
    assert copied_case.read_bytes() == expected

    second = check_case(run_cli, hook, copy, copied_case, ["--fix"])
    assert second.exit_code in (0, 1), second.stderr
    assert copied_case.read_bytes() == expected, "a second --fix changed the file"
