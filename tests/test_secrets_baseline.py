"""``fisio-hooks baseline`` and known secrets, checked with detect-secrets."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from fisio_hooks.checkers.secrets.candidates import hash_secret
from tests.conftest import CliRun
from tests.secrets_support import API_KEY, MONGO_PASSWORD, leaked_secrets, make_project

RunCli = Callable[[Sequence[str]], CliRun]
DETECT_SECRETS = Path(sys.executable).parent / "detect-secrets"


def _read(root: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((root / ".secrets.baseline").read_text())
    return document


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: RunCli) -> Path:
    monkeypatch.chdir(make_project(tmp_path))
    result = run_cli(["baseline"])
    assert result.exit_code == 0, result.stderr
    return tmp_path


def test_baseline_has_detect_secrets_keys(project: Path) -> None:
    assert list(_read(project)) == [
        "version",
        "plugins_used",
        "filters_used",
        "results",
        "generated_at",
    ]


def test_baseline_records_hashes(project: Path) -> None:
    hashes = {entry["hashed_secret"] for entry in _read(project)["results"]["app.py"]}
    assert hash_secret(MONGO_PASSWORD) in hashes
    assert hash_secret(API_KEY) in hashes


def test_baseline_holds_no_secret(project: Path) -> None:
    leaked = leaked_secrets((project / ".secrets.baseline").read_text())
    assert leaked == 0


def test_baseline_lists_env_file(project: Path) -> None:
    assert ".env" in _read(project)["results"]


def test_known_secrets_not_reported(project: Path, run_cli: RunCli) -> None:
    result = run_cli(["check", "--checker", "secrets", "."])
    assert result.exit_code == 0
    silent = result.stdout == ""
    assert silent


def test_new_secret_reported(project: Path, run_cli: RunCli) -> None:
    with (project / "app.py").open("a") as stream:
        stream.write('password = "Nb6-Qe3' + '-Rv8-Tx1"\n')
    result = run_cli(["check", "--checker", "secrets", "--format", "json", "."])
    findings = result.json()
    assert [(finding["path"], finding["code"]) for finding in findings] == [
        ("app.py", "FIS503")
    ]


def test_baseline_file_not_checked(project: Path, run_cli: RunCli) -> None:
    result = run_cli(["check", "--checker", "secrets", ".secrets.baseline"])
    assert result.exit_code == 0


def test_update_keeps_audit_fields(project: Path, run_cli: RunCli) -> None:
    document = _read(project)
    for entry in document["results"]["app.py"]:
        entry["is_secret"] = False
    (project / ".secrets.baseline").write_text(json.dumps(document, indent=2))
    with (project / "app.py").open("a") as stream:
        stream.write("\n\n")
    assert run_cli(["baseline"]).exit_code == 0
    entries = _read(project)["results"]["app.py"]
    assert all(entry["is_secret"] is False for entry in entries)


def test_update_keeps_other_files(project: Path, run_cli: RunCli) -> None:
    assert run_cli(["baseline", "clean.py"]).exit_code == 0
    assert "app.py" in _read(project)["results"]


def test_update_drops_removed_secret(project: Path, run_cli: RunCli) -> None:
    (project / ".env").write_text("SECRET_KEY=\n")
    assert run_cli(["baseline"]).exit_code == 0
    assert ".env" not in _read(project)["results"]


def test_update_keeps_plugin_settings(project: Path, run_cli: RunCli) -> None:
    document = _read(project)
    document["plugins_used"] = [{"name": "KeywordDetector", "keyword_exclude": ""}]
    (project / ".secrets.baseline").write_text(json.dumps(document, indent=2))
    assert run_cli(["baseline"]).exit_code == 0
    assert _read(project)["plugins_used"] == document["plugins_used"]


def test_unchanged_baseline_keeps_timestamp(project: Path, run_cli: RunCli) -> None:
    before = (project / ".secrets.baseline").read_bytes()
    assert run_cli(["baseline"]).exit_code == 0
    assert (project / ".secrets.baseline").read_bytes() == before


def test_audit_report_reads_baseline(project: Path) -> None:
    result = subprocess.run(
        [str(DETECT_SECRETS), "audit", "--report", ".secrets.baseline"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    # Only the exit status and the types are compared: the report holds
    # the raw secrets, which a failure message must not print.
    status = result.returncode
    assert status == 0
    report = json.loads(result.stdout)
    types = {kind for item in report["results"] for kind in item["types"]}
    assert {"Basic Auth Credentials", "Secret Keyword", "GitHub Token"} <= types


def test_detect_secrets_hook_accepts_baseline(project: Path) -> None:
    # detect-secrets' own pre-commit hook finds nothing new against our
    # baseline; it insists that the baseline is staged in git.
    for command in (["init", "-q"], ["add", "."]):
        subprocess.run(["git", *command], cwd=project, check=True, capture_output=True)
    result = subprocess.run(
        [
            str(DETECT_SECRETS) + "-hook",
            "--no-verify",
            "--baseline",
            ".secrets.baseline",
            "app.py",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    status = result.returncode
    assert status in (0, 3)


def test_invalid_baseline_rejected(project: Path, run_cli: RunCli) -> None:
    (project / ".secrets.baseline").write_text("{not json")
    result = run_cli(["check", "--checker", "secrets", "app.py"])
    assert result.exit_code == 2
    explained = "invalid baseline" in result.stdout
    assert explained


def test_invalid_baseline_command_replaces(project: Path, run_cli: RunCli) -> None:
    (project / ".secrets.baseline").write_text("[]")
    result = run_cli(["baseline"])
    assert result.exit_code == 0
    assert "writing a new baseline" in result.stderr
    assert isinstance(_read(project)["results"], dict)


def test_baseline_option_path(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(make_project(tmp_path))
    assert run_cli(["baseline", "--baseline", "ci/secrets.json"]).exit_code == 0
    document = json.loads((tmp_path / "ci" / "secrets.json").read_text())
    assert "app.py" in document["results"]


def test_invalid_baseline_regenerated(project: Path, run_cli: RunCli) -> None:
    (project / ".secrets.baseline").write_text("{not json\n")
    result = run_cli(["baseline"])
    assert result.exit_code == 0, result.stderr
    assert "writing a new baseline" in result.stderr
    assert _read(project)["results"]
    assert run_cli(["check", "--checker", "secrets", "."]).exit_code == 0


def test_new_baseline_mode_follows_umask(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(make_project(tmp_path))
    previous = os.umask(0o022)
    try:
        assert run_cli(["baseline"]).exit_code == 0
    finally:
        os.umask(previous)
    assert (tmp_path / ".secrets.baseline").stat().st_mode & 0o777 == 0o644


def test_update_with_trailing_slash_keeps_file(project: Path, run_cli: RunCli) -> None:
    # "app.py/" names the file app.py, as pathlib spells it; its entries
    # must not be dropped as no longer found.
    assert run_cli(["baseline", "app.py/"]).exit_code == 0
    assert "app.py" in _read(project)["results"]
