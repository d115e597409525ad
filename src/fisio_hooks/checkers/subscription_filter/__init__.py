"""subscription-filter: every MongoDB call restricted to one subscription.

Reads the tree-sitter tree only; pymongo is never imported at check time.
The table of which argument is a filter, pipeline, update or document is
generated from pymongo into ``methods.py``.
"""

from __future__ import annotations

from fisio_hooks.checkers.subscription_filter.check import check
from fisio_hooks.engine.rules import Checker, Rule

SETTINGS = ("fields", "global-collections", "filter-helpers", "scoped-receivers")

UNSCOPED_QUERY = Rule(
    code="FIS101",
    name="unscoped-query",
    summary=(
        "A MongoDB call on a tenant collection is not restricted to one subscription."
    ),
    explanation=(
        "Every read, write and delete on a tenant collection must filter by the\n"
        "subscription field (setting `fields`, default `info.owner.subID`), or\n"
        "it returns, changes or deletes other customers' documents.\n"
        "\n"
        "Reported: no filter, an empty filter, a filter without the field, and a\n"
        "field compared with None, `$ne`, `$nin`, `$exists`, `$regex` or a range,\n"
        "which match more than one subscription. `estimated_document_count()`\n"
        "and `drop()` always span every subscription and are reported too, and\n"
        "so is a pipeline stage that writes into a tenant collection: `$out`\n"
        "replaces the whole collection, and `$merge` changes the documents whose\n"
        "`on` fields (`_id` by default) match, so its `on` must include the\n"
        'field unless `whenMatched` is `"keepExisting"` or `"fail"`. Raw\n'
        'commands (`db.command("find", "orders", filter=...)`, or as one\n'
        "document) are checked like the matching collection methods, and so\n"
        "are bound methods called through a name (`find = db.orders.find`).\n"
        "\n"
        "A filter is scoped by:\n"
        '- the field as a key with any other value, `{"$eq": v}` or `{"$in": [...]}`\n'
        "- `$and` with one scoped member, or `$or` whose members are all scoped\n"
        "  (`$nor` never scopes)\n"
        '- `$expr` with `{"$eq": ["$<field>", v]}`\n'
        "- `{**base, ...}`, `dict(base)` or `a if c else b` of scoped filters;\n"
        "  a spread, `| other` or `q.update(other)` after the field may replace\n"
        "  it, so the filter stays scoped only when its keys are known\n"
        "- a name whose assignments in the function or module are all scoped, or\n"
        "  that gets the field before the call (`q[field] = v`, `q.update(...)`,\n"
        "  `q.setdefault(...)`), unless `del` or `pop` removes it again\n"
        "- a call of a function listed in `filter-helpers`.\n"
        "\n"
        "Collections listed in `global-collections` hold no tenant data and are\n"
        "skipped. So are receivers listed in `scoped-receivers`, wrappers that\n"
        "add the filter themselves (`request.tenant_db`, `ScopedCollection`). A\n"
        "deliberate cross-subscription query, such as a migration or a\n"
        "maintenance job, takes `# noqa: FIS101` on its line."
    ),
    example='db.orders.find({"status": "open"})',
    fixed_example=(
        'db.orders.find({"status": "open", "info.owner.subID": subscription_id})'
    ),
    settings=SETTINGS,
)
UNVERIFIABLE_FILTER = Rule(
    code="FIS102",
    name="unverifiable-filter",
    summary="A filter, pipeline or document cannot be verified statically.",
    explanation=(
        "The value comes from a parameter, an attribute, a subscript, an\n"
        "import or a call that is not a configured filter helper, so the\n"
        "checker cannot tell whether it is scoped. A scoped filter followed by\n"
        "such a value (`{field: v, **other}`, `q.update(other)`) is unverifiable\n"
        "too, since `other` may replace the field. Build the filter where the\n"
        "call is made, or list the function that builds it in `filter-helpers`\n"
        "(a qualified name such as `fisio.db.scoped`, resolved through imports,\n"
        "or a bare function name). This is a separate code so that a team can\n"
        "ignore it and keep FIS101."
    ),
    example="def open_orders(query):\n    return db.orders.find(query)",
    fixed_example=(
        "def open_orders(subscription_id, query):\n"
        '    return db.orders.find({**query, "info.owner.subID": subscription_id})'
    ),
    settings=SETTINGS,
)
UNSCOPED_PIPELINE = Rule(
    code="FIS103",
    name="unscoped-pipeline",
    summary=(
        "An aggregation pipeline or change stream does not start with a scoped $match."
    ),
    explanation=(
        "An `aggregate` pipeline must start with a `$match` on the subscription\n"
        "field, or every later stage sees every subscription's documents. A\n"
        "leading `$geoNear`, `$search` or `$vectorSearch` must come first, so it\n"
        "may precede the `$match`, or scope the pipeline with its own query\n"
        "(`query`, an Atlas Search `equals` on the field, `filter`). `watch`\n"
        "streams change events, whose document is under `fullDocument`, so its\n"
        "`$match` is on `fullDocument.<field>`. A `$lookup` with a `pipeline`\n"
        "and no `localField`, and a `$unionWith`, read another tenant\n"
        "collection and must start their own pipeline with a scoped `$match`.\n"
        "A `$graphLookup` matches values it found in the other collection, step\n"
        "after step, so it needs a scoped `restrictSearchWithMatch`. Stages\n"
        "nested in `$facet` and in `$lookup` pipelines are checked too."
    ),
    example='db.orders.aggregate([{"$group": {"_id": "$status", "n": {"$sum": 1}}}])',
    fixed_example=(
        "db.orders.aggregate([\n"
        '    {"$match": {"info.owner.subID": subscription_id}},\n'
        '    {"$group": {"_id": "$status", "n": {"$sum": 1}}},\n'
        "])"
    ),
    settings=SETTINGS,
)
UNSCOPED_DOCUMENT = Rule(
    code="FIS104",
    name="unscoped-document",
    summary="An inserted or replacement document has no subscription field.",
    explanation=(
        "A document written without the subscription field belongs to no\n"
        "subscription: no scoped query finds it again, and an unscoped one\n"
        "shows it to everyone. Documents store the field nested, as\n"
        '`{"info": {"owner": {"subID": v}}}`. A dotted key such as\n'
        '`{"info.owner.subID": v}` is a path only in filters and updates; in a\n'
        "document MongoDB stores it as one field whose name contains dots, so\n"
        "that is reported as a bug. Checked: `insert_one`, `insert_many`,\n"
        "`replace_one`, `find_one_and_replace`, `InsertOne`, `ReplaceOne`."
    ),
    example='db.orders.insert_one({"item": "pen", "info.owner.subID": sub_id})',
    fixed_example=(
        'db.orders.insert_one({"item": "pen", "info": {"owner": {"subID": sub_id}}})'
    ),
    settings=("fields", "global-collections", "filter-helpers"),
)
FIELD_UPDATE = Rule(
    code="FIS105",
    name="subscription-field-update",
    summary="An update sets, unsets or renames the subscription field.",
    explanation=(
        "`$set`, `$unset` and `$rename` of the subscription field, or of a key\n"
        "that contains it (`$set` of `info` replaces `info.owner.subID` too),\n"
        "move a document to another subscription or out of all of them.\n"
        "`$setOnInsert` is allowed: it writes the field only when an upsert\n"
        "inserts a new document. Update pipelines' `$set`, `$addFields` and\n"
        "`$unset` stages are checked the same way."
    ),
    example=(
        'db.orders.update_one({"_id": order_id, "info.owner.subID": sub},\n'
        '                     {"$set": {"info.owner.subID": other_sub}})'
    ),
    fixed_example=(
        'db.orders.update_one({"_id": order_id, "info.owner.subID": sub},\n'
        '                     {"$set": {"status": "closed"}})'
    ),
    settings=("fields",),
)

CHECKER = Checker(
    id="subscription-filter",
    rules=(
        UNSCOPED_QUERY,
        UNVERIFIABLE_FILTER,
        UNSCOPED_PIPELINE,
        UNSCOPED_DOCUMENT,
        FIELD_UPDATE,
    ),
    check=check,
)
