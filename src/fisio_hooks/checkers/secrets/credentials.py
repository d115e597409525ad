"""FIS503: Python string literals stored under a credential's name.

A string literal assigned to a credential-named variable, attribute or
subscript, passed as such a keyword argument or default parameter, or
stored under such a dict key, is reported unless it is a placeholder or
plainly not a credential: text with spaces (a prompt or a message), the
name of an environment variable, a URL or path, or a dotted setting name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node, QueryCursor

from fisio_hooks.checkers.secrets.candidates import Candidate
from fisio_hooks.checkers.secrets.masking import quoted_mask
from fisio_hooks.checkers.secrets.patterns import LazyPattern
from fisio_hooks.checkers.secrets.placeholders import (
    is_environment_name,
    is_placeholder,
)
from fisio_hooks.engine import syntax
from fisio_hooks.engine.source import SourceFile

CODE = "FIS503"
# detect-secrets' KeywordDetector reports the same value under this type.
BASELINE_TYPE = "Secret Keyword"

# A name is credential-like when its last snake_case words are one of
# these: ``db_password``, ``authToken``, ``CLIENT_SECRET``, ``api_key``.
CREDENTIAL_NAME = LazyPattern(
    r"(?:^|_)(?:password|passwd|passphrase|pwd|pass|secret|token"
    r"|api_?key|access_?key|secret_?key|private_?key|auth_?key"
    r"|client_?secret|credential|credentials)$"
)
# A credential word ending a name, then what may follow a name that a
# value is stored under: a closing quote or bracket, then ``=`` or ``:``.
# Files without one skip the parse and the query.
_NAME_HINT = LazyPattern(
    r"(?:password|passwd|passphrase|pwd|pass|secret|token|api_?key|access_?key"
    r"|secret_?key|private_?key|auth_?key|credentials?)['\"]?\]?[\s\\]*[:=]",
    re.IGNORECASE,
)
_CAMEL_BOUNDARY = LazyPattern(r"(?<=[a-z0-9])(?=[A-Z])")
# Values that are plainly not credentials.
_URL_OR_PATH = LazyPattern(r"^(?:[a-z][a-z0-9+.-]*://|/|\./|\.\./|~/)", re.IGNORECASE)
_DOTTED_NAME = LazyPattern(r"^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+$")

QUERY = """
(assignment left: (_) @name right: (_) @value)
(keyword_argument name: (identifier) @name value: (_) @value)
(pair key: (_) @name value: (_) @value)
(default_parameter name: (identifier) @name value: (_) @value)
(typed_default_parameter name: (identifier) @name value: (_) @value)
"""

_WHERE = {
    "assignment": "is assigned to",
    "keyword_argument": "is passed as",
    "pair": "is stored under the key",
    "default_parameter": "is the default of",
    "typed_default_parameter": "is the default of",
}


def is_credential_name(name: str) -> bool:
    snake = _CAMEL_BOUNDARY.sub("_", name.strip("_")).lower()
    return CREDENTIAL_NAME.search(snake) is not None


def is_plainly_not_credential(value: str) -> bool:
    return (
        any(character.isspace() for character in value)
        or is_environment_name(value)
        or _URL_OR_PATH.match(value) is not None
        or _DOTTED_NAME.match(value) is not None
    )


def _target_name(node: Node) -> str | None:
    """Return the name a value is stored under: an identifier, the last
    part of an attribute, or a subscript's or dict's string key."""
    if node.type == "identifier":
        return syntax.text(node)
    if node.type == "attribute":
        return syntax.text(node.child_by_field_name("attribute"))
    if node.type == "subscript":
        key = node.child_by_field_name("subscript")
        return syntax.string_value(key) if key is not None else None
    if node.type in {"string", "concatenated_string"}:
        return syntax.string_value(node)
    return None


def find_credentials(source: SourceFile) -> Iterator[Candidate]:
    if _NAME_HINT.search(source.text) is None:
        return
    cursor = QueryCursor(syntax.query(QUERY))
    for _, captured in cursor.matches(source.root):
        name_node = captured["name"][0]
        value_node = captured["value"][0]
        parent = value_node.parent
        if parent is None:
            continue
        candidate = _candidate(source, parent.type, name_node, value_node)
        if candidate is not None:
            yield candidate


def _unparenthesized(node: Node) -> Node:
    while node.type == "parenthesized_expression" and node.named_child_count == 1:
        node = node.named_children[0]
    return node


def _literal_value(node: Node) -> str | None:
    """Return a plain string literal's value; comments between the parts
    of an implicit concatenation are skipped."""
    if node.type != "concatenated_string":
        return syntax.string_value(node)
    parts = [
        syntax.string_value(child)
        for child in node.named_children
        if child.type != "comment"
    ]
    if any(part is None for part in parts):
        return None
    return "".join(part for part in parts if part is not None)


def _candidate(
    source: SourceFile, kind: str, name_node: Node, value_node: Node
) -> Candidate | None:
    name = _target_name(name_node)
    if not name or not is_credential_name(name):
        return None
    value_node = _unparenthesized(value_node)
    value = _literal_value(value_node)
    if value is None or is_placeholder(value) or is_plainly_not_credential(value):
        return None
    row, start = value_node.start_point
    end_row, end = value_node.end_point
    column = source.column_of(row, start)
    end_column = (
        source.column_of(row, end)
        if end_row == row
        else len(source.line_text(row + 1)) + 1
    )
    return Candidate(
        code=CODE,
        line=row + 1,
        column=column,
        end_column=end_column,
        secret=value,
        secret_type=BASELINE_TYPE,
        message=(
            f"string literal {quoted_mask(value)} {_WHERE[kind]} `{name}`;"
            " read the credential from the environment (os.environ) or a"
            " secret store instead"
        ),
    )
