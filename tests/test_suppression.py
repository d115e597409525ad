from __future__ import annotations

import pytest

from fisio_hooks.engine.suppression import file_noqa, line_noqa


@pytest.mark.parametrize(
    ("line", "code"),
    [
        pytest.param("x = 1  # noqa", "FIS301", id="bare"),
        pytest.param("x = 1  # noqa: FIS301", "FIS301", id="exact"),
        pytest.param("x = 1  # noqa:FIS3", "FIS301", id="prefix-no-space"),
        pytest.param("x = 1  # NOQA: fis301", "FIS301", id="case-insensitive"),
        pytest.param("x = 1  # noqa: E501, FIS4, FIS301", "FIS301", id="list"),
        pytest.param("x = 1  # noqa: E501 FIS301", "FIS301", id="space-separated"),
    ],
)
def test_line_noqa_suppresses(line: str, code: str) -> None:
    noqa = line_noqa(line)
    assert noqa is not None
    assert noqa.suppresses(code)


@pytest.mark.parametrize(
    ("line", "code"),
    [
        pytest.param("x = 1", "FIS301", id="no-comment"),
        pytest.param("x = 1  # noqa: E501", "FIS301", id="other-tool"),
        pytest.param("x = 1  # noqa: FIS302", "FIS301", id="other-code"),
        pytest.param("x = 1  # noqa: FIS4", "FIS301", id="prefix-mismatch"),
    ],
)
def test_line_noqa_keeps(line: str, code: str) -> None:
    noqa = line_noqa(line)
    assert noqa is None or not noqa.suppresses(code)


def test_file_noqa_with_codes() -> None:
    noqa = file_noqa("import os\n# fisio-hooks: noqa: FIS3, FIS401\n")
    assert noqa is not None
    assert noqa.suppresses("FIS302")
    assert noqa.suppresses("FIS401")
    assert not noqa.suppresses("FIS402")


def test_file_noqa_bare() -> None:
    noqa = file_noqa("# fisio-hooks: noqa\nimport os\n")
    assert noqa is not None
    assert noqa.suppresses("FIS101")


def test_file_noqa_must_be_own_line() -> None:
    assert file_noqa("x = 1  # fisio-hooks: noqa: FIS3\n") is None


def test_file_noqa_absent() -> None:
    assert file_noqa("import os\n") is None
