"""The logging-style checker: loggers, scopes, settings and rule docs.

Whole-file behaviour lives in ``fixtures/logging-style/``; these tests
pin the decisions one at a time.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from fisio_hooks.checkers.logging_style.check import is_package_code
from fisio_hooks.cli.rule import find_rule, format_rule
from fisio_hooks.engine.settings import SettingsError, load_settings
from tests.conftest import CliRun, write_files

RunCli = Callable[[Sequence[str]], CliRun]

MODULE = "import logging\n\nLOG = logging.getLogger(__name__)\n"


@pytest.fixture
def findings(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., list[tuple[int, str]]]:
    """Check one source file under ``fisio/`` and return (line, code)."""
    monkeypatch.chdir(tmp_path)

    def run(
        source: str, settings: str = "", path: str = "fisio/case.py"
    ) -> list[tuple[int, str]]:
        config = "[tool.fisio-hooks]\n"
        if settings:
            config += "[tool.fisio-hooks.logging-style]\n" + settings
        body = textwrap.dedent(source)
        write_files(tmp_path, {"pyproject.toml": config, path: body})
        result = run_cli(
            ["check", "--checker", "logging-style", "--format", "json", path]
        )
        assert result.exit_code in (0, 1), result.stderr
        return [(int(str(f["line"])), str(f["code"])) for f in result.json()]

    return run


# FIS401


def test_module_logger_in_method(
    findings: Callable[..., list[tuple[int, str]]],
) -> None:
    source = MODULE + textwrap.dedent(
        """
        class A:
            def __init__(self):
                self.log = LOG
            def run(self):
                LOG.info("x")
        """
    )
    assert findings(source) == [(9, "FIS401")]


def test_module_logger_in_static_method_allowed(
    findings: Callable[..., list[tuple[int, str]]],
) -> None:
    source = MODULE + textwrap.dedent(
        """
        class A:
            log = LOG
            @staticmethod
            def run():
                LOG.info("x")
        """
    )
    assert findings(source) == []


def test_module_logger_in_default_value_allowed(
    findings: Callable[..., list[tuple[int, str]]],
) -> None:
    # A default value runs in the class body, where there is no instance.
    source = MODULE + textwrap.dedent(
        """
        class A:
            log = LOG
            def run(self, level=LOG.info("defining")):
                pass
        """
    )
    assert findings(source) == []


def test_module_logger_in_decorator_allowed(
    findings: Callable[..., list[tuple[int, str]]],
) -> None:
    source = MODULE + textwrap.dedent(
        """
        class A:
            log = LOG
            @register(LOG.info("decorating"))
            def run(self):
                pass
        """
    )
    assert findings(source) == []


def test_module_logger_from_settings(
    findings: Callable[..., list[tuple[int, str]]],
) -> None:
    source = """
        from fisio.logs import AUDIT
        class A:
            log = AUDIT
            def run(self):
                AUDIT.info("x")
        """
    assert findings(source, 'module-loggers = ["AUDIT"]\n') == [(6, "FIS401")]


def test_unknown_name_not_a_logger(
    findings: Callable[..., list[tuple[int, str]]],
) -> None:
    source = """
        class A:
            log = None
            def run(self, console):
                console.info("x")
                LOGGER.info("y")
        """
    assert findings(source) == []


def test_getlogger_in_function_is_local(
    findings: Callable[..., list[tuple[int, str]]],
) -> None:
    source = MODULE + textwrap.dedent(
        """
        class A:
            log = LOG
            def run(self):
                log = logging.getLogger("a")
                log.info("a local logger")
        """
    )
    assert findings(source) == []


# FIS402


def test_self_log_in_static_method(
    findings: Callable[..., list[tuple[int, str]]],
) -> None:
    source = """
        class A:
            log = None
            @staticmethod
            def run():
                self.log.info("x")
        """
    assert findings(source) == [(6, "FIS402")]


def test_self_log_decorated_staticmethod_dotted(
    findings: Callable[..., list[tuple[int, str]]],
) -> None:
    source = """
        import builtins
        class A:
            log = None
            @builtins.staticmethod
            def run():
                self.log.info("x")
        """
    assert findings(source) == [(7, "FIS402")]


def test_self_log_in_lambda_in_method(
    findings: Callable[..., list[tuple[int, str]]],
) -> None:
    source = """
        class A:
            log = None
            def run(self):
                return lambda: self.log.info("x")
        """
    assert findings(source) == []


def test_self_log_lambda_parameter(
    findings: Callable[..., list[tuple[int, str]]],
) -> None:
    source = """
        handler = lambda self: self.log.info("x")
        """
    assert findings(source) == []


def test_self_log_global_self(findings: Callable[..., list[tuple[int, str]]]) -> None:
    source = """
        self = object()
        self.log.info("a module-level name self; not checked")
        """
    assert findings(source) == []


def test_custom_instance_logger(findings: Callable[..., list[tuple[int, str]]]) -> None:
    source = """
        class A:
            def run(self):
                self.logger.info("x")
                self.log.info("y")
        """
    assert findings(source, 'instance-logger = "self.logger"\n') == [(4, "FIS402")]


def test_dotted_instance_logger(findings: Callable[..., list[tuple[int, str]]]) -> None:
    source = """
        class A:
            def __init__(self, context):
                self.context.log = context
            def run(self):
                self.context.log.info("x")
        def helper():
            self.context.log.info("x")
        """
    assert findings(source, 'instance-logger = "self.context.log"\n') == [(8, "FIS402")]


# FIS403, FIS405, FIS406


def test_root_logger_via_alias(findings: Callable[..., list[tuple[int, str]]]) -> None:
    assert findings("import logging as lg\nlg.info('x')\n") == [(2, "FIS403")]


def test_logging_shadowed_by_import(
    findings: Callable[..., list[tuple[int, str]]],
) -> None:
    source = "from fisio import logging\nlogging.info('x')\n"
    assert findings(source) == []


def test_print_outside_package(findings: Callable[..., list[tuple[int, str]]]) -> None:
    assert findings("print('x')\n", path="scripts/tool.py") == []


def test_print_in_package(findings: Callable[..., list[tuple[int, str]]]) -> None:
    assert findings("print('x')\n", path="fisio/tool.py") == [(1, "FIS405")]


def test_print_allowed_main(findings: Callable[..., list[tuple[int, str]]]) -> None:
    assert findings("print('x')\n", path="fisio/sub/__main__.py") == []


def test_warn_on_unknown_receiver(
    findings: Callable[..., list[tuple[int, str]]],
) -> None:
    assert findings("import warnings\nwarnings.warn('x')\nconsole.warn('y')\n") == []


def test_exception_in_except_star(
    findings: Callable[..., list[tuple[int, str]]],
) -> None:
    source = MODULE + "try:\n    pass\nexcept* OSError:\n    LOG.exception('x')\n"
    assert findings(source) == []


@pytest.mark.parametrize(
    ("path", "root", "expected"),
    [
        ("fisio/a.py", "fisio", True),
        ("fisio/sub/b.py", "fisio", True),
        ("src/fisio/a.py", "fisio", True),
        ("fisio.py", "fisio", True),
        ("fisiotools/a.py", "fisio", False),
        ("tests/fisio/a.py", "fisio", False),
        ("setup.py", "fisio", False),
        ("anything/at/all.py", "", True),
    ],
)
def test_package_code(path: str, root: str, expected: bool) -> None:
    assert is_package_code(path, root) is expected


# Settings


def write_settings(tmp_path: Path, body: str) -> Path:
    config = tmp_path / "pyproject.toml"
    config.write_text("[tool.fisio-hooks.logging-style]\n" + body, encoding="utf-8")
    return config


def test_settings_read(tmp_path: Path) -> None:
    config = write_settings(
        tmp_path,
        'instance-logger = "self.logger"\n'
        'module-loggers = ["logger"]\n'
        'logger-base-classes = ["fisio.core.Service"]\n'
        'print-allowed = ["fisio/cli/*"]\n',
    )
    settings = load_settings(config).logging_style
    assert settings.instance_logger == "self.logger"
    assert settings.module_loggers == ("logger",)
    assert settings.logger_base_classes == ("fisio.core.Service",)
    assert settings.print_allowed == ("fisio/cli/*",)


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ('instance-logger = "log"\n', "instance-logger"),
        ('instance-logger = "self.log()"\n', "instance-logger"),
        ('module-loggers = ["my logger"]\n', "module-loggers"),
        ('logger-base-classes = ["fisio..Service"]\n', "logger-base-classes"),
    ],
)
def test_settings_rejected(tmp_path: Path, body: str, key: str) -> None:
    config = write_settings(tmp_path, body)
    with pytest.raises(SettingsError) as raised:
        load_settings(config)
    assert key in str(raised.value)
    assert str(config) in str(raised.value)


# Rule documentation and start-up cost


@pytest.mark.parametrize(
    "code", ["FIS401", "FIS402", "FIS403", "FIS404", "FIS405", "FIS406"]
)
def test_rule_documented(code: str) -> None:
    found = find_rule(code)
    assert found is not None
    checker_id, rule = found
    assert checker_id == "logging-style"
    assert rule.example
    assert rule.fixed_example
    assert "Use instead:" in format_rule(checker_id, rule)


def test_check_does_not_import_libcst(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "pyproject.toml": "[tool.fisio-hooks]\n",
            "fisio/a.py": MODULE + "LOG.info(f'{LOG}')\nprint(1)\n",
        },
    )
    probe = (
        "import sys\n"
        "from fisio_hooks.cli.main import main\n"
        "main(['check', '--checker', 'logging-style', 'fisio'])\n"
        "print('LIBCST' if 'libcst' in sys.modules else 'NONE', file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "FIS404" in result.stdout
    assert result.stderr.strip().endswith("NONE")


def test_str_rebound_at_module_level(
    findings: Callable[..., list[tuple[int, str]]], run_cli: RunCli
) -> None:
    source = MODULE + "str = repr\nLOG.info('x' + str(1))\n"
    assert findings(source) == [(5, "FIS404")]
    result = run_cli(
        ["check", "--checker", "logging-style", "--format", "json", "fisio/case.py"]
    )
    assert result.json()[0]["fix"] is None


def test_concatenation_fix_offered(
    findings: Callable[..., list[tuple[int, str]]], run_cli: RunCli
) -> None:
    assert findings(MODULE + "LOG.info('x' + str(1))\n") == [(4, "FIS404")]
    result = run_cli(
        ["check", "--checker", "logging-style", "--format", "json", "fisio/case.py"]
    )
    fix = result.json()[0]["fix"]
    assert isinstance(fix, dict)
    assert fix["safe"] is True


def test_wrapped_format_one_argument_a_line(
    findings: Callable[..., list[tuple[int, str]]], run_cli: RunCli, tmp_path: Path
) -> None:
    source = MODULE + textwrap.dedent(
        """
        LOG.debug(
            "table {t} partition {p}".format(
                t=table,
                p=partition,
            )
        )
        """
    )
    assert findings(source) == [(6, "FIS404")]
    run_cli(["check", "--checker", "logging-style", "--fix", "fisio/case.py"])
    fixed = (tmp_path / "fisio/case.py").read_text(encoding="utf-8")
    assert fixed.endswith(
        'LOG.debug(\n    "table %s partition %s",\n    table,\n    partition\n)\n'
    )


def test_long_concatenation_no_recursion(
    findings: Callable[..., list[tuple[int, str]]],
) -> None:
    operands = " + ".join(f'"line {index} "' for index in range(1500))
    source = MODULE + f"x = 1\nLOG.info({operands} + str(x))\n"
    assert findings(source) == [(5, "FIS404")]


def test_root_call_message_drops_comment(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    source = "import logging\n\ny = (logging  # note\n     .info('x'))\n"
    write_files(tmp_path, {"pyproject.toml": "[tool.fisio-hooks]\n", "case.py": source})
    result = run_cli(["check", "--checker", "logging-style", "--format", "json"])
    messages = [str(finding["message"]) for finding in result.json()]
    assert messages[0].startswith("`logging.info()` logs through the root logger")
