"""Generate the subscription-filter checker's table of MongoDB calls.

The checker must know, for every collection method and bulk operation
class it reads, which argument is the filter, the pipeline, the update,
the document or the list of requests, both by position and by keyword.
This script reads them from the signatures of the installed pymongo:
``Collection``, ``AsyncCollection`` and the classes in
``pymongo.operations``. ``find`` forwards ``*args`` to ``Cursor``, so its
filter is ``Cursor``'s first parameter after the collection. The result
is written to ``src/fisio_hooks/checkers/subscription_filter/methods.py``.

Run it after upgrading pymongo: ``python scripts/generate_mongo_methods.py``.
``tests/test_mongo_methods.py`` fails when the shipped table and the
installed pymongo disagree.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

TARGET = (
    Path(__file__).resolve().parent.parent
    / "src/fisio_hooks/checkers/subscription_filter/methods.py"
)

# The collection methods that read or write tenant documents.
METHODS = (
    "find",
    "find_one",
    "find_raw_batches",
    "count_documents",
    "distinct",
    "update_one",
    "update_many",
    "replace_one",
    "delete_one",
    "delete_many",
    "find_one_and_update",
    "find_one_and_replace",
    "find_one_and_delete",
    "aggregate",
    "aggregate_raw_batches",
    "watch",
    "insert_one",
    "insert_many",
    "bulk_write",
)
# Collection methods that take no filter and always span every document.
UNFILTERED_METHODS = ("drop", "estimated_document_count")
OPERATION_CLASSES = (
    "InsertOne",
    "UpdateOne",
    "UpdateMany",
    "ReplaceOne",
    "DeleteOne",
    "DeleteMany",
)
# pymongo's parameter names for the arguments the checker reads.
ROLES = (
    "filter",
    "pipeline",
    "update",
    "replacement",
    "document",
    "documents",
    "requests",
)
# Methods whose signature is ``*args, **kwargs``, with the class that
# receives them and the parameters that class takes before the filter.
FORWARDED = {"find": "Cursor", "find_raw_batches": "RawBatchCursor"}
FORWARDED_SKIP = ("self", "collection")

Argument = tuple[str, int | None, str, bool]


def arguments_of(
    function: Callable[..., Any], skip: tuple[str, ...]
) -> tuple[Argument, ...]:
    """Return (role, position, keyword, required) for each parameter of
    ``function`` named like a role; position is None for a keyword-only
    parameter."""
    found: list[Argument] = []
    position = 0
    for parameter in inspect.signature(function).parameters.values():
        if parameter.name in skip:
            continue
        positional = parameter.kind in (
            parameter.POSITIONAL_ONLY,
            parameter.POSITIONAL_OR_KEYWORD,
        )
        if parameter.name in ROLES:
            required = parameter.default is parameter.empty
            index = position if positional else None
            found.append((parameter.name, index, parameter.name, required))
        if positional:
            position += 1
    return tuple(found)


def method_table(
    collection: type, cursors: dict[str, type]
) -> dict[str, tuple[Argument, ...]]:
    table = {}
    for name in METHODS:
        if name in FORWARDED:
            table[name] = forwarded_arguments(cursors[FORWARDED[name]])
        else:
            table[name] = arguments_of(getattr(collection, name), ("self",))
    return table


def forwarded_arguments(cursor: type) -> tuple[Argument, ...]:
    """Return the arguments of the first class in ``cursor``'s MRO whose
    ``__init__`` names them (``RawBatchCursor`` forwards ``*args`` to
    ``Cursor``)."""
    for cls in cursor.__mro__:
        if "__init__" in vars(cls):
            found = arguments_of(vars(cls)["__init__"], FORWARDED_SKIP)
            if found:
                return found
    raise RuntimeError(f"{cursor.__name__} takes no filter argument")


def build_tables() -> dict[str, Any]:
    """Read the tables from the installed pymongo; raise RuntimeError when
    the synchronous and asynchronous APIs disagree."""
    import pymongo
    from pymongo import operations
    from pymongo.asynchronous.collection import AsyncCollection
    from pymongo.asynchronous.cursor import AsyncCursor, AsyncRawBatchCursor
    from pymongo.synchronous.collection import Collection
    from pymongo.synchronous.cursor import Cursor, RawBatchCursor

    synchronous = method_table(
        Collection, {"Cursor": Cursor, "RawBatchCursor": RawBatchCursor}
    )
    asynchronous = method_table(
        AsyncCollection, {"Cursor": AsyncCursor, "RawBatchCursor": AsyncRawBatchCursor}
    )
    if synchronous != asynchronous:
        raise RuntimeError(
            "pymongo's Collection and AsyncCollection take different arguments:"
            f" {synchronous} != {asynchronous}"
        )
    for name in UNFILTERED_METHODS:
        for cls in (Collection, AsyncCollection):
            if arguments_of(getattr(cls, name), ("self",)):
                raise RuntimeError(f"{cls.__name__}.{name} now takes a filter")
    classes = {
        name: arguments_of(getattr(operations, name).__init__, ("self",))
        for name in OPERATION_CLASSES
    }
    return {
        "version": pymongo.version,
        "methods": synchronous,
        "unfiltered": UNFILTERED_METHODS,
        "classes": classes,
    }


def render(tables: dict[str, Any]) -> str:
    version = tables["version"]
    lines = [
        '"""Argument positions of the MongoDB calls: for each method and bulk',
        "operation class, where its filter, pipeline, update, document or list",
        "of requests is passed.",
        "",
        f"GENERATED by scripts/generate_mongo_methods.py from pymongo {version}.",
        "Do not edit: run the script again after upgrading pymongo.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        f'PYMONGO_VERSION = "{version}"',
        "",
        "# (role, position, keyword, required): role is pymongo's parameter name,",
        "# position the 0-based positional index after self (None when",
        "# keyword-only), required whether the call fails without it.",
        "Argument = tuple[str, int | None, str, bool]",
        "",
        "# Collection and AsyncCollection methods (Motor wraps the same API).",
        "COLLECTION_METHODS: dict[str, tuple[Argument, ...]] = {",
        *_entries(tables["methods"]),
        "}",
        "",
        "# Collection methods that take no filter and always span every document.",
        "UNFILTERED_METHODS = ("
        + ", ".join(f'"{name}"' for name in tables["unfiltered"])
        + ")",
        "",
        "# The bulk write operation classes of pymongo.operations.",
        "OPERATION_CLASSES: dict[str, tuple[Argument, ...]] = {",
        *_entries(tables["classes"]),
        "}",
        "",
    ]
    return "\n".join(lines)


def _entries(table: dict[str, tuple[Argument, ...]]) -> list[str]:
    """Render the entries as ruff format leaves them: a single argument on
    the key's line, several one a line (their trailing comma keeps them
    expanded)."""
    lines = []
    for name in sorted(table):
        items = [
            f'("{role}", {position}, "{keyword}", {required})'
            for role, position, keyword, required in table[name]
        ]
        line = f'    "{name}": ({", ".join(items)},),'
        if len(items) == 1 and len(line) <= 88:
            lines.append(line)
        else:
            lines += [
                f'    "{name}": (',
                *(f"        {item}," for item in items),
                "    ),",
            ]
    return lines


def main() -> int:
    TARGET.write_text(render(build_tables()), encoding="utf-8")
    print(f"wrote {TARGET}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
