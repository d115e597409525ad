from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from fisio_hooks.checkers.secrets import CHECKER
from fisio_hooks.checkers.secrets.rules import OTHER_PLUGIN_CODE, PLUGIN_CODES
from tests.conftest import CliRun
from tests.secrets_support import make_project

RunCli = Callable[[Sequence[str]], CliRun]

PROBE = """
import sys
from fisio_hooks.cli.main import main
main(sys.argv[1:])
print("DETECT_SECRETS", "detect_secrets" in sys.modules, file=sys.stderr)
"""


def _installed_types() -> dict[str, str]:
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    mapping = get_mapping_from_secret_type_to_class()
    return {secret_type: plugin.__name__ for secret_type, plugin in mapping.items()}


def test_plugin_table_matches_installed() -> None:
    table = {plugin.secret_type: plugin.plugin for plugin in PLUGIN_CODES}
    assert table == _installed_types()


def test_plugin_codes_unique() -> None:
    codes = [plugin.code for plugin in PLUGIN_CODES]
    assert len(codes) == len(set(codes))


def test_plugin_codes_in_range() -> None:
    numbers = [int(plugin.code[3:]) for plugin in PLUGIN_CODES]
    assert min(numbers) == 510
    assert max(numbers) < int(OTHER_PLUGIN_CODE[3:])


def test_every_code_has_rule() -> None:
    expected = {"FIS501", "FIS502", "FIS503", "FIS504", OTHER_PLUGIN_CODE}
    expected |= {plugin.code for plugin in PLUGIN_CODES}
    assert {rule.code for rule in CHECKER.rules} == expected


def test_rule_names_plugin(run_cli: RunCli) -> None:
    result = run_cli(["rule", "FIS513"])
    assert result.exit_code == 0
    assert "Base64HighEntropyString" in result.stdout


def test_rule_lists_secrets_codes(run_cli: RunCli) -> None:
    result = run_cli(["rule"])
    assert "FIS536" in result.stdout


def test_checker_takes_text_files() -> None:
    assert CHECKER.file_types == "text"


def _imports_detect_secrets(cwd: Path, *arguments: str) -> bool:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    line = next(
        line for line in result.stderr.splitlines() if line.startswith("DETECT_SECRETS")
    )
    return line.endswith("True")


def test_clean_file_skips_detect_secrets(tmp_path: Path) -> None:
    make_project(tmp_path)
    assert not _imports_detect_secrets(
        tmp_path, "check", "--checker", "secrets", "clean.py"
    )


def test_candidate_file_imports_detect_secrets(tmp_path: Path) -> None:
    make_project(tmp_path)
    assert _imports_detect_secrets(tmp_path, "check", "--checker", "secrets", "app.py")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.md", "# Notes\n\nThe password is rotated every month.\n"),
        ("deploy.sh", '#!/bin/sh\nexport PGPASSWORD="$(cat /run/secrets/pg)"\n'),
    ],
    ids=["markdown", "shell"],
)
def test_prose_and_lookups_silent(
    name: str,
    content: str,
    run_cli: RunCli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(make_project(tmp_path, {name: content}))
    result = run_cli(["check", "--checker", "secrets", name])
    assert result.exit_code == 0


def test_empty_baseline_setting_rejected(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_project(
        tmp_path, {"pyproject.toml": '[tool.fisio-hooks.secrets]\nbaseline = ""\n'}
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli(["check", "--checker", "secrets", "clean.py"])
    assert result.exit_code == 2
    assert "baseline must be the path of a file" in result.stderr
