"""Unit tests of the subscription-filter pipeline and document checks."""

from __future__ import annotations

import textwrap

import pytest
from tree_sitter import Node

from fisio_hooks.checkers.subscription_filter.bindings import build_index
from fisio_hooks.checkers.subscription_filter.check import CALL_NAMES
from fisio_hooks.checkers.subscription_filter.documents import Documents
from fisio_hooks.checkers.subscription_filter.pipelines import Pipelines
from fisio_hooks.checkers.subscription_filter.scoping import (
    SCOPED,
    UNKNOWN,
    UNSCOPED,
    Scoping,
)
from fisio_hooks.engine.syntax import parse

FIELD = "info.owner.subID"


def argument_of(source: str, helpers: tuple[str, ...] = ()) -> tuple[Scoping, Node]:
    """Parse ``source`` and return the scoping of its file and the first
    argument of its last candidate call."""
    root = parse(textwrap.dedent(source).encode()).root_node
    index = build_index(root, CALL_NAMES)
    call = max(index.calls, key=lambda node: node.start_byte)
    arguments = call.child_by_field_name("arguments")
    assert arguments is not None
    return Scoping(index, (FIELD,), helpers, "fisio.orders"), arguments.named_children[
        0
    ]


def pipeline_state(source: str, fields: tuple[str, ...] = (FIELD,)) -> str:
    scoping, argument = argument_of(source)
    return Pipelines(scoping, ()).verdict(argument, fields).state


def document_state(source: str) -> str:
    scoping, argument = argument_of(source)
    return Documents(scoping).verdict(argument, FIELD).state


# Pipelines.


@pytest.mark.parametrize(
    ("source", "state"),
    [
        ('db.o.aggregate([{"$match": {"info.owner.subID": s}}])', SCOPED),
        ('db.o.aggregate([{"$group": {"_id": 1}}])', UNSCOPED),
        ("db.o.aggregate([])", UNSCOPED),
        ("db.o.aggregate(stages)", UNKNOWN),
        ('m = {"$match": {"info.owner.subID": s}}\ndb.o.aggregate([m])', SCOPED),
        (
            'p = [{"$limit": 1}]\np.insert(0, {"$match": {"info.owner.subID": s}})\n'
            "db.o.aggregate(p)",
            SCOPED,
        ),
        (
            'db.o.aggregate([{"$geoNear": {"query": {"info.owner.subID": s}}}])',
            SCOPED,
        ),
        (
            'db.o.aggregate([{"$search": {"equals": {"path": "info.owner.subID",'
            ' "value": s}}}])',
            SCOPED,
        ),
    ],
    ids=[
        "match",
        "group",
        "empty",
        "unbound",
        "named-stage",
        "inserted-first",
        "geo-near-query",
        "search-equals",
    ],
)
def test_pipeline_verdict(source: str, state: str) -> None:
    assert pipeline_state(source) == state


def test_watch_needs_full_document() -> None:
    source = 'db.o.watch([{"$match": {"info.owner.subID": s}}])'
    assert pipeline_state(source, (f"fullDocument.{FIELD}",)) == UNSCOPED


def test_lookup_pipeline_problem() -> None:
    scoping, argument = argument_of(
        'db.o.aggregate([{"$match": {"info.owner.subID": s}},'
        ' {"$lookup": {"from": "items", "pipeline": [], "as": "i"}}])'
    )
    problems = Pipelines(scoping, ()).join_problems(argument, (FIELD,))
    assert [problem.collection for problem in problems] == ["items"]


def test_lookup_global_collection() -> None:
    scoping, argument = argument_of(
        'db.o.aggregate([{"$lookup": {"from": "plans", "pipeline": [], "as": "p"}}])'
    )
    assert Pipelines(scoping, ("plans",)).join_problems(argument, (FIELD,)) == []


def test_lookup_local_field() -> None:
    scoping, argument = argument_of(
        'db.o.aggregate([{"$lookup": {"from": "i", "localField": "a",'
        ' "foreignField": "b", "pipeline": [], "as": "c"}}])'
    )
    assert Pipelines(scoping, ()).join_problems(argument, (FIELD,)) == []


# Documents.


@pytest.mark.parametrize(
    ("source", "state"),
    [
        ('db.o.insert_one({"info": {"owner": {"subID": s}}})', SCOPED),
        ('db.o.insert_one({"item": 1})', UNSCOPED),
        ('db.o.insert_one({"info": info})', UNKNOWN),
        ('db.o.insert_one(dict(info={"owner": {"subID": s}}))', SCOPED),
        ('d = {}\nd["info"] = {"owner": {"subID": s}}\ndb.o.insert_one(d)', SCOPED),
        (
            'd = {"info": {}}\nd.setdefault("info", {"owner": {"subID": s}})\n'
            "db.o.insert_one(d)",
            SCOPED,
        ),
    ],
    ids=["nested", "missing", "unbound-part", "dict-call", "subscript", "setdefault"],
)
def test_document_verdict(source: str, state: str) -> None:
    assert document_state(source) == state


def test_document_dotted_key() -> None:
    scoping, argument = argument_of('db.o.insert_one({"info.owner.subID": s})')
    verdict = Documents(scoping).verdict(argument, FIELD)
    assert verdict.dotted
    assert verdict.reason == FIELD


def test_document_partial_dotted_key() -> None:
    scoping, argument = argument_of('db.o.insert_one({"info.owner": {"subID": s}})')
    assert Documents(scoping).verdict(argument, FIELD).dotted


# Updates.


@pytest.mark.parametrize(
    ("update", "written"),
    [
        ('{"$set": {"info.owner.subID": t}}', ["info.owner.subID"]),
        ('{"$unset": {"info.owner.subID": ""}}', ["info.owner.subID"]),
        ('{"$rename": {"old": "info.owner.subID"}}', ["info.owner.subID"]),
        ('{"$set": {"info": {}}}', ["info"]),
        ('{"$setOnInsert": {"info.owner.subID": t}}', []),
        ('{"$set": {"info.ownerName": t}}', []),
        ('[{"$unset": ["a", "info.owner.subID"]}]', ["info.owner.subID"]),
    ],
    ids=[
        "set",
        "unset",
        "rename-target",
        "set-parent",
        "set-on-insert",
        "sibling",
        "stage",
    ],
)
def test_field_writes(update: str, written: list[str]) -> None:
    scoping, argument = argument_of(f"db.o.update_one({update}, {update})")
    writes = Documents(scoping).field_writes(argument, (FIELD,))
    assert [write.written for write in writes] == written
