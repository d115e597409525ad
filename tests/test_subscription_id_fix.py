"""The subscription-id checker through the command line: fixes, output,
settings and start-up cost."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from fisio_hooks.cli.scripts import subscription_id
from tests.conftest import CliRun

RunCli = Callable[[Sequence[str]], CliRun]


def fix(run_cli: RunCli, path: Path, source: str) -> str:
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    result = run_cli(["check", "--checker", "subscription-id", "--fix", str(path)])
    assert result.exit_code in (0, 1), result.stderr
    return path.read_text(encoding="utf-8")


def test_outer_then_inner_both_renamed(run_cli: RunCli, tmp_path: Path) -> None:
    source = """\
        def outer():
            sub_id = 1

            def inner():
                subId = 2
                return subId

            return inner, sub_id
        """
    fixed = fix(run_cli, tmp_path / "a.py", source)
    assert fixed == textwrap.dedent(source).replace("subId", "subscription_id").replace(
        "sub_id", "subscription_id"
    )


def test_inner_reading_outer_keeps_name(run_cli: RunCli, tmp_path: Path) -> None:
    source = """\
        def outer():
            sub_id = 1

            def inner():
                subId = 2
                return subId + sub_id

            return inner
        """
    fixed = fix(run_cli, tmp_path / "a.py", source)
    assert "return subId + subscription_id" in fixed
    assert "subId = 2" in fixed


def test_inner_first_blocks_outer(run_cli: RunCli, tmp_path: Path) -> None:
    source = """\
        def outer():
            def inner():
                subId = 2
                return subId + sub_id

            sub_id = 1
            return inner
        """
    fixed = fix(run_cli, tmp_path / "a.py", source)
    assert "return subscription_id + sub_id" in fixed
    assert "    sub_id = 1" in fixed


def test_string_annotation_use_not_renamed(run_cli: RunCli, tmp_path: Path) -> None:
    source = """\
        def f(rows):
            sub_ids = rows
            first: "sub_ids" = rows[0]
            return sub_ids, first
        """
    fixed = fix(run_cli, tmp_path / "a.py", source)
    assert fixed == textwrap.dedent(source)


def test_second_fix_changes_nothing(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    first = fix(run_cli, path, "def f(x):\n    sub_id = x\n    return sub_id\n")
    result = run_cli(["check", "--checker", "subscription-id", "--fix", str(path)])
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8") == first


def test_json_fix_field(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text("def f(sub_id):\n    old_sub_id = sub_id\n    return old_sub_id\n")
    result = run_cli(
        ["check", "--checker", "subscription-id", "--format", "json", str(path)]
    )
    findings = result.json()
    assert [finding["message"] for finding in findings] == [
        "parameter `sub_id` should be named `subscription_id`",
        "local variable `old_sub_id` should be named `old_subscription_id`",
    ]
    assert findings[0]["fix"] is None
    assert findings[1]["fix"] == {
        "safe": True,
        "description": "rename `old_sub_id` and its uses to `old_subscription_id`",
    }


def test_finding_spans_the_name(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text("class C:\n    def m(self):\n        self.sub_id = 1\n")
    result = run_cli(
        ["check", "--checker", "subscription-id", "--format", "json", str(path)]
    )
    finding = result.json()[0]
    assert (finding["line"], finding["column"]) == (3, 14)
    assert (finding["end_line"], finding["end_column"]) == (3, 20)


def test_console_script(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text("subId = 1\n")
    exit_code = subscription_id([str(path)])
    output = capsys.readouterr().out
    assert exit_code == 1
    assert f"{path}:1:1: FIS201 global variable `subId` should be named" in output


def test_rule_documentation(run_cli: RunCli) -> None:
    result = run_cli(["rule", "FIS201"])
    assert result.exit_code == 0
    assert "subscription-id-variant" in result.stdout
    assert "subscription-id.extra-variants" in result.stdout


def test_canonical_setting_rejected(run_cli: RunCli, tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.fisio-hooks.subscription-id]\ncanonical = "subId"\n')
    (tmp_path / "a.py").write_text("x = 1\n")
    result = run_cli(["check", "--config", str(config), str(tmp_path / "a.py")])
    assert result.exit_code == 2
    assert (
        'canonical must be a snake_case name such as "subscription_id"' in result.stderr
    )


def test_extra_variant_setting_rejected(run_cli: RunCli, tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.fisio-hooks.subscription-id]\nextra-variants = ["s-id"]\n')
    (tmp_path / "a.py").write_text("x = 1\n")
    result = run_cli(["check", "--config", str(config), str(tmp_path / "a.py")])
    assert result.exit_code == 2
    assert 'extra-variants must be Python names, got "s-id"' in result.stderr


PROBE = """
import sys
from fisio_hooks.cli.main import main
main(sys.argv[1:])
print("LIBCST", "libcst" in sys.modules, file=sys.stderr)
"""


def libcst_loaded(path: Path, *arguments: str) -> bool:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE,
            "check",
            "--checker",
            "subscription-id",
            *arguments,
        ],
        cwd=path.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    return "LIBCST True" in result.stderr


def test_check_without_libcst(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text("def f():\n    sub_id = 1\n    return sub_id\n")
    assert not libcst_loaded(path, path.name)


def test_fix_with_libcst(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text("def f():\n    sub_id = 1\n    return sub_id\n")
    assert libcst_loaded(path, "--fix", path.name)
