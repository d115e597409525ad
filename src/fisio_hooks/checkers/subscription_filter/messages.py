"""Finding messages: what is wrong, then what to write instead."""

from __future__ import annotations

from fisio_hooks.checkers.subscription_filter.receivers import (
    CLIENT,
    DATABASE,
    Receiver,
)

SUBSCRIPTION_ID = "<subscription id>"


def target(receiver: Receiver) -> str:
    if receiver.kind == DATABASE:
        return "this database"
    if receiver.kind == CLIENT:
        return "this client's databases"
    if receiver.collection:
        return f"collection `{receiver.collection}`"
    return "this collection"


def nested(field: str) -> str:
    """Spell the field as a nested document: ``{"info": {"owner": ...}}``."""
    spelled = SUBSCRIPTION_ID
    for part in reversed(field.split(".")):
        spelled = f'{{"{part}": {spelled}}}'
    return spelled


def match_stage(field: str) -> str:
    return f'{{"$match": {{"{field}": {SUBSCRIPTION_ID}}}}}'


def missing_filter(call: str, where: str, field: str) -> str:
    return (
        f"`{call}` on {where} has no filter, so it spans every subscription;"
        f' pass a filter with `"{field}": {SUBSCRIPTION_ID}`'
    )


def unscoped_filter(call: str, where: str, reason: str, field: str) -> str:
    return (
        f"`{call}` filter on {where} is not restricted to one subscription"
        f' because {reason}; add `"{field}": {SUBSCRIPTION_ID}` to it'
    )


def unverifiable(call: str, role: str, where: str, reason: str) -> str:
    return (
        f"`{call}` {role} on {where} cannot be verified statically"
        f" because {reason}; build it with the subscription field where the call"
        " is made, or list the function that returns it in filter-helpers"
    )


def unfiltered_method(call: str, where: str, field: str) -> str:
    if call == "drop":
        return (
            f"`drop()` deletes {where} with every subscription's documents;"
            " delete one subscription's with"
            f' `delete_many({{"{field}": {SUBSCRIPTION_ID}}})`,'
            " or list the collection in global-collections if it holds no tenant data"
        )
    return (
        f"`{call}()` counts every subscription's documents in {where};"
        f' use `count_documents({{"{field}": {SUBSCRIPTION_ID}}})`'
    )


def missing_pipeline(call: str, where: str, field: str) -> str:
    return (
        f"`{call}` on {where} has no pipeline, so it streams every subscription's"
        f" changes; pass `[{match_stage(field)}]`"
    )


def unscoped_pipeline(call: str, where: str, reason: str, field: str) -> str:
    return (
        f"`{call}` pipeline on {where} does not start with a `$match` on `{field}`"
        f" because {reason}; make `{match_stage(field)}` its first stage"
    )


def unscoped_join(
    operator: str, collection: str | None, reason: str, field: str
) -> str:
    source = (
        f"tenant collection `{collection}`" if collection else "a tenant collection"
    )
    return (
        f"`{operator}` reads {source} with a pipeline that does not start with"
        f" a `$match` on `{field}` because {reason}; start that pipeline with"
        f" `{match_stage(field)}`"
    )


def stage_target(collection: str | None) -> str:
    return f"collection `{collection}`" if collection else "another collection"


def unscoped_graph_lookup(collection: str | None, reason: str, field: str) -> str:
    source = (
        f"tenant collection `{collection}`" if collection else "a tenant collection"
    )
    return (
        f"`$graphLookup` follows links through {source}, where each step may reach"
        f" another subscription's documents, because {reason}; add"
        f' `"restrictSearchWithMatch": {{"{field}": {SUBSCRIPTION_ID}}}`'
    )


def unscoped_write(
    operator: str, collection: str | None, reason: str, field: str
) -> str:
    target = (
        f"tenant collection `{collection}`" if collection else "a tenant collection"
    )
    if operator == "$out":
        return (
            f"`$out` replaces {target} with the pipeline's output, deleting every"
            " other subscription's documents in it; write to a collection listed in"
            f' global-collections, or use `$merge` with `"on"` including `{field}`'
        )
    return (
        f"`$merge` into {target} may change another subscription's documents"
        f" because {reason}; include `{field}` in its `on` fields (they need a"
        ' unique index), or set `"whenMatched"` to `"keepExisting"` or `"fail"`'
    )


def unverifiable_merge(collection: str | None, reason: str, field: str) -> str:
    target = f"collection `{collection}`" if collection else "a tenant collection"
    return (
        f"`$merge` into {target} cannot be verified statically because {reason};"
        f" spell `on` as a list of strings that includes `{field}`"
    )


def unscoped_document(call: str, where: str, reason: str, field: str) -> str:
    because = f" because {reason}" if reason else ""
    if "." not in field:
        instead = f'add `"{field}": {SUBSCRIPTION_ID}` to it'
    else:
        instead = f"nest it as `{nested(field)}`"
    return f"`{call}` document for {where} has no `{field}`{because}; {instead}"


def dotted_key(call: str, key: str, field: str) -> str:
    return (
        f'`{call}` document uses the dotted key "{key}", which MongoDB stores as'
        " one field with dots in its name, not as a path, so the document belongs"
        f" to no subscription; nest it as `{nested(field)}`"
    )


def field_write(call: str, operator: str, written: str, field: str) -> str:
    if written == field:
        problem = f"`{operator}` writes `{field}`"
    else:
        problem = f"`{operator}` of `{written}` writes `{field}`"
    return (
        f"`{call}` update: {problem}, which moves the document to another"
        " subscription or out of all of them; remove it, or use `$setOnInsert`"
        " to set the field only when an upsert inserts"
    )
