"""Word splitting, abbreviations and suggestions of the subscription-id rule."""

from __future__ import annotations

import pytest

from fisio_hooks.checkers.subscription_id.words import (
    finder,
    is_abbreviation,
    skeleton,
    split_words,
)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("sub_id", ["sub", "id"]),
        ("subId", ["sub", "Id"]),
        ("subID", ["sub", "ID"]),
        ("subIDs", ["sub", "IDs"]),
        ("subIDsByOwner", ["sub", "IDs", "By", "Owner"]),
        ("HTTPServer", ["HTTP", "Server"]),
        ("SubscriptionIDCache", ["Subscription", "ID", "Cache"]),
        ("__sub_id__", ["sub", "id"]),
        ("sub_id2", ["sub", "id", "2"]),
        ("MAX_SUB_IDS", ["MAX", "SUB", "IDS"]),
        ("café_id", ["café", "id"]),
    ],
)
def test_split_words(name: str, words: list[str]) -> None:
    assert [word.text for word in split_words(name)] == words


def test_split_words_offsets() -> None:
    words = split_words("old_subId")
    assert [(word.start, word.end) for word in words] == [(0, 3), (4, 7), (7, 9)]


def test_skeleton_drops_vowels_and_doubles() -> None:
    assert skeleton("message") == "msg"


@pytest.mark.parametrize(
    ("candidate", "word"),
    [
        ("sub", "subscription"),
        ("subs", "subscription"),
        ("subscr", "subscription"),
        ("sbscr", "subscription"),
        ("subscrptn", "subscription"),
        ("usr", "user"),
        ("msg", "message"),
        ("cnt", "count"),
        ("num", "number"),
    ],
)
def test_abbreviation_accepted(candidate: str, word: str) -> None:
    assert is_abbreviation(candidate, word)


@pytest.mark.parametrize(
    ("candidate", "word"),
    [
        ("use", "user"),  # a truncation must drop two letters
        ("su", "subscription"),  # too short
        ("subscriber", "subscription"),
        ("submit", "subscription"),
        ("subtotal", "subscription"),
        ("subject", "subscription"),
        ("stn", "subscription"),  # skips the skeleton's b and s
        ("scr", "subscription"),
        ("subscription", "subscription"),  # the word itself
        ("acct", "account"),  # irregular: an extra variant
    ],
)
def test_abbreviation_rejected(candidate: str, word: str) -> None:
    assert not is_abbreviation(candidate, word)


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("sub_id", "subscription_id"),
        ("subId", "subscription_id"),
        ("subID", "subscription_id"),
        ("subid", "subscription_id"),
        ("subs_id", "subscription_id"),
        ("subscriptionId", "subscription_id"),
        ("subscriptionID", "subscription_id"),
        ("subscription_ID", "subscription_id"),
        ("subscr_id", "subscription_id"),
        ("old_sub_id", "old_subscription_id"),
        ("sub_ids", "subscription_ids"),
        ("subIds", "subscription_ids"),
        ("subIDs", "subscription_ids"),
        ("oldSubId", "old_subscription_id"),
        ("getSubscriptionId", "get_subscription_id"),
        ("sub_id_to_subId", "subscription_id_to_subscription_id"),
        ("SUB_ID", "SUBSCRIPTION_ID"),
        ("MAX_SUBID_LEN", "MAX_SUBSCRIPTION_ID_LEN"),
        ("SUBIDS", "SUBSCRIPTION_IDS"),
        ("SubIdCache", "SubscriptionIdCache"),
        ("_SubIDMixin", "_SubscriptionIDMixin"),
        ("Subid", "SubscriptionId"),
        ("__sub_id", "__subscription_id"),
        ("__sub_id__", "__subscription_id__"),
        ("sub_id2", "subscription_id2"),
        ("subId2", "subscription_id2"),
        ("sub__id", "subscription_id"),
        ("subscription_id_or_sub_id", "subscription_id_or_subscription_id"),
    ],
)
def test_variant_suggestion(name: str, suggestion: str) -> None:
    variant = finder("subscription_id", ()).variant(name)
    assert variant is not None
    assert variant.suggestion == suggestion


@pytest.mark.parametrize(
    "name",
    [
        "subscription_id",
        "subscription_ids",
        "SUBSCRIPTION_ID",
        "SUBSCRIPTION_IDS",
        "SubscriptionId",
        "SubscriptionID",
        "SubscriptionIDs",
        "old_subscription_id",
        "subscriber_id",
        "submit_id",
        "subtotal",
        "subject_id",
        "subnet_id",
        "sub_idx",
        "subsidy",
        "sub_identifier",
        "subscriptions_id",
        "sub",
        "id",
    ],
)
def test_not_a_variant(name: str) -> None:
    assert finder("subscription_id", ()).variant(name) is None


def test_variant_spelling_is_the_span() -> None:
    variant = finder("subscription_id", ()).variant("old_sub_id_text")
    assert variant is not None
    assert variant.spelling == "sub_id"


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("usr_id", "user_id"),
        ("userId", "user_id"),
        ("userid", "user_id"),
        ("UsrIdIndex", "UserIdIndex"),
    ],
)
def test_user_id_variant(name: str, suggestion: str) -> None:
    variant = finder("user_id", ()).variant(name)
    assert variant is not None
    assert variant.suggestion == suggestion


@pytest.mark.parametrize("name", ["user_id", "UserID", "use_id", "username", "uid"])
def test_user_id_not_a_variant(name: str) -> None:
    assert finder("user_id", ()).variant(name) is None


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("sid", "subscription_id"),
        ("old_sids", "old_subscription_ids"),
        ("SidCache", "SubscriptionIdCache"),
        ("tenantId", "subscription_id"),
        ("TENANT_IDS", "SUBSCRIPTION_IDS"),
    ],
)
def test_extra_variant(name: str, suggestion: str) -> None:
    variant = finder("subscription_id", ("sid", "tenant_id")).variant(name)
    assert variant is not None
    assert variant.suggestion == suggestion


def test_extra_variant_not_abbreviated() -> None:
    variants = finder("subscription_id", ("tenant_id",))
    assert variants.variant("tnt_id") is None


def test_extra_variant_not_in_other_word() -> None:
    variants = finder("subscription_id", ("sid",))
    assert variants.variant("side") is None
