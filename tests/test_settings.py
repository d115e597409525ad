from __future__ import annotations

from pathlib import Path

import pytest

from fisio_hooks.engine.settings import (
    Settings,
    SettingsError,
    find_config,
    load_settings,
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_config(tmp_path: Path) -> None:
    settings = load_settings(None, cwd=tmp_path)
    assert settings._replace(project_root=".") == Settings()
    assert settings.root_package == "fisio"
    assert settings.subscription_filter.fields == ("info.owner.subID",)
    assert settings.logging_style.module_loggers == ("LOG",)
    assert settings.secrets.baseline == ".secrets.baseline"
    assert settings.project_root == str(tmp_path)


def test_values_converted(tmp_path: Path) -> None:
    config = write(
        tmp_path / "pyproject.toml",
        "[tool.fisio-hooks]\n"
        'root-package = "acme"\n'
        'exclude = ["legacy/*"]\n'
        'per-file-ignores = { "acme/scripts/*" = ["FIS405"] }\n'
        "[tool.fisio-hooks.subscription-id]\n"
        'canonical = "tenant_id"\n',
    )
    settings = load_settings(config)
    assert settings.root_package == "acme"
    assert settings.exclude == ("legacy/*",)
    assert settings.per_file_ignores == {"acme/scripts/*": ("FIS405",)}
    assert settings.subscription_id.canonical == "tenant_id"
    assert settings.project_root == str(tmp_path.resolve())


def test_nearest_config_with_tool_table(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.fisio-hooks]\n")
    nested = tmp_path / "sub"
    nested.mkdir()
    write(nested / "pyproject.toml", "[project]\nname = 'other'\n")
    assert find_config(str(nested)) == str(tmp_path / "pyproject.toml")


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        pytest.param(
            "[tool.fisio-hooks]\nroot_package = 'x'\n",
            "unknown key tool.fisio-hooks.root_package",
            id="snake-case-key",
        ),
        pytest.param(
            "[tool.fisio-hooks.secrets]\nbaseline = 3\n",
            "tool.fisio-hooks.secrets.baseline: expected a string, got an integer",
            id="wrong-scalar",
        ),
        pytest.param(
            "[tool.fisio-hooks]\nexclude = ['a', 2]\n",
            "tool.fisio-hooks.exclude: expected an array of strings, got an array",
            id="mixed-array",
        ),
        pytest.param(
            "[tool.fisio-hooks]\nper-file-ignores = { 'a' = 'FIS1' }\n",
            "expected a table of glob to array of codes, got a table",
            id="ignores-not-list",
        ),
        pytest.param(
            "[tool.fisio-hooks]\nsecrets = 'x'\n",
            "[tool.fisio-hooks.secrets] must be a table",
            id="table-expected",
        ),
        pytest.param(
            "[tool.fisio-hooks.secrets]\nbaseline-path = 'x'\n",
            "unknown key tool.fisio-hooks.secrets.baseline-path; known keys: baseline",
            id="unknown-checker-key",
        ),
    ],
)
def test_invalid_settings_rejected(tmp_path: Path, toml: str, message: str) -> None:
    config = write(tmp_path / "pyproject.toml", toml)
    with pytest.raises(SettingsError) as raised:
        load_settings(config)
    assert message in str(raised.value)
    assert str(config) in str(raised.value)
