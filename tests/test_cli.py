"""The command line: options, exit status, file selection and formats."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from fisio_hooks.cli import scripts
from tests.conftest import FISIO_PACKAGE, CliRun, write_files

RunCli = Callable[[Sequence[str]], CliRun]
CHECK = ["check", "--checker", "absolute-imports"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_files(tmp_path, FISIO_PACKAGE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def git(cwd: Path, *arguments: str) -> str:
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
    }
    result = subprocess.run(
        ["git", *arguments],
        cwd=cwd,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def test_text_output_line_format(project: Path, run_cli: RunCli) -> None:
    result = run_cli(CHECK)
    assert result.exit_code == 1
    assert result.stdout == (
        "fisio/billing/invoice.py:1:1: FIS301 relative import `.tax`; "
        "import `fisio.billing.tax` instead\n"
    )
    assert "Found 1 finding" in result.stderr


def test_no_path_checks_current_folder(project: Path, run_cli: RunCli) -> None:
    assert run_cli(CHECK).stdout == run_cli([*CHECK, "."]).stdout


def test_clean_run_exit_zero(project: Path, run_cli: RunCli) -> None:
    result = run_cli([*CHECK, "fisio/billing/tax.py"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "All checks passed" in result.stderr


def test_exit_zero_option(project: Path, run_cli: RunCli) -> None:
    result = run_cli([*CHECK, "--exit-zero"])
    assert result.exit_code == 0
    assert "FIS301" in result.stdout


def test_select_and_ignore(project: Path, run_cli: RunCli) -> None:
    assert run_cli([*CHECK, "--select", "FIS302"]).stdout == ""
    assert "FIS301" in run_cli([*CHECK, "--select", "FIS3"]).stdout
    assert run_cli([*CHECK, "--ignore", "FIS30"]).stdout == ""
    assert run_cli([*CHECK, "--select", "FIS1,FIS301"]).exit_code == 1


def test_select_rejects_non_code(project: Path, run_cli: RunCli) -> None:
    with pytest.raises(SystemExit) as exited:
        run_cli([*CHECK, "--select", "E501"])
    assert exited.value.code == 2


def test_select_loads_only_its_checker(project: Path, run_cli: RunCli) -> None:
    result = run_cli(["check", "--select", "FIS3", "--format", "json"])
    assert {f["checker"] for f in result.json()} == {"absolute-imports"}


def test_json_fields(project: Path, run_cli: RunCli) -> None:
    finding = run_cli([*CHECK, "--format", "json"]).json()[0]
    assert finding == {
        "path": "fisio/billing/invoice.py",
        "line": 1,
        "column": 1,
        "end_line": 1,
        "end_column": 22,
        "code": "FIS301",
        "checker": "absolute-imports",
        "message": "relative import `.tax`; import `fisio.billing.tax` instead",
        "fix": {"safe": True, "description": "replace `.tax` with `fisio.billing.tax`"},
    }


def test_json_stdout_is_only_json(project: Path, run_cli: RunCli) -> None:
    result = run_cli([*CHECK, "--format", "json", "--verbose"])
    assert isinstance(json.loads(result.stdout), list)


def test_github_format(project: Path, run_cli: RunCli) -> None:
    result = run_cli([*CHECK, "--format", "github"])
    assert result.stdout == (
        "::error file=fisio/billing/invoice.py,line=1,col=1,endLine=1,"
        "endColumn=22,title=FIS301 (absolute-imports)::FIS301 relative import "
        "`.tax`; import `fisio.billing.tax` instead\n"
    )


def test_github_format_escapes(project: Path, run_cli: RunCli) -> None:
    write_files(project, {"fisio/billing/a,b:c%.py": "from . import tax\n"})
    result = run_cli([*CHECK, "--format", "github", "fisio/billing/a,b:c%.py"])
    assert "file=fisio/billing/a%2Cb%3Ac%25.py," in result.stdout


def test_sarif_format(project: Path, run_cli: RunCli) -> None:
    document = json.loads(run_cli([*CHECK, "--format", "sarif"]).stdout)
    assert document["version"] == "2.1.0"
    run = document["runs"][0]
    assert run["tool"]["driver"]["name"] == "fisio-hooks"
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["FIS301"]
    result = run["results"][0]
    assert result["ruleId"] == "FIS301"
    assert result["ruleIndex"] == 0
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "fisio/billing/invoice.py"
    assert location["region"] == {
        "startLine": 1,
        "startColumn": 1,
        "endLine": 1,
        "endColumn": 22,
    }


def test_sarif_matches_object_model(project: Path, run_cli: RunCli) -> None:
    from sarif_pydantic import Sarif

    document = json.loads(run_cli([*CHECK, "--format", "sarif"]).stdout)
    log = Sarif.model_validate(document)
    assert log.runs[0].results is not None
    assert len(log.runs[0].results) == 1


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github"])
def test_output_deterministic(
    project: Path, run_cli: RunCli, output_format: str
) -> None:
    write_files(
        project, {"fisio/billing/more.py": "from .. import a\nfrom . import b\n"}
    )
    first = run_cli([*CHECK, "--format", output_format])
    second = run_cli([*CHECK, "--format", output_format])
    assert first.stdout == second.stdout


def test_findings_sorted(project: Path, run_cli: RunCli) -> None:
    write_files(
        project,
        {
            "fisio/a.py": "from . import z\nfrom . import y\n",
            "fisio/b.py": "from . import x\n",
        },
    )
    lines = run_cli(CHECK).stdout.splitlines()
    paths = [line.split(":")[0] for line in lines]
    assert paths == sorted(paths)
    assert lines[0].startswith("fisio/a.py:1:")
    assert lines[1].startswith("fisio/a.py:2:")


def test_walk_skips_hidden_and_virtualenvs(project: Path, run_cli: RunCli) -> None:
    relative = "from . import x\n"
    write_files(
        project,
        {
            "fisio/.hidden/__init__.py": relative,
            "fisio/build/__init__.py": relative,
            "fisio/node_modules/__init__.py": relative,
            "fisio/__pycache__/__init__.py": relative,
            "env/pyvenv.cfg": "",
            "env/fisio/__init__.py": relative,
        },
    )
    result = run_cli([*CHECK, "--format", "json"])
    assert [f["path"] for f in result.json()] == ["fisio/billing/invoice.py"]


def test_configured_exclude(project: Path, run_cli: RunCli) -> None:
    write_files(
        project, {"pyproject.toml": '[tool.fisio-hooks]\nexclude = ["fisio/billing"]\n'}
    )
    assert run_cli(CHECK).stdout == ""
    assert run_cli([*CHECK, "fisio/billing/invoice.py"]).stdout == ""


def test_per_file_ignores(project: Path, run_cli: RunCli) -> None:
    write_files(
        project,
        {
            "pyproject.toml": (
                '[tool.fisio-hooks.per-file-ignores]\n"fisio/billing/*" = ["FIS3"]\n'
            )
        },
    )
    assert run_cli(CHECK).exit_code == 0


def test_config_option(project: Path, run_cli: RunCli) -> None:
    write_files(
        project, {"other.toml": '[tool.fisio-hooks]\nroot-package = "billing"\n'}
    )
    result = run_cli([*CHECK, "--config", "other.toml", "--format", "json"])
    assert result.json()[0]["message"] == (
        "relative import `.tax`; import `billing.tax` instead"
    )


def test_fix_writes_file(project: Path, run_cli: RunCli) -> None:
    invoice = project / "fisio/billing/invoice.py"
    invoice.chmod(0o640)
    result = run_cli([*CHECK, "--fix"])
    assert result.exit_code == 0
    assert invoice.read_text() == "from fisio.billing.tax import RATE\n\nTOTAL = RATE\n"
    assert invoice.stat().st_mode & 0o777 == 0o640
    assert "Fixed 1 finding" in result.stderr
    assert not list(invoice.parent.glob("*.fisio-tmp"))


def test_diff_changes_nothing(project: Path, run_cli: RunCli) -> None:
    invoice = project / "fisio/billing/invoice.py"
    before = invoice.read_bytes()
    result = run_cli([*CHECK, "--diff"])
    assert result.exit_code == 1
    assert invoice.read_bytes() == before
    assert result.stdout == (
        "--- a/fisio/billing/invoice.py\n"
        "+++ b/fisio/billing/invoice.py\n"
        "@@ -1,3 +1,3 @@\n"
        "-from .tax import RATE\n"
        "+from fisio.billing.tax import RATE\n"
        " \n"
        " TOTAL = RATE\n"
    )


def test_changed_since_lists_branch_changes(project: Path, run_cli: RunCli) -> None:
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "base")
    git(project, "checkout", "-q", "-b", "feature")
    write_files(project, {"fisio/billing/committed.py": "from . import tax\n"})
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "change")
    write_files(project, {"fisio/billing/staged.py": "from . import tax\n"})
    git(project, "add", "fisio/billing/staged.py")
    write_files(project, {"fisio/untracked.py": "from . import billing\n"})

    result = run_cli([*CHECK, "--changed-since", "main", "--format", "json"])
    assert sorted({str(f["path"]) for f in result.json()}) == [
        "fisio/billing/committed.py",
        "fisio/billing/staged.py",
    ]


def test_changed_since_unknown_ref(project: Path, run_cli: RunCli) -> None:
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "base")
    result = run_cli([*CHECK, "--changed-since", "no-such-branch"])
    assert result.exit_code == 2
    assert "git merge-base no-such-branch failed" in result.stderr


def test_rule_explains_code(run_cli: RunCli) -> None:
    result = run_cli(["rule", "FIS301"])
    assert result.exit_code == 0
    assert result.stdout.startswith("FIS301 relative-import (absolute-imports)\n")
    assert "Example:" in result.stdout
    assert "Use instead:" in result.stdout
    assert "Fix: a safe fix is applied by --fix." in result.stdout
    assert "root-package" in result.stdout


def test_rule_engine_code(run_cli: RunCli) -> None:
    assert run_cli(["rule", "fis003"]).stdout.startswith("FIS003 syntax-error")


def test_rule_unknown_code(run_cli: RunCli) -> None:
    result = run_cli(["rule", "FIS399"])
    assert result.exit_code == 2
    assert "unknown rule 'FIS399'" in result.stderr


def test_console_script_runs_one_checker(project: Path) -> None:
    script = Path(sys.executable).parent / "fisio-absolute-imports"
    result = subprocess.run(
        [str(script), "--format", "json", "fisio"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert [f["code"] for f in json.loads(result.stdout)] == ["FIS301"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_console_script_full_disk_is_error(project: Path) -> None:
    script = Path(sys.executable).parent / "fisio-absolute-imports"
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [str(script), "fisio"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert result.returncode == 2
    assert "writing the report failed: No space left on device" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("closed", [">&-", "2>&-"])
def test_console_script_closed_stream(project: Path, closed: str) -> None:
    script = Path(sys.executable).parent / "fisio-absolute-imports"
    result = subprocess.run(
        ["sh", "-c", f'"{script}" --format json fisio {closed}'],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_console_script_summary_not_in_json(project: Path) -> None:
    script = Path(sys.executable).parent / "fisio-absolute-imports"
    result = subprocess.run(
        ["sh", "-c", f'"{script}" --format json fisio 2>&-'],
        capture_output=True,
        text=True,
        check=False,
    )
    assert [finding["code"] for finding in json.loads(result.stdout)] == ["FIS301"]


def test_console_script_usage_names_script(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        scripts.absolute_imports(["--no-such-option"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.startswith("usage: fisio-absolute-imports ")


def test_console_script_checker_option_adds_checker(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scripts.logging_style(["--checker", "absolute-imports", "--format", "json"])
    codes = {finding["code"] for finding in json.loads(capsys.readouterr().out)}
    assert "FIS301" in codes


def test_parallel_run_matches_serial(
    project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = {
        f"fisio/billing/m{index:03}.py": "from . import tax\n" for index in range(80)
    }
    write_files(project, many)
    parallel = run_cli([*CHECK, "--format", "json"])
    monkeypatch.setattr("fisio_hooks.cli.check.PARALLEL_MIN_FILES", 10_000)
    serial = run_cli([*CHECK, "--format", "json"])
    assert len(parallel.json()) == 81
    assert parallel.stdout == serial.stdout


def test_parallel_fix_writes_every_file(project: Path, run_cli: RunCli) -> None:
    many = {
        f"fisio/billing/m{index:03}.py": "from . import tax\n" for index in range(80)
    }
    write_files(project, many)
    result = run_cli([*CHECK, "--fix"])
    assert result.exit_code == 0
    assert "Fixed 81 findings" in result.stderr
    fixed = (project / "fisio/billing/m079.py").read_text()
    assert fixed == "from fisio.billing import tax\n"


def test_fix_refuses_libcst_round_trip_loss(project: Path, run_cli: RunCli) -> None:
    invoice = project / "fisio/billing/invoice.py"
    invoice.write_bytes(b"from .tax import RATE\n\x0cTOTAL = RATE\n")
    result = run_cli([*CHECK, "--fix", "--format", "json"])
    assert invoice.read_bytes() == b"from .tax import RATE\n\x0cTOTAL = RATE\n"
    assert [f["code"] for f in result.json()] == ["FIS005", "FIS301"]
    assert "byte for byte" in str(result.json()[0]["message"])


def test_fix_refuses_file_interpreter_rejects(project: Path, run_cli: RunCli) -> None:
    # TODO: a plain check reports only FIS301 here, because the
    # interpreter's parser runs only where tree-sitter finds an error.
    nested = "(" * 250 + "1" + ")" * 250
    source = f"from .tax import RATE\nTOTAL = {nested}\n"
    invoice = project / "fisio/billing/invoice.py"
    invoice.write_text(source)
    result = run_cli([*CHECK, "--fix", "--format", "json"])
    assert invoice.read_text() == source
    assert [f["code"] for f in result.json()] == ["FIS301", "FIS003"]
    assert "too many nested parentheses" in str(result.json()[1]["message"])


def test_fix_follows_symlink(project: Path, run_cli: RunCli) -> None:
    link = project / "fisio/billing/linked.py"
    link.symlink_to("invoice.py")
    result = run_cli([*CHECK, "--fix", "fisio/billing/linked.py"])
    assert result.exit_code == 0
    assert link.is_symlink()
    target = project / "fisio/billing/invoice.py"
    assert target.read_text().startswith("from fisio.billing.tax import RATE\n")


def test_fix_keeps_hard_links(project: Path, run_cli: RunCli) -> None:
    invoice = project / "fisio/billing/invoice.py"
    (project / "invoice-link.py").hardlink_to(invoice)
    before = invoice.read_bytes()
    result = run_cli([*CHECK, "--fix", "--format", "json"])
    assert invoice.read_bytes() == before
    assert (project / "invoice-link.py").stat().st_ino == invoice.stat().st_ino
    codes = [f["code"] for f in result.json()]
    assert codes == ["FIS006", "FIS301"]
    assert "hard links" in str(result.json()[0]["message"])


def test_walk_skips_symlinks(project: Path, run_cli: RunCli) -> None:
    (project / "fisio/billing/loop.py").symlink_to("loop.py")
    (project / "fisio/billing/alias.py").symlink_to("invoice.py")
    result = run_cli([*CHECK, "--format", "json"])
    assert result.exit_code == 1
    assert [f["path"] for f in result.json()] == ["fisio/billing/invoice.py"]


def test_fifo_named_directly(project: Path, run_cli: RunCli) -> None:
    os.mkfifo(project / "fisio/pipe.py")
    result = run_cli([*CHECK, "--format", "json", "fisio/pipe.py"])
    assert [f["code"] for f in result.json()] == ["FIS001"]
    assert "not a regular file" in str(result.json()[0]["message"])


def test_diff_keeps_carriage_returns(project: Path, run_cli: RunCli) -> None:
    invoice = project / "fisio/billing/invoice.py"
    invoice.write_bytes(b"import os\rfrom .tax import RATE\n")
    result = run_cli([*CHECK, "--diff"])
    assert result.stdout.split("\n")[2:] == [
        "@@ -1 +1 @@",
        "-import os\rfrom .tax import RATE",
        "+import os\rfrom fisio.billing.tax import RATE",
        "",
    ]


def test_lone_carriage_returns_end_lines(project: Path, run_cli: RunCli) -> None:
    invoice = project / "fisio/billing/invoice.py"
    invoice.write_bytes(b"import logging\rdef total(x):\r    print(x)\r    return x\r")
    arguments = ["check", "--format", "json", "--select", "FIS405"]
    result = run_cli([*arguments, "fisio/billing/invoice.py"])
    found = [(finding["line"], finding["code"]) for finding in result.json()]
    assert found == [(3, "FIS405")]


def test_noqa_inside_string_ignored(project: Path, run_cli: RunCli) -> None:
    write_files(
        project,
        {
            "fisio/billing/strings.py": (
                '"""\n# fisio-hooks: noqa: FIS3\n"""\n'
                'from . import tax; NOTE = "# noqa"\n'
                "from . import tax  # noqa: E501 fis later\n"
            )
        },
    )
    result = run_cli([*CHECK, "--format", "json", "fisio/billing/strings.py"])
    assert [(f["line"], f["code"]) for f in result.json()] == [
        (4, "FIS301"),
        (5, "FIS301"),
    ]


def test_file_noqa_comment_suppresses(project: Path, run_cli: RunCli) -> None:
    write_files(
        project,
        {
            "fisio/billing/quiet.py": (
                "import os\n  # fisio-hooks: noqa: FIS3\nfrom . import tax\n"
            )
        },
    )
    assert run_cli([*CHECK, "fisio/billing/quiet.py"]).exit_code == 0


def test_nested_settings_exclude_applies(project: Path, run_cli: RunCli) -> None:
    write_files(
        project,
        {
            "fisio/billing/pyproject.toml": (
                '[tool.fisio-hooks]\nroot-package = "fisio"\nexclude = ["invoice.py"]\n'
            )
        },
    )
    assert run_cli(CHECK).stdout == ""


def test_diff_rejects_json_format(project: Path, run_cli: RunCli) -> None:
    result = run_cli([*CHECK, "--diff", "--format", "json"])
    assert result.exit_code == 2
    assert "cannot be combined with --format json" in result.stderr


def test_empty_path_rejected(project: Path, run_cli: RunCli) -> None:
    result = run_cli([*CHECK, ""])
    assert result.exit_code == 2
    assert "empty PATH" in result.stderr


def test_sarif_uri_percent_encoded(project: Path, run_cli: RunCli) -> None:
    write_files(project, {"fisio/billing/a b#c.py": "from . import tax\n"})
    document = json.loads(run_cli([*CHECK, "--format", "sarif"]).stdout)
    uris = [
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for result in document["runs"][0]["results"]
    ]
    assert uris == ["fisio/billing/a%20b%23c.py", "fisio/billing/invoice.py"]


def test_changed_since_option_like_ref(project: Path, run_cli: RunCli) -> None:
    git(project, "init", "-q", "-b", "main")
    result = run_cli([*CHECK, "--changed-since=--help"])
    assert result.exit_code == 2
    assert "invalid git revision '--help'" in result.stderr


def test_non_utf8_file_name_output(project: Path, run_cli: RunCli) -> None:
    name = os.fsdecode(b"fisio/billing/caf\xe9.py")
    (project / name).write_text("from . import tax\n")
    result = run_cli([*CHECK, "--format", "json"])
    assert result.stdout.encode("utf-8")
    paths = [f["path"] for f in result.json()]
    assert "fisio/billing/caf\\xe9.py" in paths


def test_imports_found_in_nested_statements(project: Path, run_cli: RunCli) -> None:
    write_files(
        project,
        {
            "fisio/billing/nested.py": (
                "try:\n"
                "    from . import a\n"
                "except ImportError:\n"
                "    pass\n"
                "with open('x') as f:\n"
                "    from . import b\n"
                "while True:\n"
                "    from . import c\n"
                "match 1:\n"
                "    case 1:\n"
                "        from . import d\n"
                "@decorator\n"
                "class K:\n"
                "    def m(self):\n"
                "        if x:\n"
                "            from . import e\n"
            )
        },
    )
    result = run_cli([*CHECK, "--format", "json", "fisio/billing/nested.py"])
    assert [f["line"] for f in result.json()] == [2, 6, 8, 11, 16]
