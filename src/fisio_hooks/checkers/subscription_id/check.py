"""Finding FIS201: names bound in a file that spell the identifier another way.

A file whose lower-cased text contains no spelling of the canonical
words costs one regular-expression search. Otherwise the file's
identifiers are collected, and each distinct one is matched once
against the variant rule. Only the occurrences of variants are looked
up in the tree-sitter tree to see whether they bind the name, and each
name is reported once per scope, at its first binding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from fisio_hooks.checkers.subscription_id.bindings import Binding, Kind, binding_of
from fisio_hooks.checkers.subscription_id.rules import VARIANT_NAME
from fisio_hooks.checkers.subscription_id.safety import rename_blocker
from fisio_hooks.checkers.subscription_id.words import Variant, VariantFinder, finder
from fisio_hooks.engine.findings import Finding, Fix
from fisio_hooks.engine.rules import FileContext

# Identifiers in UTF-8 source: ASCII letters, digits and underscores, and
# any non-ASCII byte, which only a letter of a non-ASCII identifier (or
# a string or comment, filtered out later by the tree) can be.
_IDENTIFIER = re.compile(rb"[A-Za-z_\x80-\xff][A-Za-z0-9_\x80-\xff]*")


def check(context: FileContext) -> Iterator[Finding]:
    settings = context.settings.subscription_id
    variants = finder(settings.canonical, settings.extra_variants)
    if variants.prefilter.search(context.source.text.lower()) is None:
        return
    utf8 = context.source.utf8
    candidates = _candidates(utf8, variants)
    if not candidates:
        return
    root = context.source.root
    reported: set[tuple[int, int, str, str]] = set()
    for match in _occurrences(candidates).finditer(utf8):
        binding = _binding_at(root, match.start(), match.end())
        if binding is None:
            continue
        scope = binding.scope
        key = (scope.start_byte, scope.end_byte, scope.type, binding.name)
        if key in reported:
            continue
        reported.add(key)
        variant = variants.variant(binding.name)
        assert variant is not None
        yield _finding(context, binding, variant)


def _candidates(utf8: bytes, variants: VariantFinder) -> frozenset[bytes]:
    names = set(_IDENTIFIER.findall(utf8))
    return frozenset(
        name
        for name in names
        if variants.variant(name.decode("utf-8", errors="replace")) is not None
    )


def _occurrences(candidates: frozenset[bytes]) -> re.Pattern[bytes]:
    """Return a pattern that finds the candidate names as whole names."""
    names = b"|".join(re.escape(name) for name in sorted(candidates))
    return re.compile(rb"(?<![\w\x80-\xff])(?:" + names + rb")(?![\w\x80-\xff])")


def _binding_at(root: Node, start: int, end: int) -> Binding | None:
    node = root.named_descendant_for_byte_range(start, end)
    if node is None or node.type != "identifier":
        return None
    if node.start_byte != start or node.end_byte != end:
        return None
    return binding_of(node)


def _finding(context: FileContext, binding: Binding, variant: Variant) -> Finding:
    message = (
        f"{binding.kind.value} `{binding.name}` should be named `{variant.suggestion}`"
    )
    if binding.kind is not Kind.LOCAL_VARIABLE:
        return context.finding(VARIANT_NAME.code, binding.node, message)
    if binding.declared is not None:
        reason: str | None = f"it is declared {binding.declared}"
    else:
        reason = rename_blocker(binding.scope, binding.name, variant.suggestion)
    if reason is not None:
        message += f" (no automatic fix: {reason})"
        return context.finding(VARIANT_NAME.code, binding.node, message)
    fix = Fix(
        safe=True,
        description=f"rename `{binding.name}` and its uses to `{variant.suggestion}`",
        data=(binding.name, variant.suggestion),
    )
    return context.finding(VARIANT_NAME.code, binding.node, message, fix)
