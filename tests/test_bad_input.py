"""Bad input gets one clear FIS0xx finding or an exit-2 message, never a
traceback, and the other files are still checked."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from fisio_hooks.engine.source import MAX_FILE_BYTES
from tests.conftest import FISIO_PACKAGE, CliRun, write_files

RunCli = Callable[[Sequence[str]], CliRun]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_files(tmp_path, FISIO_PACKAGE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def codes(result: CliRun) -> list[tuple[str, int, str]]:
    return [
        (str(f["path"]), int(str(f["line"])), str(f["code"])) for f in result.json()
    ]


def test_syntax_error_reported_once(project: Path, run_cli: RunCli) -> None:
    write_files(project, {"fisio/broken.py": "x = 1\ndef total(items:\n    return 1\n"})
    result = run_cli(
        [
            "check",
            "--checker",
            "absolute-imports",
            "--format",
            "json",
            "fisio/broken.py",
        ]
    )
    assert result.exit_code == 1
    assert codes(result) == [("fisio/broken.py", 2, "FIS003")]
    assert "syntax error" in str(result.json()[0]["message"])
    assert "Traceback" not in result.stderr


def test_syntax_error_other_files_checked(project: Path, run_cli: RunCli) -> None:
    write_files(project, {"fisio/broken.py": "def f(:\n"})
    result = run_cli(
        ["check", "--checker", "absolute-imports", "--format", "json", "fisio"]
    )
    assert ("fisio/broken.py", 1, "FIS003") in codes(result)
    assert ("fisio/billing/invoice.py", 1, "FIS301") in codes(result)


def test_undecodable_bytes(project: Path, run_cli: RunCli) -> None:
    write_files(project, {"fisio/latin.py": b"x = 1\nname = 'caf\xe9'\n"})
    result = run_cli(
        ["check", "--checker", "absolute-imports", "--format", "json", "fisio/latin.py"]
    )
    assert codes(result) == [("fisio/latin.py", 2, "FIS002")]
    assert "0xe9" in str(result.json()[0]["message"])


def test_unknown_coding_declaration(project: Path, run_cli: RunCli) -> None:
    write_files(project, {"fisio/odd.py": b"# -*- coding: no-such-codec -*-\nx = 1\n"})
    result = run_cli(
        ["check", "--checker", "absolute-imports", "--format", "json", "fisio/odd.py"]
    )
    assert [code for _, _, code in codes(result)] == ["FIS002"]
    assert "encoding" in str(result.json()[0]["message"])


def test_coding_declaration_respected(project: Path, run_cli: RunCli) -> None:
    source = "# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n".encode("latin-1")
    write_files(project, {"fisio/latin.py": source})
    result = run_cli(
        ["check", "--checker", "absolute-imports", "--format", "json", "fisio/latin.py"]
    )
    assert result.exit_code == 0
    assert codes(result) == []


def test_binary_python_file(project: Path, run_cli: RunCli) -> None:
    write_files(project, {"fisio/blob.py": b"\x00\x01\x02binary"})
    result = run_cli(
        ["check", "--checker", "absolute-imports", "--format", "json", "fisio/blob.py"]
    )
    assert codes(result) == [("fisio/blob.py", 1, "FIS002")]
    assert "binary" in str(result.json()[0]["message"])


def test_empty_file_is_clean(project: Path, run_cli: RunCli) -> None:
    write_files(project, {"fisio/empty.py": ""})
    result = run_cli(
        ["check", "--checker", "absolute-imports", "--format", "json", "fisio/empty.py"]
    )
    assert result.exit_code == 0
    assert codes(result) == []


def test_missing_path(project: Path, run_cli: RunCli) -> None:
    result = run_cli(
        ["check", "--checker", "absolute-imports", "--format", "json", "fisio/gone.py"]
    )
    assert result.exit_code == 1
    assert codes(result) == [("fisio/gone.py", 1, "FIS001")]
    assert "not found" in str(result.json()[0]["message"])


def test_unreadable_folder(
    project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = project / "fisio" / "locked"
    locked.mkdir()
    (locked / "__init__.py").write_text("from . import x\n")
    locked.chmod(0)
    if os.geteuid() == 0:
        # Root reads any folder whatever its mode, so make listing this
        # one fail the way it fails for every other user.
        real_scandir = os.scandir

        def scandir(path: object) -> object:
            if Path(str(path)).resolve() == locked.resolve():
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)  # type: ignore[call-overload]

        real_listdir = os.listdir

        def listdir(path: object) -> list[str]:
            if Path(str(path)).resolve() == locked.resolve():
                raise PermissionError(13, "Permission denied", str(path))
            return real_listdir(path)  # type: ignore[call-overload]

        monkeypatch.setattr(os, "scandir", scandir)
        monkeypatch.setattr(os, "listdir", listdir)
    try:
        result = run_cli(
            ["check", "--checker", "absolute-imports", "--format", "json", "fisio"]
        )
    finally:
        locked.chmod(0o755)
    assert ("fisio/locked", 1, "FIS001") in codes(result)
    assert ("fisio/billing/invoice.py", 1, "FIS301") in codes(result)
    locked_findings = [f for f in result.json() if f["path"] == "fisio/locked"]
    assert "Permission denied" in str(locked_findings[0]["message"])


def test_file_over_size_limit(project: Path, run_cli: RunCli) -> None:
    huge = project / "fisio" / "generated.py"
    with huge.open("wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)
    result = run_cli(
        [
            "check",
            "--checker",
            "absolute-imports",
            "--format",
            "json",
            "fisio/generated.py",
        ]
    )
    assert codes(result) == [("fisio/generated.py", 1, "FIS004")]


def test_invalid_toml(project: Path, run_cli: RunCli) -> None:
    write_files(project, {"pyproject.toml": "[tool.fisio-hooks\nroot-package = 1\n"})
    result = run_cli(["check", "--checker", "absolute-imports", "fisio"])
    assert result.exit_code == 2
    assert "invalid TOML" in result.stderr
    assert "pyproject.toml" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_settings_key(project: Path, run_cli: RunCli) -> None:
    write_files(
        project, {"pyproject.toml": "[tool.fisio-hooks]\nroot-packages = 'x'\n"}
    )
    result = run_cli(["check", "--checker", "absolute-imports", "fisio"])
    assert result.exit_code == 2
    assert "unknown key tool.fisio-hooks.root-packages" in result.stderr


def test_settings_value_wrong_type(project: Path, run_cli: RunCli) -> None:
    write_files(
        project,
        {
            "pyproject.toml": (
                "[tool.fisio-hooks.logging-style]\nmodule-loggers = 'LOG'\n"
            )
        },
    )
    result = run_cli(["check", "--checker", "absolute-imports", "fisio"])
    assert result.exit_code == 2
    assert "tool.fisio-hooks.logging-style.module-loggers" in result.stderr
    assert "expected an array of strings, got a string" in result.stderr


def test_missing_config_file(project: Path, run_cli: RunCli) -> None:
    result = run_cli(
        ["check", "--checker", "absolute-imports", "--config", "nowhere.toml", "fisio"]
    )
    assert result.exit_code == 2
    assert "cannot read settings file nowhere.toml" in result.stderr


def test_utf16_coding_declaration(project: Path, run_cli: RunCli) -> None:
    write_files(project, {"fisio/wide.py": b"# coding: utf-16\nx = 1\n"})
    result = run_cli(
        ["check", "--checker", "absolute-imports", "--format", "json", "fisio/wide.py"]
    )
    assert codes(result) == [("fisio/wide.py", 1, "FIS002")]
    assert "utf-16" in str(result.json()[0]["message"])


def test_settings_errors_name_the_value(project: Path, run_cli: RunCli) -> None:
    for toml, expected in (
        ('[tool."fisio-hooks"]\nroot-package = "fi.sio"\n', 'got "fi.sio"'),
        ("[tool]\nfisio-hooks = 5\n", "[tool.fisio-hooks] must be a table"),
        ('[tool.fisio-hooks]\nexclude = ["[z-a]"]\n', 'invalid glob "[z-a]"'),
        ('[tool.fisio-hooks.per-file-ignores]\n"x" = [""]\n', '"" is not a code'),
    ):
        write_files(project, {"pyproject.toml": toml})
        result = run_cli(["check", "--checker", "absolute-imports", "fisio"])
        assert result.exit_code == 2, toml
        assert expected in result.stderr, toml
