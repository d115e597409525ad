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
  the same logical line by what the plugin needs after it.
- High-entropy strings are bounded: the Shannon entropy of a string of
  ``d`` distinct characters is at most log2(d), so a value above the
  limit ``L`` has more than 2**L distinct characters, and so has the run
  of the plugin's alphabet around it.

Logical lines join indented continuation lines to the line above,
because detect-secrets' INI transformer puts a key and a continued value
on one line.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

# Prefixes and shapes of the fixed-pattern plugins, each looser than the
# plugin's own regular expression.
_SIGNATURES = re.compile(
    r"""
      AKC[a-zA-Z0-9]{10}                          # ArtifactoryDetector
    | AP[0-9ABCDEF][a-zA-Z0-9]{8}
    | (?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16}  # AWSKeyDetector
    | AccountKey=                                 # AzureStorageKeyDetector
    | ://[^\s]*:[^\s]*@                           # BasicAuthDetector, Cloudant
    | [MNO][a-zA-Z0-9_-]{23,25}\.[a-zA-Z0-9_-]{6}\.  # DiscordBotTokenDetector
    | gh[pousr]_                                  # GitHubTokenDetector
    | gl(?:pat|dt|ft|soat|rt|cbt|imt|ptt|agent|oas)-|GR1348941  # GitLab
    | [0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}  # IPPublicDetector
    | eyJ                                         # JwtTokenDetector
    | -us[0-9]                                    # MailchimpDetector
    | :_authToken=                                # NpmDetector
    | T3BlbkFJ                                    # OpenAIDetector
    | BEGIN\ [A-Z0-9 ]*PRIVATE\ KEY|PuTTY-User-Key-File  # PrivateKeyDetector
    | pypi-AgE                                    # PypiTokenDetector
    | SG\.                                        # SendGridDetector
    | (?i:xox[abposr]-|hooks\.slack\.com)         # SlackDetector
    | (?i:api\.softlayer\.com)                    # SoftlayerDetector
    | sq0csp-                                     # SquareOAuthDetector
    | [rs]k_live_                                 # StripeDetector
    | [0-9]{8,10}:[0-9A-Za-z_-]{35}               # TelegramBotTokenDetector
    | (?:AC|SK)[a-z0-9]{32}                       # TwilioKeyDetector
    """,
    re.VERBOSE,
)
# A character of the current logical line: anything but a line break
# that is not followed by indentation.
_SAME_LINE = r"(?:[^\n]|\n(?=[ \t]))"
# KeywordDetector: a denylisted name, then an assignment, comparison,
# call or statement end on the same logical line.
_KEYWORD = re.compile(
    r"(?:api_?key|auth_?key|service_?key|account_?key|db_?key|database_?key"
    r"|priv_?key|private_?key|client_?key|db_?pass|database_?pass|key_?pass"
    r"|password|passwd|pwd|secret|contrase(?:ñ|n)a)" + _SAME_LINE + r"*?[=:(;]",
    re.IGNORECASE,
)
# Plugins built on an assignment regex (Cloudant, IBM Cloud IAM, IBM COS
# HMAC, SoftLayer) and AWS secret keys: a key word, then a value of at
# least 24 characters on the same logical line.
_ASSIGNED_KEY = re.compile(
    r"(?:key|pw|pass|token)" + _SAME_LINE + r"*?[A-Za-z0-9_/+-]{24}",
    re.IGNORECASE,
)
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


@dataclass(frozen=True)
class PrefilterLimits:
    """The entropy limits the high-entropy plugins run with, and whether
    a plugin this module does not know is configured."""

    base64_limit: float | None = 4.5
    hex_limit: float | None = 3.0
    unknown_plugins: bool = False


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


def may_contain_plugin_secret(text: str, limits: PrefilterLimits) -> bool:
    """Whether detect-secrets may report something in ``text``."""
    if limits.unknown_plugins:
        return True
    if _SIGNATURES.search(text) or _KEYWORD.search(text) or _ASSIGNED_KEY.search(text):
        return True
    return _has_spread_run(
        _BASE64_ALPHABET, text, limits.base64_limit
    ) or _has_spread_run(_HEX_ALPHABET, text, limits.hex_limit)


def candidate_lines(text: str, limits: PrefilterLimits) -> list[int]:
    """Return the 1-based numbers of the lines whose logical line passes
    the test on its own, for tests that check the test loses nothing."""
    numbers: list[int] = []
    group: list[str] = []
    first = 1
    for number, line in enumerate([*text.splitlines(), ""], start=1):
        if group and line[:1] not in (" ", "\t"):
            if may_contain_plugin_secret("\n".join(group), limits):
                numbers.extend(range(first, first + len(group)))
            group, first = [], number
        group.append(line)
    return numbers
