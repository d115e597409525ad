"""Unit tests of spreads after the subscription field: a later key
replaces an earlier one in a dict literal, ``a | b`` and ``q.update``."""

from __future__ import annotations

import textwrap

import pytest

from fisio_hooks.checkers.subscription_filter.bindings import build_index
from fisio_hooks.checkers.subscription_filter.check import CALL_NAMES
from fisio_hooks.checkers.subscription_filter.scoping import (
    SCOPED,
    UNKNOWN,
    UNSCOPED,
    Scoping,
    Verdict,
)
from fisio_hooks.engine.syntax import parse

FIELD = "info.owner.subID"
SCOPE = '{"info.owner.subID": s}'


def verdict_of(expression: str, prefix: str = "") -> Verdict:
    """Evaluate the filter ``expression`` as the argument of a find call."""
    source = textwrap.dedent(prefix) + f"db.orders.find({expression})\n"
    index = build_index(parse(source.encode()).root_node, CALL_NAMES)
    arguments = index.calls[-1].child_by_field_name("arguments")
    assert arguments is not None
    scoping = Scoping(index, (FIELD,), (), "fisio.orders")
    return scoping.filter(arguments.named_children[0], (FIELD,))


def keys_of(expression: str, prefix: str = "") -> frozenset[str] | None:
    """Read the keys of ``expression`` spread into a find call's filter."""
    source = textwrap.dedent(prefix) + f"db.orders.find({{**{expression}}})\n"
    index = build_index(parse(source.encode()).root_node, CALL_NAMES)
    arguments = index.calls[-1].child_by_field_name("arguments")
    assert arguments is not None
    spread = arguments.named_children[0].named_children[0].named_children[0]
    return Scoping(index, (FIELD,), (), "fisio.orders").spreads.keys(spread)


@pytest.mark.parametrize(
    ("expression", "prefix", "state"),
    [
        ('{"info.owner.subID": s, **other}', "", UNKNOWN),
        ('{**other, "info.owner.subID": s}', "", SCOPED),
        ('{"info.owner.subID": s, **{"status": 1}}', "", SCOPED),
        ('{"info.owner.subID": s, **{"info.owner.subID": None}}', "", UNSCOPED),
        ("{**scoped, **other}", f"scoped = {SCOPE}\n", UNKNOWN),
        ("{**other, **scoped}", f"scoped = {SCOPE}\n", SCOPED),
        ("{**scoped, **loose}", f'scoped = {SCOPE}\nloose = {{"a": 1}}\n', SCOPED),
        (f'{{"$and": [{SCOPE}], **other}}', "", UNKNOWN),
        (f"{SCOPE} | other", "", UNKNOWN),
        (f"other | {SCOPE}", "", SCOPED),
        ("q", f"q = {SCOPE}\nq.update(other)\n", UNKNOWN),
        ("q", f"q = {SCOPE}\nq |= other\n", UNKNOWN),
        ("q", f'q = {SCOPE}\nq.update({{"a": 1}})\n', SCOPED),
        ("q", f'q = {SCOPE}\nq.update({{"info.owner.subID": None}})\n', UNSCOPED),
        ("q", 'q = {"a": 1}\nq.update(other)\nq["info.owner.subID"] = s\n', SCOPED),
        ("q", 'q = {"a": 1}\nq.update(other)\n', UNSCOPED),
        ("dict(scoped, **other)", f"scoped = {SCOPE}\n", UNKNOWN),
        ("dict(other, **scoped)", f"scoped = {SCOPE}\n", SCOPED),
        ("dict(scoped, status=1)", f"scoped = {SCOPE}\n", SCOPED),
    ],
    ids=[
        "spread-after",
        "spread-before",
        "spread-other-key",
        "spread-replaces-with-none",
        "scoped-then-unknown",
        "unknown-then-scoped",
        "scoped-then-known",
        "and-then-unknown",
        "union-right-unknown",
        "union-left-unknown",
        "update-after",
        "or-assign-after",
        "update-other-key",
        "update-replaces-with-none",
        "update-then-subscript",
        "update-of-unscoped",
        "dict-call-spread-after",
        "dict-call-spread-before",
        "dict-call-keyword",
    ],
)
def test_spread_verdict(expression: str, prefix: str, state: str) -> None:
    assert verdict_of(expression, prefix).state == state


def test_spread_reason() -> None:
    reason = verdict_of('{"info.owner.subID": s, **other}').reason
    assert reason == (
        "`**other` comes after the `info.owner.subID` key and may replace it"
    )


def test_update_reason() -> None:
    reason = verdict_of("q", f"q = {SCOPE}\nq.update(other)\n").reason
    assert reason == (
        "`q.update(other)` on line 2 may replace its `info.owner.subID` key"
    )


@pytest.mark.parametrize(
    ("expression", "prefix", "keys"),
    [
        ('{"a": 1, "b": 2}', "", {"a", "b"}),
        ('{"a": 1, **{"b": 2}}', "", {"a", "b"}),
        ("dict(a=1, b=2)", "", {"a", "b"}),
        ("q", 'q = {"a": 1}\nq["b"] = 2\n', {"a", "b"}),
        ("q", 'q = {}\nq.update(c=3)\nq.setdefault("d", 4)\n', {"c", "d"}),
        ("(x if c else y)", 'x = {"a": 1}\ny = {"b": 2}\n', {"a", "b"}),
        ('x | {"b": 2}', 'x = {"a": 1}\n', {"a", "b"}),
        ("None", "", set()),
    ],
    ids=[
        "literal",
        "nested",
        "dict-call",
        "subscript",
        "methods",
        "either",
        "union",
        "none",
    ],
)
def test_keys_read(expression: str, prefix: str, keys: set[str]) -> None:
    assert keys_of(expression, prefix) == frozenset(keys)


@pytest.mark.parametrize(
    ("expression", "prefix"),
    [
        ("other", ""),
        ("q", "q = {}\nfor k, v in pairs:\n    q[k] = v\n"),
        ("q", "q = {}\nq.update(other)\n"),
        ("make()", ""),
        ("{key: 1}", "def f(key):\n    pass\n"),
    ],
    ids=["unbound", "loop-key", "update", "call", "unresolved-key"],
)
def test_keys_unknown(expression: str, prefix: str) -> None:
    assert keys_of(expression, prefix) is None
