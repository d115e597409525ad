"""A cheap test of where a detect-secrets plugin may report something.

Importing detect-secrets and initialising its plugins costs more than
checking a whole commit, so files and lines pass through detect-secrets
only where this test finds that they may hold a finding. The test must
never reject a line on which detect-secrets 1.5 reports something, so
every pattern here is looser than the plugin it stands for.

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

Each hit names the plugins it stands for, so a line is passed to those
plugins only. detect-secrets parses YAML files as YAML and any file
configparser can read as INI, which puts a key and a value continued on
indented lines on one line. The file-level test therefore reads files
other than source code in logical lines, which go on over the indented
lines below them. The per-line test (``plugins_by_line``) is for files
detect-secrets reads line by line, and matches physical lines.
"""

import math
import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cache
from pathlib import PurePath
from typing import Any, NamedTuple

# The fixed-pattern plugins, each stood for by a literal that its every
# match contains and, where that literal alone is too common, a pattern
# looser than the plugin's own. A pattern runs only on text containing
# its literal, and starts with a literal where it can (a lookbehind
# stands for what comes before), because Python's re scans for a
# leading literal much faster than for a leading character class.
_SIGNATURES: tuple[tuple[str, str, str | None], ...] = (
    ("ArtifactoryDetector", "AKC", r"AKC[a-zA-Z0-9]{10}"),
    ("ArtifactoryDetector", "AP", r"AP[0-9ABCDEF][a-zA-Z0-9]{8}"),
    ("AWSKeyDetector", "A", r"(?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16}"),
    ("AzureStorageKeyDetector", "AccountKey=", None),
    ("BasicAuthDetector", "://", r"://[^\s@]*:[^\s@]*@"),
    ("CloudantDetector", "://", r"://[^\s@]*:[^\s@]*@"),
    ("DiscordBotTokenDetector", ".", r"(?<=[a-zA-Z0-9_-]{23})\.[a-zA-Z0-9_-]{6}\."),
    ("GitHubTokenDetector", "gh", r"gh[pousr]_"),
    ("GitLabTokenDetector", "gl", r"gl(?:pat|dt|ft|soat|rt|cbt|imt|ptt|agent|oas)-"),
    ("GitLabTokenDetector", "GR1348941", None),
    # Four dotted runs of up to three digits, with neither a word character
    # nor a dot around them, as detect-secrets' own pattern requires. The
    # lookbehinds spell out the first run's length, since a lookbehind
    # must have a fixed width.
    (
        "IPPublicDetector",
        ".",
        r"(?:(?<=(?<![\w.])[0-9])|(?<=(?<![\w.])[0-9]{2})|(?<=(?<![\w.])[0-9]{3}))"
        r"\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}(?::[0-9]{1,5})?(?![\w.])",
    ),
    ("JwtTokenDetector", "eyJ", None),
    ("MailchimpDetector", "-us", r"-us[0-9]"),
    ("NpmDetector", ":_authToken=", None),
    ("OpenAIDetector", "T3BlbkFJ", None),
    ("PrivateKeyDetector", "PRIVATE KEY", None),
    ("PrivateKeyDetector", "PuTTY-User-Key-File", None),
    ("PypiTokenDetector", "pypi-AgE", None),
    ("SendGridDetector", "SG.", None),
    ("SquareOAuthDetector", "sq0csp-", None),
    ("StripeDetector", "k_live_", None),
    ("TelegramBotTokenDetector", ":", r"(?<=[0-9]{8}):[0-9A-Za-z_-]{35}"),
    ("TwilioKeyDetector", "AC", r"AC[a-z0-9]{32}"),
    ("TwilioKeyDetector", "SK", r"SK[a-z0-9]{32}"),
)
# The same, matched on the lowercased text: SlackDetector and the
# SoftLayer URL are case-insensitive.
_LOWER_SIGNATURES = (
    ("SlackDetector", "xox"),
    ("SlackDetector", "hooks.slack.com"),
    ("SoftlayerDetector", "api.softlayer.com"),
)
# Plugins built on an assignment regex, and AWS secret keys: a key word,
# then a value of at least 24 characters later on the line.
ASSIGNMENT_PLUGINS = (
    "AWSKeyDetector",
    "CloudantDetector",
    "IbmCloudIamDetector",
    "IbmCosHmacDetector",
    "SoftlayerDetector",
)

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


# The alphabets of Base64HighEntropyString and HexHighEntropyString.
_BASE64_ALPHABET = r"A-Za-z0-9+/\\_=-"
_HEX_ALPHABET = r"0-9a-fA-F"


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


class Hit(NamedTuple):
    """A place in the text where ``plugin`` may report something."""

    offset: int
    plugin: str


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@cache
def _keyword_pattern(quotes_required: bool) -> re.Pattern[str]:
    """Return KeywordDetector's stand-in, matched on one line.

    It matches the name with its word suffix, then an operator (``=``,
    ``==``, ``!=``, ``:``, ``:=``, ``=>``) after optional closing quotes,
    brackets and spaces, then in source code a quote. It also matches the
    name followed by ``("`` or ``.assign("``, the name followed later by
    a quote and a semicolon, and a quote with ``==`` or ``!=`` before
    the name.
    """
    quote = r"\s*@?['\"`]" if quotes_required else ""
    return re.compile(
        rf"{_KEYWORD_NAME}\w*(?:\[[0-9]*\])?[\]'\"]{{0,2}}\s*[=!:>]{{1,3}}{quote}"
        rf"|{_KEYWORD_NAME}\w*(?:.assign)?\(\""
        rf"|{_KEYWORD_NAME}.*?['\"`];"
        rf"|['\"`]\s*[!=]{{2,3}}\s*\w*{_KEYWORD_NAME}",
        re.IGNORECASE,
    )


@cache
def _assignment_pattern() -> re.Pattern[str]:
    return re.compile(r"(?:key|pw|pass|token).*?[A-Za-z0-9_/+-]{24}", re.IGNORECASE)


def _signature_hits(text: str) -> Iterator[Hit]:
    for plugin, literal, pattern in _SIGNATURES:
        if literal not in text:
            continue
        if pattern is None:
            position = text.find(literal)
            while position != -1:
                yield Hit(position, plugin)
                position = text.find(literal, position + 1)
        else:
            for match in _compiled(pattern).finditer(text):
                yield Hit(match.start(), plugin)
    lower = text.lower()
    for plugin, literal in _LOWER_SIGNATURES:
        position = lower.find(literal)
        while position != -1:
            yield Hit(position, plugin)
            position = lower.find(literal, position + 1)


def _line_at(text: str, index: int, logical: bool) -> tuple[str, int, int]:
    """Return the line around ``index`` with its start and end offsets.

    A logical line goes on over the indented lines below it (and starts
    at the first unindented line above), joined with spaces.
    """
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    end = len(text) if end == -1 else end
    if logical:
        while start > 0 and text[start : start + 1] in (" ", "\t"):
            start = text.rfind("\n", 0, start - 1) + 1
        while end < len(text) and text[end + 1 : end + 2] in (" ", "\t"):
            following = text.find("\n", end + 1)
            end = len(text) if following == -1 else following
    return text[start:end].replace("\n", " "), start, end


def _name_hits(text: str, logical: bool, quotes_required: bool) -> Iterator[Hit]:
    lower = text.lower()
    keyword = _keyword_pattern(quotes_required)
    assignment = _assignment_pattern()
    position = 0
    while True:
        found = _NAME_LITERALS.search(lower, position)
        if found is None:
            return
        line, start, end = _line_at(text, found.start(), logical)
        if keyword.search(line):
            yield Hit(start, "KeywordDetector")
        if assignment.search(line):
            yield from (Hit(start, plugin) for plugin in ASSIGNMENT_PLUGINS)
        position = end + 1


def _min_distinct(limit: float) -> int:
    # Entropy above ``limit`` needs more than 2**limit distinct characters.
    return math.floor(2**limit) + 1


@cache
def _run_pattern(alphabet: str, length: int) -> re.Pattern[str]:
    return re.compile(f"[{alphabet}]{{{length},}}")


def _entropy_hits(text: str, limits: PrefilterLimits, quoted: bool) -> Iterator[Hit]:
    """Yield the runs of each plugin's alphabet with enough distinct
    characters to exceed its entropy limit."""
    # NOTE: a YAML value that exists only after parsing (escapes such as
    # \x41, a quoted string continued with a backslash, !!binary data
    # split over lines) is bounded by its raw runs, not by itself.
    for plugin, alphabet, limit in (
        ("Base64HighEntropyString", _BASE64_ALPHABET, limits.base64_limit),
        ("HexHighEntropyString", _HEX_ALPHABET, limits.hex_limit),
    ):
        if limit is None:
            continue
        needed = _min_distinct(limit)
        for match in _run_pattern(alphabet, needed).finditer(text):
            start = match.start()
            if quoted and (start == 0 or text[start - 1] not in "'\""):
                continue
            if len(set(match.group())) >= needed:
                yield Hit(start, plugin)


def is_source_code(path: str, text: str) -> bool:
    """Return True when ``path`` has a language extension and ``text`` no
    ``[section]`` line, so configparser cannot read it as INI."""
    if PurePath(path).suffix not in SOURCE_SUFFIXES:
        return False
    return _section_pattern().search(text) is None


@cache
def _section_pattern() -> re.Pattern[str]:
    return re.compile(r"^\[[^\]\n]+\][ \t]*$", re.MULTILINE)


# Extensions of the file types (Go, YAML and config files) for which
# detect-secrets 1.5's KeywordDetector accepts a value without quotes.
# In every other file it needs a quoted value.
UNQUOTED_KEYWORD_SUFFIXES = frozenset(
    {
        ".go",
        ".yaml",
        ".yml",
        ".eyaml",
        ".cnf",
        ".conf",
        ".cfg",
        ".cf",
        ".ini",
        ".properties",
        ".toml",
    }
)


def hits(
    text: str,
    limits: PrefilterLimits,
    path: str = "",
    raw_lines: bool = False,
) -> Iterator[Hit]:
    """Yield the places in ``text``, the content of the file at ``path``,
    where a detect-secrets plugin may report something.

    With ``raw_lines``, the text is taken as detect-secrets reads a file
    no transformer applies to: line by line, with KeywordDetector's
    patterns for the file's type. Otherwise source code is read that way
    and other files with logical lines and unquoted values allowed.
    """
    yield from _signature_hits(text)
    if raw_lines or is_source_code(path, text):
        quotes_required = PurePath(path).suffix not in UNQUOTED_KEYWORD_SUFFIXES
        yield from _name_hits(text, False, quotes_required)
        # On raw lines the high-entropy plugins match only a whole quoted
        # string of their alphabet, which starts right after a quote.
        yield from _entropy_hits(text, limits, quoted=True)
    else:
        yield from _name_hits(text, True, False)
        yield from _entropy_hits(text, limits, quoted=False)


def may_contain_plugin_secret(
    text: str, limits: PrefilterLimits, path: str = ""
) -> bool:
    """Return True when detect-secrets may report something in ``text``."""
    if limits.unknown_plugins:
        return True
    return next(hits(text, limits, path), None) is not None


# The extensions detect-secrets' YAML transformer parses.
YAML_SUFFIXES = frozenset({".yaml", ".yml", ".eyaml"})


def may_be_ini(text: str) -> bool:
    """Return False when configparser cannot read ``text`` as INI.

    configparser raises MissingSectionHeaderError unless its first line
    that is neither blank nor a ``#`` or ``;`` comment is a section
    header, ``[...]`` once stripped. This looser test lets a caller skip
    detect-secrets' INI transformer for most files.
    """
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped or stripped[0] in "#;":
            continue
        return stripped.startswith("[") and "]" in stripped[2:]
    return False


def split_lines(text: str) -> list[str]:
    """Split ``text`` at each ``\\n``, dropping a ``\\r`` before it.

    Line numbers then agree with the engine's and with detect-secrets'
    reading of ``\\n`` and ``\\r\\n`` files. ``str.splitlines`` would
    also split at form feeds and other separators that neither splits at.
    """
    return [line.removesuffix("\r") for line in text.split("\n")]


def plugins_by_line(
    text: str, limits: PrefilterLimits, path: str
) -> dict[int, set[str]]:
    """Return, for each 1-based line where a plugin may report something
    when detect-secrets reads the file line by line, the plugins that may."""
    starts = [0]
    position = text.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    lines: dict[int, set[str]] = {}
    for hit in hits(text, limits, path, raw_lines=True):
        lines.setdefault(bisect_right(starts, hit.offset), set()).add(hit.plugin)
    return lines


def candidate_lines(text: str, limits: PrefilterLimits, path: str = "") -> list[int]:
    """Return the 1-based numbers of the lines that pass the test (with
    their indented continuation lines outside source code), for tests
    that check the test loses nothing."""
    if is_source_code(path, text):
        return sorted(plugins_by_line(text, limits, path))
    numbers: list[int] = []
    group: list[str] = []
    first = 1
    for number, line in enumerate([*split_lines(text), ""], start=1):
        if group and line[:1] not in (" ", "\t"):
            if may_contain_plugin_secret("\n".join(group), limits, path):
                numbers.extend(range(first, first + len(group)))
            group, first = [], number
        group.append(line)
    return numbers
