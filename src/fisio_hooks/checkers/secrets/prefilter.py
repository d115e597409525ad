"""A cheap test that a file may hold what a detect-secrets plugin reports.

Importing detect-secrets and initialising its plugins costs more than
checking a whole commit, so files pass through detect-secrets only when
this test says they may contain a finding. The test must never say no
to a file in which detect-secrets 1.5 reports something: every pattern
here is looser than the plugin it stands for.

- Plugins that look for a fixed prefix or shape (AWS, GitHub, Slack,
  private keys, JWTs, public IPs, ...) are stood for by that prefix or a
  looser form of their pattern.
- Plugins that need a secret-sounding name (KeywordDetector, AWS secret
  keys, Cloudant, IBM, SoftLayer) are stood for by the name, followed on
  the same line by what the plugin needs after it (an operator, a quote
  and ``==``, or a long value).
- High-entropy strings are bounded: the Shannon entropy of a string of
  ``d`` distinct characters is at most log2(d), so a value above the
  limit ``L`` has more than 2**L distinct characters, and so has the run
  of the plugin's alphabet around it.

detect-secrets parses any file it can as INI, and YAML files as YAML,
which puts a key and a value continued on indented lines on one line.
So in every file but source code, a line here is a logical line: it
goes on over the indented lines below it. Source code (the extensions
detect-secrets gives a language of its own, and that configparser
cannot read) is matched line by line, which keeps indented blocks of
code from joining into one long line.
"""

from __future__ import annotations

import math
import re
from functools import cache
from pathlib import PurePath
from typing import Any, NamedTuple

# The fixed-pattern plugins, each stood for by a literal that its every
# match contains and, where that literal alone is too common, a pattern
# looser than the plugin's own. A pattern runs only on text containing
# its literal, and starts with a literal where it can (a lookbehind
# stands for what comes before), because Python's re scans for a
# leading literal much faster than for a leading character class.
_SIGNATURES: tuple[tuple[str, str | None], ...] = (
    ("AKC", r"AKC[a-zA-Z0-9]{10}"),  # ArtifactoryDetector
    ("AP", r"AP[0-9ABCDEF][a-zA-Z0-9]{8}"),
    ("A", r"(?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16}"),  # AWSKeyDetector
    ("AccountKey=", None),  # AzureStorageKeyDetector
    ("://", r"://[^\s@]*:[^\s@]*@"),  # BasicAuthDetector, CloudantDetector
    (".", r"(?<=[a-zA-Z0-9_-]{23})\.[a-zA-Z0-9_-]{6}\."),  # Discord
    ("gh", r"gh[pousr]_"),  # GitHubTokenDetector
    ("gl", r"gl(?:pat|dt|ft|soat|rt|cbt|imt|ptt|agent|oas)-"),  # GitLab
    ("GR1348941", None),
    (".", r"(?<=[0-9])\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]"),  # IPPublicDetector
    ("eyJ", None),  # JwtTokenDetector
    ("-us", r"-us[0-9]"),  # MailchimpDetector
    (":_authToken=", None),  # NpmDetector
    ("T3BlbkFJ", None),  # OpenAIDetector
    ("PRIVATE KEY", None),  # PrivateKeyDetector
    ("PuTTY-User-Key-File", None),
    ("pypi-AgE", None),  # PypiTokenDetector
    ("SG.", None),  # SendGridDetector
    ("sq0csp-", None),  # SquareOAuthDetector
    ("k_live_", None),  # StripeDetector
    (":", r"(?<=[0-9]{8}):[0-9A-Za-z_-]{35}"),  # TelegramBotTokenDetector
    ("AC", r"AC[a-z0-9]{32}"),  # TwilioKeyDetector
    ("SK", r"SK[a-z0-9]{32}"),
)
# The same, matched on the lowercased text: SlackDetector and the
# SoftLayer URL are case-insensitive.
_LOWER_SIGNATURES = ("xox", "hooks.slack.com", "api.softlayer.com")

# KeywordDetector's denylist, with its optional underscores.
_KEYWORD_NAME = (
    r"(?:api_?key|auth_?key|service_?key|account_?key|db_?key|database_?key"
    r"|priv_?key|private_?key|client_?key|db_?pass|database_?pass|key_?pass"
    r"|password|passwd|pwd|secret|contrase(?:ñ|n)a)"
)
# Lowercase literals one of which every name-based match contains.
_NAME_LITERALS = re.compile(r"key|pw|pass|token|secret|contrase")
# Extensions detect-secrets 1.5 maps to a programming language, whose
# files are matched line by line.
SOURCE_SUFFIXES = frozenset(
    {
        ".cls",
        ".go",
        ".java",
        ".js",
        ".php",
        ".m",
        ".py",
        ".pyi",
        ".swift",
        ".tf",
        ".cs",
        ".c",
        ".cpp",
    }
)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@cache
def _name_pattern(quotes_required: bool) -> re.Pattern[str]:
    """Return the pattern for the plugins that need a secret-sounding name,
    matched on one line.

    KeywordDetector: the name with its word suffix, then an operator
    (``=``, ``==``, ``!=``, ``:``, ``:=``, ``=>``) after optional closing
    quotes, brackets and spaces, then in source code a quote; or the name
    and ``("`` or ``.assign("``; or the name, then a quote and a semicolon
    later on the line; or a quote and ``==``/``!=`` before the name.
    Assignment plugins (Cloudant, IBM Cloud IAM, IBM COS HMAC, SoftLayer)
    and AWS secret keys: a key word, then a value of at least 24
    characters later on the line.
    """
    quote = r"\s*@?['\"`]" if quotes_required else ""
    return re.compile(
        rf"{_KEYWORD_NAME}\w*(?:\[[0-9]*\])?[\]'\"]{{0,2}}\s*[=!:>]{{1,3}}{quote}"
        rf"|{_KEYWORD_NAME}\w*(?:.assign)?\(\""
        rf"|{_KEYWORD_NAME}.*?['\"`];"
        rf"|['\"`]\s*[!=]{{2,3}}\s*\w*{_KEYWORD_NAME}"
        rf"|(?:key|pw|pass|token).*?[A-Za-z0-9_/+-]{{24}}",
        re.IGNORECASE,
    )


def _has_signature(text: str) -> bool:
    for literal, pattern in _SIGNATURES:
        if literal not in text:
            continue
        if pattern is None or _compiled(pattern).search(text):
            return True
    lower = text.lower()
    return any(literal in lower for literal in _LOWER_SIGNATURES)


def _line_at(text: str, index: int, logical: bool) -> tuple[str, int]:
    """Return the line around ``index`` and the offset where it ends.

    A logical line goes on over the indented lines below it (and starts
    at the first unindented line above), joined with spaces.
    """
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    end = len(text) if end == -1 else end
    if not logical:
        return text[start:end], end
    while start > 0 and text[start : start + 1] in (" ", "\t"):
        start = text.rfind("\n", 0, start - 1) + 1
    while end < len(text) and text[end + 1 : end + 2] in (" ", "\t"):
        following = text.find("\n", end + 1)
        end = len(text) if following == -1 else following
    return text[start:end].replace("\n", " "), end


def _has_assigned_name(text: str, logical: bool, quotes_required: bool) -> bool:
    lower = text.lower()
    pattern = _name_pattern(quotes_required)
    position = 0
    while True:
        hit = _NAME_LITERALS.search(lower, position)
        if hit is None:
            return False
        line, end = _line_at(text, hit.start(), logical)
        if pattern.search(line):
            return True
        position = end + 1


# The alphabets of Base64HighEntropyString and HexHighEntropyString.
_BASE64_ALPHABET = r"A-Za-z0-9+/\\_=-"
_HEX_ALPHABET = r"0-9a-fA-F"

KNOWN_PLUGINS = frozenset(
    {
        "ArtifactoryDetector",
        "AWSKeyDetector",
        "AzureStorageKeyDetector",
        "Base64HighEntropyString",
        "BasicAuthDetector",
        "CloudantDetector",
        "DiscordBotTokenDetector",
        "GitHubTokenDetector",
        "GitLabTokenDetector",
        "HexHighEntropyString",
        "IbmCloudIamDetector",
        "IbmCosHmacDetector",
        "IPPublicDetector",
        "JwtTokenDetector",
        "KeywordDetector",
        "MailchimpDetector",
        "NpmDetector",
        "OpenAIDetector",
        "PrivateKeyDetector",
        "PypiTokenDetector",
        "SendGridDetector",
        "SlackDetector",
        "SoftlayerDetector",
        "SquareOAuthDetector",
        "StripeDetector",
        "TelegramBotTokenDetector",
        "TwilioKeyDetector",
    }
)


class PrefilterLimits(NamedTuple):
    """The entropy limits the high-entropy plugins run with, and whether
    a plugin this module does not know is configured."""

    base64_limit: float | None = 4.5
    hex_limit: float | None = 3.0
    unknown_plugins: bool = False


def prefilter_limits(config: dict[str, Any]) -> PrefilterLimits:
    """Return the prefilter limits for a baseline's ``plugins_used``;
    without one, every plugin runs with its default limit."""
    plugins = config.get("plugins_used")
    if plugins is None:
        return PrefilterLimits()
    by_name = {
        str(plugin.get("name")): plugin
        for plugin in plugins
        if isinstance(plugin, dict)
    }
    unknown = any(
        name not in KNOWN_PLUGINS or "path" in by_name[name] for name in by_name
    )
    base64 = by_name.get("Base64HighEntropyString")
    hexadecimal = by_name.get("HexHighEntropyString")
    return PrefilterLimits(
        base64_limit=float(base64.get("limit", 4.5)) if base64 is not None else None,
        hex_limit=float(hexadecimal.get("limit", 3.0))
        if hexadecimal is not None
        else None,
        unknown_plugins=unknown,
    )


def _min_distinct(limit: float) -> int:
    # Entropy above ``limit`` needs more than 2**limit distinct characters.
    return math.floor(2**limit) + 1


@cache
def _run_pattern(alphabet: str, length: int) -> re.Pattern[str]:
    return re.compile(f"[{alphabet}]{{{length},}}")


def _has_spread_run(alphabet: str, text: str, limit: float | None) -> bool:
    """Whether a run of ``alphabet`` has enough distinct characters to
    exceed the entropy ``limit``."""
    if limit is None:
        return False
    needed = _min_distinct(limit)
    pattern = _run_pattern(alphabet, needed)
    return any(len(set(match.group())) >= needed for match in pattern.finditer(text))


def is_source_code(path: str, text: str) -> bool:
    """Whether ``path`` is source code that configparser cannot read as
    INI: a language extension and no ``[section]`` line."""
    if PurePath(path).suffix not in SOURCE_SUFFIXES:
        return False
    return _section_pattern().search(text) is None


@cache
def _section_pattern() -> re.Pattern[str]:
    return re.compile(r"^\[[^\]\n]+\][ \t]*$", re.MULTILINE)


def may_contain_plugin_secret(
    text: str, limits: PrefilterLimits, path: str = ""
) -> bool:
    """Whether detect-secrets may report something in ``text``, the
    content of the file at ``path``."""
    if limits.unknown_plugins:
        return True
    if _has_signature(text):
        return True
    source_code = is_source_code(path, text)
    # KeywordDetector wants a quoted value in every language but Go.
    quotes_required = source_code and PurePath(path).suffix != ".go"
    if _has_assigned_name(text, not source_code, quotes_required):
        return True
    return _has_spread_run(
        _BASE64_ALPHABET, text, limits.base64_limit
    ) or _has_spread_run(_HEX_ALPHABET, text, limits.hex_limit)


def split_lines(text: str) -> list[str]:
    """Split ``text`` at each ``\\n`` (dropping a ``\\r`` before it), so
    line numbers agree with the engine's and with detect-secrets' reading
    of ``\\n`` and ``\\r\\n`` files; ``str.splitlines`` would also split
    at form feeds and other separators that neither splits at."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def candidate_lines(text: str, limits: PrefilterLimits, path: str = "") -> list[int]:
    """Return the 1-based numbers of the lines that pass the test on their
    own (with their indented continuation lines outside source code), for
    tests that check the test loses nothing."""
    lines = split_lines(text)
    if is_source_code(path, text):
        return [
            number
            for number, line in enumerate(lines, start=1)
            if may_contain_plugin_secret(line, limits, path)
        ]
    numbers: list[int] = []
    group: list[str] = []
    first = 1
    for number, line in enumerate([*lines, ""], start=1):
        if group and line[:1] not in (" ", "\t"):
            if may_contain_plugin_secret("\n".join(group), limits, path):
                numbers.extend(range(first, first + len(group)))
            group, first = [], number
        group.append(line)
    return numbers
