"""Unit tests of the subscription-filter checker on real parses.

Whole-file cases live in fixtures/subscription-filter; these tests pin
the parts: receivers, scoping verdicts, rule pages, and what a check
imports.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from fisio_hooks.checkers.subscription_filter import CHECKER
from fisio_hooks.checkers.subscription_filter.bindings import build_index
from fisio_hooks.checkers.subscription_filter.check import CALL_NAMES, module_name
from fisio_hooks.checkers.subscription_filter.receivers import (
    CLIENT,
    COLLECTION,
    CURSOR,
    DATABASE,
    SCOPED,
    UNKNOWN,
    Receivers,
    classify_name,
)
from fisio_hooks.checkers.subscription_filter.scoping import (
    SCOPED as SCOPED_STATE,
)
from fisio_hooks.checkers.subscription_filter.scoping import (
    UNKNOWN as UNKNOWN_STATE,
)
from fisio_hooks.checkers.subscription_filter.scoping import (
    UNSCOPED,
    Scoping,
)
from fisio_hooks.engine.rules import Rule
from fisio_hooks.engine.runner import FileChecker, Selection
from fisio_hooks.engine.settings import Settings, SubscriptionFilterSettings
from fisio_hooks.engine.syntax import parse, walk

FIELD = "info.owner.subID"


def codes(source: str, **options: object) -> list[tuple[int, str]]:
    """Check ``source`` as fisio/orders.py and return (line, code) pairs."""
    settings = Settings(
        subscription_filter=SubscriptionFilterSettings(**options),  # type: ignore[arg-type]
        project_root="/project",
    )
    checker = FileChecker(
        "/project/fisio/orders.py",
        "fisio/orders.py",
        settings,
        Selection((CHECKER,)),
    )
    result, _ = checker.check_data(textwrap.dedent(source).encode())
    return sorted((finding.line, finding.code) for finding in result.findings)


def last_call_receiver(source: str, scoped: tuple[str, ...] = ()) -> str:
    root = parse(textwrap.dedent(source).encode()).root_node
    index = build_index(root, CALL_NAMES)
    # The outermost call of a chain ends last.
    call = max(index.calls, key=lambda node: node.end_byte)
    function = call.child_by_field_name("function")
    assert function is not None
    owner = function.child_by_field_name("object")
    assert owner is not None
    return Receivers(index, scoped).classify(owner).kind


def verdict_of(expression: str, prefix: str = "", helpers: tuple[str, ...] = ()) -> str:
    """Evaluate the filter ``expression`` as the argument of a find call."""
    source = textwrap.dedent(prefix) + f"db.orders.find({expression})\n"
    root = parse(source.encode()).root_node
    index = build_index(root, CALL_NAMES)
    arguments = index.calls[-1].child_by_field_name("arguments")
    assert arguments is not None
    scoping = Scoping(index, (FIELD,), helpers, "fisio.orders")
    return scoping.filter(arguments.named_children[0], (FIELD,)).state


# Receivers.


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("db.orders.find()", COLLECTION),
        ('db["orders"].find()', COLLECTION),
        ('db.get_collection("orders").find()', COLLECTION),
        ("client.shop.orders.find()", COLLECTION),
        ("orders = db.orders\norders.find()", COLLECTION),
        ("db.orders.find({}).sort('a').distinct('b')", CURSOR),
        ("db.watch()", DATABASE),
        ("client.watch()", CLIENT),
        ('"text".find("x")', UNKNOWN),
        ("root = tree.getroot()\nroot.find('a')", UNKNOWN),
    ],
    ids=[
        "attribute",
        "subscript",
        "get-collection",
        "client-database-collection",
        "bound-name",
        "cursor-chain",
        "database",
        "client",
        "string",
        "element-tree",
    ],
)
def test_receiver_kind(source: str, kind: str) -> None:
    assert last_call_receiver(source) == kind


def test_receiver_self_attribute() -> None:
    source = """
    class Service:
        def __init__(self, db):
            self.store = db.orders

        def run(self):
            return self.store.find()
    """
    assert last_call_receiver(source) == COLLECTION


def test_receiver_scoped_prefix() -> None:
    source = "request.tenant_db.orders.find()"
    assert last_call_receiver(source, ("request.tenant_db",)) == SCOPED


def test_receiver_scoped_constructor() -> None:
    source = "orders = Scoped(db.orders)\norders.find()"
    assert last_call_receiver(source, ("Scoped",)) == SCOPED


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("orders_collection", COLLECTION),
        ("coll", COLLECTION),
        ("db", DATABASE),
        ("mongo_db", DATABASE),
        ("mongo_client", CLIENT),
        ("root", UNKNOWN),
        ("text", UNKNOWN),
    ],
)
def test_classify_name(name: str, kind: str) -> None:
    assert classify_name(name).kind == kind


# Scoping verdicts.


@pytest.mark.parametrize(
    ("expression", "state"),
    [
        ('{"info.owner.subID": s}', SCOPED_STATE),
        ('{"info.owner.subID": {"$in": ids}}', SCOPED_STATE),
        ('{"info.owner.subID": {"$ne": s}}', UNSCOPED),
        ('{"info.owner.subID": None}', UNSCOPED),
        ("{}", UNSCOPED),
        ('{"$and": [{"info.owner.subID": s}, {"a": 1}]}', SCOPED_STATE),
        ('{"$or": [{"info.owner.subID": s}, {"a": 1}]}', UNSCOPED),
        ('{"$nor": [{"info.owner.subID": s}]}', UNSCOPED),
        ("query", UNKNOWN_STATE),
        ("build(s)", UNKNOWN_STATE),
        ("self.query", UNKNOWN_STATE),
        ('dict(info_owner=s, **{"info.owner.subID": s})', SCOPED_STATE),
    ],
    ids=[
        "literal",
        "in",
        "ne",
        "none",
        "empty",
        "and",
        "or-partial",
        "nor",
        "unbound-name",
        "call",
        "attribute",
        "dict-call-splat",
    ],
)
def test_filter_verdict(expression: str, state: str) -> None:
    assert verdict_of(expression) == state


def test_filter_name_mutated() -> None:
    prefix = 'q = {"a": 1}\nq["info.owner.subID"] = s\n'
    assert verdict_of("q", prefix) == SCOPED_STATE


def test_filter_name_mutated_after() -> None:
    source = 'q = {"a": 1}\ndb.orders.find(q)\nq["info.owner.subID"] = s\n'
    assert codes(source) == [(2, "FIS101")]


def test_filter_module_constant_key() -> None:
    assert verdict_of("{OWNER: s}", 'OWNER = "info.owner.subID"\n') == SCOPED_STATE


def test_filter_helper_through_import() -> None:
    prefix = "from fisio.db import scoped as tenant\n"
    assert verdict_of("tenant(s)", prefix, ("fisio.db.scoped",)) == SCOPED_STATE


def test_filter_helper_other_module() -> None:
    prefix = "from other.db import scoped\n"
    assert verdict_of("scoped(s)", prefix, ("fisio.db.scoped",)) == UNKNOWN_STATE


def test_filter_helper_local_function() -> None:
    prefix = "def scoped(s):\n    return {}\n"
    assert verdict_of("scoped(s)", prefix, ("fisio.orders.scoped",)) == SCOPED_STATE


# Whole checks.


def test_global_collection_skipped() -> None:
    source = "db.plans.find()\ndb.orders.find()\n"
    assert codes(source, global_collections=("plans",)) == [(2, "FIS101")]


def test_custom_field() -> None:
    source = 'db.orders.find({"tenant": t})\ndb.orders.find({"info.owner.subID": t})\n'
    assert codes(source, fields=("tenant",)) == [(2, "FIS101")]


def test_no_fields_checks_nothing() -> None:
    assert codes("db.orders.find()\n", fields=()) == []


def test_prefilter_method_reference() -> None:
    assert codes("handler = db.orders.find_one\n") == []


def test_prefilter_split_chain() -> None:
    assert codes("(db.orders\n    .find ())\n") == [(2, "FIS101")]


def test_file_without_calls() -> None:
    assert codes("import os\nprint(os.sep)\n") == []


def test_dotted_key_message() -> None:
    settings = Settings(project_root="/project")
    checker = FileChecker("/project/a.py", "a.py", settings, Selection((CHECKER,)))
    result, _ = checker.check_data(b'db.orders.insert_one({"info.owner.subID": s})\n')
    message = result.findings[0].message
    assert "literally" in message or "dots in its name" in message
    assert '{"info": {"owner": {"subID": <subscription id>}}}' in message


def test_message_has_two_parts() -> None:
    settings = Settings(project_root="/project")
    checker = FileChecker("/project/a.py", "a.py", settings, Selection((CHECKER,)))
    result, _ = checker.check_data(b'db.orders.find({"a": 1})\n')
    wrong, _, instead = result.findings[0].message.partition("; ")
    assert "not restricted to one subscription" in wrong
    assert instead.startswith("add ")


@pytest.mark.parametrize(
    ("path", "module"),
    [
        ("fisio/db.py", "fisio.db"),
        ("src/fisio/db.py", "fisio.db"),
        ("fisio/__init__.py", "fisio"),
        ("setup.cfg", ""),
    ],
)
def test_module_name(path: str, module: str) -> None:
    assert module_name(path) == module


# Rule pages.


@pytest.mark.parametrize("rule", CHECKER.rules, ids=lambda rule: rule.code)
def test_rule_example_reported(rule: Rule) -> None:
    assert rule.code in [found for _, found in codes(rule.example + "\n")]


@pytest.mark.parametrize("rule", CHECKER.rules, ids=lambda rule: rule.code)
def test_rule_fixed_example_silent(rule: Rule) -> None:
    assert codes(rule.fixed_example + "\n") == []


def test_index_collects_calls() -> None:
    source = "def f(db):\n    q = {}\n    db.orders.find(q)\n"
    root = parse(source.encode()).root_node
    index = build_index(root, CALL_NAMES)
    assert len(index.calls) == 1
    assert sum(1 for _ in walk(root)) > len(index.calls)


def test_check_never_imports_pymongo(tmp_path: Path) -> None:
    case = tmp_path / "orders.py"
    case.write_text("def f(db):\n    return db.orders.find()\n", encoding="utf-8")
    script = (
        "import sys\n"
        "from fisio_hooks.cli.main import main\n"
        f"main(['check', '--checker', 'subscription-filter', {str(case)!r}])\n"
        "print('pymongo' in sys.modules, 'libcst' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip().splitlines()[-1] == "False False"
