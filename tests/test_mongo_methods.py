"""The shipped pymongo method table matches the installed pymongo."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from fisio_hooks.checkers.subscription_filter import methods

pytest.importorskip("pymongo")

SCRIPT = Path(__file__).resolve().parent.parent / "scripts/generate_mongo_methods.py"


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_mongo_methods", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_table_matches_installed_pymongo() -> None:
    generator = load_generator()
    rendered = generator.render(generator.build_tables())
    shipped = Path(methods.__file__).read_text(encoding="utf-8")
    assert rendered == shipped, "run python scripts/generate_mongo_methods.py"


def test_find_filter_comes_from_cursor() -> None:
    assert methods.COLLECTION_METHODS["find"] == (("filter", 0, "filter", False),)


def test_distinct_filter_is_second() -> None:
    assert methods.COLLECTION_METHODS["distinct"] == (("filter", 1, "filter", False),)


def test_update_one_roles() -> None:
    roles = [role for role, *_ in methods.COLLECTION_METHODS["update_one"]]
    assert roles == ["filter", "update"]


def test_operation_classes_complete() -> None:
    expected = {
        "InsertOne",
        "UpdateOne",
        "UpdateMany",
        "ReplaceOne",
        "DeleteOne",
        "DeleteMany",
    }
    assert set(methods.OPERATION_CLASSES) == expected


def test_unfiltered_methods() -> None:
    assert methods.UNFILTERED_METHODS == ("drop", "estimated_document_count")


def test_table_module_avoids_pymongo() -> None:
    source = Path(methods.__file__).read_text(encoding="utf-8")
    assert "import pymongo" not in source
