"""The FIS2xx rules and their documentation for ``fisio-hooks rule``."""

from __future__ import annotations

from fisio_hooks.engine.rules import Rule

VARIANT_NAME = Rule(
    code="FIS201",
    name="subscription-id-variant",
    summary="A name spells subscription_id another way.",
    explanation=(
        "A subscription id has one name, subscription_id (subscription_ids\n"
        "for several), so that a search for it finds every use. A name\n"
        "bound in this file whose words, split on '_' and camelCase humps,\n"
        "spell it otherwise is reported: sub_id, subId, subID, subid,\n"
        "subs_id, subscr_id, subscriptionId, subscription_ID, and\n"
        "compounds such as old_sub_id or subIds. Look-alikes such as\n"
        "subscriber_id, submit_id, subtotal and subject_id are other\n"
        "words. Parameters, assignment, for, with, except, walrus,\n"
        "comprehension and case targets, functions, classes, class\n"
        "attributes, dataclass fields and attributes of self assigned in\n"
        "a method are checked. String contents, attributes of other\n"
        "objects, imported names and keyword arguments are not.\n"
        "\n"
        "A snake_case, UPPER_CASE or CapWords name keeps its style\n"
        "(MAX_SUBSCRIPTION_ID_LEN, SubscriptionIdCache). A camelCase name\n"
        "becomes snake_case, because subscriptionId is itself a variant.\n"
        "\n"
        "The fix renames a local variable of a function or comprehension\n"
        "and every use of it, when the new name is not used there yet.\n"
        "Parameters, attributes, functions, classes and module-level\n"
        "names are reported without a fix, because other modules or\n"
        "callers may use them. A local variable is not renamed either\n"
        "when the function calls locals(), vars(), eval() or exec(),\n"
        "when a nested function declares it nonlocal or global, when an\n"
        "f-string prints its name with '=', or in the other cases the\n"
        "message names (a case pattern, a string annotation or an import\n"
        "binds or names it too).\n"
        "\n"
        "Set canonical to check another identifier (user_id finds usr_id\n"
        "and userId), and add irregular spellings to extra-variants."
    ),
    example=(
        "def renew(subscriptionId: str) -> None:\n"
        "    old_sub_id = current()\n"
        "    log(old_sub_id, subscriptionId)"
    ),
    fixed_example=(
        "def renew(subscription_id: str) -> None:\n"
        "    old_subscription_id = current()\n"
        "    log(old_subscription_id, subscription_id)"
    ),
    fix="sometimes",
    settings=(
        'subscription-id.canonical = "subscription_id"',
        "subscription-id.extra-variants = []",
    ),
)

RULES = (VARIANT_NAME,)
