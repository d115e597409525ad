"""Unit tests of raw commands, bound-method calls, and the pipeline
stages that read or write another collection."""

from __future__ import annotations

import textwrap

import pytest
from tree_sitter import Node

from fisio_hooks.checkers.subscription_filter.bindings import FileIndex, build_index
from fisio_hooks.checkers.subscription_filter.check import (
    BOUND_METHOD_NAMES,
    CALL_NAMES,
    reads_bound_method,
)
from fisio_hooks.checkers.subscription_filter.commands import (
    RawCommand,
    read_command,
)
from fisio_hooks.checkers.subscription_filter.pipelines import (
    JoinProblem,
    Pipelines,
)
from fisio_hooks.checkers.subscription_filter.scoping import (
    UNKNOWN,
    UNSCOPED,
    Scoping,
)
from fisio_hooks.engine.syntax import parse

FIELD = "info.owner.subID"
MATCH = '{"$match": {"info.owner.subID": s}}'


def last_call(source: str) -> tuple[FileIndex, Node]:
    root = parse(textwrap.dedent(source).encode()).root_node
    index = build_index(root, CALL_NAMES)
    return index, max(index.calls, key=lambda node: node.start_byte)


def command_of(source: str) -> RawCommand | None:
    index, call = last_call(source)
    scoping = Scoping(index, (FIELD,), (), "fisio.orders")
    return read_command(call, index, scoping.key)


def stage_problems(
    stage: str, global_collections: tuple[str, ...] = ()
) -> list[JoinProblem]:
    index, call = last_call(f"db.orders.aggregate([{MATCH}, {stage}])")
    arguments = call.child_by_field_name("arguments")
    assert arguments is not None
    pipelines = Pipelines(
        Scoping(index, (FIELD,), (), "fisio.orders"), global_collections
    )
    argument = arguments.named_children[0]
    return [
        *pipelines.join_problems(argument, (FIELD,)),
        *pipelines.write_problems(argument, (FIELD,)),
    ]


# Raw commands.


def test_command_name_and_keywords() -> None:
    command = command_of('db.command("find", "orders", filter={"a": 1}, session=s)')
    assert command is not None
    assert (command.name, command.collection, sorted(command.fields)) == (
        "find",
        "orders",
        ["filter"],
    )


def test_command_document() -> None:
    command = command_of('db.command({"count": "orders", "query": {"a": 1}})')
    assert command is not None
    assert (command.name, command.collection, sorted(command.fields)) == (
        "count",
        "orders",
        ["query"],
    )


def test_command_son() -> None:
    command = command_of('db.command(SON([("distinct", "orders"), ("key", "a")]))')
    assert command is not None
    assert (command.name, sorted(command.fields)) == ("distinct", ["key"])


def test_command_through_name() -> None:
    source = 'c = {"find": "orders"}\nc["filter"] = {"a": 1}\ndb.command(c)'
    command = command_of(source)
    assert command is not None
    assert sorted(command.fields) == ["filter"]


def test_command_spread_hides_fields() -> None:
    command = command_of('db.command({"find": "orders", **extra})')
    assert command is not None
    assert command.hidden


def test_command_keyword_spread_hides_fields() -> None:
    command = command_of('db.command("find", "orders", **extra)')
    assert command is not None
    assert command.hidden


def test_command_collection_name_unread() -> None:
    command = command_of("db.command('find', name)")
    assert command is not None
    assert command.collection is None


@pytest.mark.parametrize(
    "source",
    [
        'db.command("ping")',
        'db.command({"ping": 1})',
        'db.command("collStats", "orders")',
        'app.command("delete")',
        'db.command("count", 1)',
        "db.command(options)",
    ],
    ids=["ping", "ping-document", "not-on-documents", "typer", "number", "unread"],
)
def test_not_a_collection_command(source: str) -> None:
    assert command_of(source) is None


# Bound methods.


def test_bound_method_call_indexed() -> None:
    source = "fetch = db.orders.find_one\nfetch({})\n"
    root = parse(source.encode()).root_node
    index = build_index(root, CALL_NAMES, BOUND_METHOD_NAMES)
    assert [call.text for call in index.calls] == [b"fetch({})"]


def test_bound_method_read() -> None:
    assert reads_bound_method(b"fetch = db.orders.find_one\n")


def test_bound_method_read_at_end() -> None:
    assert reads_bound_method(b"fetch = db.orders.find_one")


def test_bound_method_calls_only() -> None:
    assert not reads_bound_method(b"db.orders.find_one ({})\ndb.o.find_raw_batches()")


# $graphLookup.


GRAPH = (
    '{"$graphLookup": {"from": "people", "startWith": "$boss",'
    ' "connectFromField": "boss", "connectToField": "name", "as": "chain"%s}}'
)


def test_graph_lookup_without_restriction() -> None:
    problems = stage_problems(GRAPH % "")
    assert [(p.operator, p.verdict.state) for p in problems] == [
        ("$graphLookup", UNSCOPED)
    ]


def test_graph_lookup_restricted() -> None:
    restriction = ', "restrictSearchWithMatch": {"info.owner.subID": s}'
    assert stage_problems(GRAPH % restriction) == []


def test_graph_lookup_unread_restriction() -> None:
    problems = stage_problems(GRAPH % ', "restrictSearchWithMatch": r')
    assert [p.verdict.state for p in problems] == [UNKNOWN]


def test_graph_lookup_global_collection() -> None:
    assert stage_problems(GRAPH % "", ("people",)) == []


# $out and $merge.


@pytest.mark.parametrize(
    ("stage", "collection"),
    [
        ('{"$out": "totals"}', "totals"),
        ('{"$out": {"db": "reports", "coll": "totals"}}', "totals"),
        ('{"$out": name}', None),
    ],
    ids=["name", "document", "unread"],
)
def test_out_replaces_collection(stage: str, collection: str | None) -> None:
    problems = stage_problems(stage)
    assert [(p.operator, p.collection) for p in problems] == [("$out", collection)]


@pytest.mark.parametrize(
    "stage",
    [
        '{"$merge": "totals"}',
        '{"$merge": {"into": "totals", "on": "_id"}}',
        '{"$merge": {"into": {"db": "r", "coll": "totals"}, "whenMatched": "replace"}}',
    ],
    ids=["name", "on-id", "replace"],
)
def test_merge_by_other_fields(stage: str) -> None:
    problems = stage_problems(stage)
    assert [(p.operator, p.verdict.state) for p in problems] == [("$merge", UNSCOPED)]


@pytest.mark.parametrize(
    "stage",
    [
        '{"$merge": {"into": "totals", "on": ["info.owner.subID", "day"]}}',
        '{"$merge": {"into": "totals", "whenMatched": "keepExisting"}}',
        '{"$merge": {"into": "totals", "whenMatched": "fail"}}',
        '{"$out": "plans"}',
    ],
    ids=["on-field", "keep-existing", "fail", "global"],
)
def test_write_stays_in_subscription(stage: str) -> None:
    assert stage_problems(stage, ("plans",)) == []


def test_merge_unread_on_fields() -> None:
    problems = stage_problems('{"$merge": {"into": "totals", "on": keys}}')
    assert [p.verdict.state for p in problems] == [UNKNOWN]
