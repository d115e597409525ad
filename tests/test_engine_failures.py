"""A checker or fixer that fails is contained: a finding, never a lost file."""

from __future__ import annotations

from pathlib import Path

import pytest

from fisio_hooks.engine.fixing import WriteError, fix_path, write_atomically
from fisio_hooks.engine.runner import FileChecker, Selection, check_path
from fisio_hooks.engine.settings import Settings
from tests import broken_checkers


def settings_for(root: Path) -> Settings:
    return Settings(project_root=str(root))


def test_checker_exception_is_fis009(tmp_path: Path) -> None:
    source = tmp_path / "a.py"
    source.write_text("x = 1\n")
    selection = Selection((broken_checkers.RAISING,))
    result = check_path(str(source), "a.py", settings_for(tmp_path), selection)
    assert result.internal_error
    assert [f.code for f in result.findings] == ["FIS009"]
    assert "ValueError: the checker broke" in result.findings[0].message
    assert "raising" in result.findings[0].message


def test_fix_that_breaks_syntax_dropped(tmp_path: Path) -> None:
    source = tmp_path / "a.py"
    source.write_text("x = 1\n")
    selection = Selection((broken_checkers.BAD_FIXER,))
    checker = FileChecker(str(source), "a.py", settings_for(tmp_path), selection)
    outcome = fix_path(checker)
    assert outcome.new_text is None
    assert outcome.fixed == 0
    codes = [f.code for f in outcome.result.findings]
    assert codes == ["FIS005", "FIS999"]
    assert "does not parse" in outcome.result.findings[0].message


def test_fixer_exception_dropped(tmp_path: Path) -> None:
    source = tmp_path / "a.py"
    source.write_text("x = 1\n")
    selection = Selection((broken_checkers.RAISING_FIXER,))
    checker = FileChecker(str(source), "a.py", settings_for(tmp_path), selection)
    outcome = fix_path(checker)
    assert outcome.new_text is None
    assert "RuntimeError: the fixer broke" in outcome.result.findings[0].message


def test_atomic_write_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.py"
    target.write_bytes(b"old\n")
    target.chmod(0o751)
    write_atomically(target, b"new\r\n")
    assert target.read_bytes() == b"new\r\n"
    assert target.stat().st_mode & 0o777 == 0o751
    assert [path.name for path in tmp_path.iterdir()] == ["a.py"]


def test_atomic_write_refuses_changed_file(tmp_path: Path) -> None:
    target = tmp_path / "a.py"
    target.write_bytes(b"edited meanwhile\n")
    with pytest.raises(WriteError) as raised:
        write_atomically(target, b"fixed\n", expected=b"original\n")
    assert "changed while it was being fixed" in str(raised.value)
    assert target.read_bytes() == b"edited meanwhile\n"
    assert [path.name for path in tmp_path.iterdir()] == ["a.py"]
