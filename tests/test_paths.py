"""Path spelling without pathlib: cleaning, containment and display."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fisio_hooks.engine.paths import (
    clean_path,
    display_path,
    is_python_path,
    relative_part,
    relative_to_root,
    stem_of,
    suffix_of,
)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("./a//b/", "a/b"),
        (".", "."),
        ("", "."),
        ("/a/./b", "/a/b"),
        ("a/../b", "a/../b"),
        ("//a", "//a"),
        ("///a", "/a"),
        ("s.py/", "s.py"),
    ],
)
def test_clean_path_spelling(given: str, expected: str) -> None:
    assert clean_path(given) == expected


def test_relative_part_inside() -> None:
    assert relative_part("/repo/fisio/a.py", "/repo") == "fisio/a.py"


def test_relative_part_same_folder() -> None:
    assert relative_part("/repo/", "/repo") == "."


def test_relative_part_sibling_prefix() -> None:
    assert relative_part("/repository/a.py", "/repo") is None


def test_relative_to_root_outside_is_absolute() -> None:
    assert relative_to_root("/elsewhere/a.py", "/repo") == "/elsewhere/a.py"


def test_display_path_inside_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert display_path(os.path.join(str(tmp_path), "fisio", "a.py")) == "fisio/a.py"


def test_display_path_relative_cleaned() -> None:
    assert display_path("./fisio//a.py") == "fisio/a.py"


def test_is_python_path_dotfile() -> None:
    assert not is_python_path("fisio/.py")


@pytest.mark.parametrize(
    ("name", "suffix", "stem"),
    [("a.py", ".py", "a"), ("..py", ".py", "."), (".py", "", ".py"), ("a", "", "a")],
)
def test_suffix_and_stem_as_pathlib(name: str, suffix: str, stem: str) -> None:
    assert (suffix_of(name), stem_of(name)) == (suffix, stem)
    assert (suffix_of(name), stem_of(name)) == (Path(name).suffix, Path(name).stem)


def test_is_python_path_dots_only_name() -> None:
    assert is_python_path("..py")


def test_relative_to_root_through_symlink(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "fisio").mkdir(parents=True)
    (project / "fisio" / "a.py").write_text("")
    (tmp_path / "link").symlink_to(project)
    path = str(tmp_path / "link" / "fisio" / "a.py")
    assert relative_to_root(path, str(project.resolve())) == "fisio/a.py"
