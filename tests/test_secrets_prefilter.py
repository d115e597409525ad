"""The prefilter must let through every file detect-secrets reports on."""

from __future__ import annotations

import random
import re
import string
from pathlib import Path

import pytest

from fisio_hooks.checkers.secrets import plugins
from fisio_hooks.checkers.secrets.candidates import hash_secret
from fisio_hooks.checkers.secrets.prefilter import (
    KNOWN_PLUGINS,
    PrefilterLimits,
    candidate_lines,
    may_contain_plugin_secret,
)
from tests.conftest import FIXTURES, REPOSITORY

DEFAULTS = PrefilterLimits()
TEST_DATA = (
    REPOSITORY / "realworld" / ".cache" / "detect-secrets-test-data" / "test_data"
)

_RANDOM = random.Random(7)
_LETTERS = string.ascii_letters + string.digits
_HEX = "0123456789abcdef"
_LOWER = string.ascii_lowercase + string.digits
_UPPER = string.ascii_uppercase + string.digits


def _fake(alphabet: str, length: int) -> str:
    return "".join(_RANDOM.choice(alphabet) for _ in range(length))


# One line per plugin that the plugin reports, built from random parts so
# that no real credential is written here.
EXAMPLES = {
    "ArtifactoryDetector": f'artifactory = "AKC{_fake(_LETTERS, 30)}"',
    "AWSKeyDetector": f'key_id = "AKIA{_fake(_UPPER, 16)}"',
    "AzureStorageKeyDetector": f'conn = "AccountKey={_fake(_LETTERS, 86)}=="',
    "Base64HighEntropyString": f'salt = "{_fake(_LETTERS, 40)}"',
    "BasicAuthDetector": f'url = "https://reporter:{_fake(_LETTERS, 12)}@example.com/"',
    "CloudantDetector": f'cloudant_password = "{_fake(_HEX, 64)}"',
    "DiscordBotTokenDetector": (
        f'bot = "M{_fake(_LETTERS, 23)}.{_fake(_LETTERS, 6)}.{_fake(_LETTERS, 27)}"'
    ),
    "GitHubTokenDetector": f'gh = "ghp_{_fake(_LETTERS, 36)}"',
    "GitLabTokenDetector": f'gl = "glpat-{_fake(_LETTERS, 20)}"',
    "HexHighEntropyString": f'digest = "{_fake(_HEX, 40)}"',
    "IbmCloudIamDetector": f'ibm_cloud_iam_api_key = "{_fake(_LETTERS, 44)}"',
    "IbmCosHmacDetector": f'ibm_cos_hmac_secret_access_key = "{_fake(_HEX, 48)}"',
    "JwtTokenDetector": (
        # pragma: allowlist nextline secret
        'jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJmaXNpbyJ9.'
        f'{_fake(_LETTERS, 22)}"'
    ),
    "KeywordDetector": f'password = "{_fake(_LETTERS, 12)}"',
    "MailchimpDetector": f'mc = "{_fake(_LOWER, 32)}-us12"',
    # pragma: allowlist nextline secret
    "NpmDetector": f"//registry.npmjs.org/:_authToken=npm_{_fake(_LETTERS, 36)}",
    "OpenAIDetector": (
        f'openai = "sk-{_fake(_LETTERS, 20)}T3BlbkFJ{_fake(_LETTERS, 20)}"'
    ),
    "PrivateKeyDetector": "-----BEGIN RSA PRIVATE KEY-----",  # pragma: allowlist secret
    "PypiTokenDetector": f'pypi = "pypi-AgEIcHlwaS5vcmc{_fake(_LETTERS, 70)}"',
    "SendGridDetector": f'sg = "SG.{_fake(_LETTERS, 22)}.{_fake(_LETTERS, 43)}"',
    "SlackDetector": f'slack = "xoxb-{_fake(string.digits, 12)}-{_fake(_LOWER, 24)}"',
    "SoftlayerDetector": f'softlayer_api_key = "{_fake(_LOWER, 64)}"',
    "SquareOAuthDetector": f'square = "sq0csp-{_fake(_LETTERS, 43)}"',
    "StripeDetector": f'stripe = "sk_live_{_fake(_LETTERS, 24)}"',
    "TelegramBotTokenDetector": (
        f'telegram = "{_fake(string.digits, 9)}:{_fake(_LETTERS, 35)}"'
    ),
    "TwilioKeyDetector": f'twilio = "AC{_fake(_LOWER, 32)}"',
}
# IPPublicDetector has no example: detect-secrets 1.5's default filter
# is_not_alphanumeric_string drops every value without a letter, and an
# IPv4 address has none.
WITHOUT_EXAMPLE = {"IPPublicDetector"}


def _installed_plugins() -> set[str]:
    return {plugin["name"] for plugin in plugins.default_plugins()}


def test_known_plugins_match_installed() -> None:
    assert _installed_plugins() == set(KNOWN_PLUGINS)


def test_every_plugin_has_example() -> None:
    assert set(EXAMPLES) | WITHOUT_EXAMPLE == set(KNOWN_PLUGINS)


@pytest.mark.parametrize("plugin", sorted(EXAMPLES))
def test_example_reported_by_plugin(plugin: str, tmp_path: Path) -> None:
    path = tmp_path / "example.txt"
    path.write_text(EXAMPLES[plugin] + "\n", encoding="utf-8")
    reported = {found.plugin for found in plugins.scan_file(str(path), {})}
    assert plugin in reported


@pytest.mark.parametrize("plugin", sorted(EXAMPLES))
def test_example_passes_prefilter(plugin: str) -> None:
    assert may_contain_plugin_secret(EXAMPLES[plugin], DEFAULTS)


# The shapes of KeywordDetector's patterns, each with a made-up value.
_VALUE = _fake(_LETTERS, 14)
KEYWORD_SHAPES = (
    f'password = "{_VALUE}"',
    f"api_key: '{_VALUE}'",
    f"db_password: {_VALUE}",
    f"secret := {_VALUE}",
    f'secret := "{_VALUE}"',
    f'"{_VALUE}" == password',
    f'"{_VALUE}" !== userPassword',
    f'private_key "{_VALUE}";',
    f'std::string secret("{_VALUE}");',
    f'secret.assign("{_VALUE}",17);',
    f'char my_password[25] = "{_VALUE}";',
    f'NSString *password = @"{_VALUE}";',
    f'my_password => "{_VALUE}"',
    f"password = {_VALUE}",
    f"DB_PASS={_VALUE}",
    f'  "client_key": "{_VALUE}",',
    f'config["api_key"] = "{_VALUE}"',
)


# detect-secrets picks its keyword patterns and transformers by extension.
SUFFIXES = (".py", ".go", ".js", ".yaml", ".ini", ".toml", ".env", ".md", "")


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_examples_pass_per_suffix(suffix: str, tmp_path: Path) -> None:
    lost = []
    for plugin, line in sorted(EXAMPLES.items()):
        path = tmp_path / f"{plugin}{suffix}"
        path.write_text(line + "\n", encoding="utf-8")
        reported = plugins.scan_file(str(path), {})
        if reported and not may_contain_plugin_secret(line + "\n", DEFAULTS, path.name):
            lost.append(plugin)
    assert lost == []


@pytest.mark.parametrize("suffix", (*SUFFIXES, ".c", ".cpp", ".m", ".java"))
def test_keyword_shapes_pass_per_suffix(suffix: str, tmp_path: Path) -> None:
    lost = []
    for number, line in enumerate(KEYWORD_SHAPES):
        path = tmp_path / f"shape{number}{suffix}"
        path.write_text(line + "\n", encoding="utf-8")
        reported = plugins.scan_file(str(path), {})
        if reported and not may_contain_plugin_secret(line + "\n", DEFAULTS, path.name):
            lost.append(number)
    assert lost == []


@pytest.mark.parametrize(
    "text",
    [
        "import os\n\nTOKEN = os.environ['API_TOKEN']\n",
        "def total(items):\n    return sum(item.price for item in items)\n",
        "# Reporting\n\nRun `make report` to build the monthly report.\n",
        'LOG.info("checked %d files", count)\n',
    ],
    ids=["environment", "function", "markdown", "logging"],
)
def test_plain_text_skipped(text: str) -> None:
    assert not may_contain_plugin_secret(text, DEFAULTS)


@pytest.mark.parametrize(
    ("alphabet", "limit", "plugin"),
    [
        (
            string.ascii_letters + string.digits + "+/-_=",
            4.5,
            "Base64HighEntropyString",
        ),
        ("0123456789abcdef", 3.0, "HexHighEntropyString"),
    ],
    ids=["base64", "hex"],
)
def test_entropy_bound_holds(alphabet: str, limit: float, plugin: str) -> None:
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    classes = {
        cls.__name__: cls for cls in get_mapping_from_secret_type_to_class().values()
    }
    detector = classes[plugin]()
    generator = random.Random(11)
    missed = 0
    for _ in range(3000):
        length = generator.randint(6, 48)
        size = generator.randint(2, len(alphabet))
        letters = generator.sample(alphabet, size)
        value = "".join(generator.choice(letters) for _ in range(length))
        above = detector.calculate_shannon_entropy(value) > limit
        if above and not may_contain_plugin_secret(f'value = "{value}"', DEFAULTS):
            missed += 1
    assert missed == 0


def _detect_secrets_lines(folder: Path, path: Path) -> set[int]:
    return {found.line for found in plugins.scan_file(str(path), {})}


def _check_folder(folder: Path) -> list[str]:
    """Return the files and lines detect-secrets reports that the
    prefilter would not let through."""
    lost = []
    for path in sorted(item for item in folder.rglob("*") if item.is_file()):
        data = path.read_bytes()
        if b"\0" in data[:8000]:
            continue
        text = data.decode("utf-8", errors="replace")
        reported = _detect_secrets_lines(folder, path)
        if not reported:
            continue
        name = path.name
        if not may_contain_plugin_secret(text, DEFAULTS, name):
            lost.append(f"{path.relative_to(folder)}: whole file")
            continue
        passing = set(candidate_lines(text, DEFAULTS, name))
        # A YAML or INI value can be reported on its key's line, so a
        # line is checked only where the value sits on the reported line.
        lines = text.splitlines()
        for line in sorted(reported - passing):
            if 0 < line <= len(lines) and any(
                found.secret and found.secret in lines[line - 1]
                for found in plugins.scan_file(str(path), {})
                if found.line == line
            ):
                lost.append(f"{path.relative_to(folder)}:{line}")
    return lost


def test_prefilter_keeps_fixture_findings() -> None:
    lost = _check_folder(FIXTURES / "secrets")
    assert lost == []


@pytest.mark.skipif(
    not TEST_DATA.is_dir(),
    reason=(
        "detect-secrets' test_data is not in realworld/.cache"
        " (see realworld/secrets_accuracy.py)"
    ),
)
def test_prefilter_keeps_detect_secrets_test_data() -> None:
    lost = _check_folder(TEST_DATA)
    assert lost == []


def _line_scan_differences(folder: Path) -> list[str]:
    """Return the files where the hook's use of detect-secrets (prefilter,
    then lines or the whole file) gives other findings than
    detect-secrets' whole-file scan."""
    from fisio_hooks.checkers.secrets.prefilter import split_lines
    from fisio_hooks.checkers.secrets.scanning import plugin_candidates
    from fisio_hooks.engine.rules import FileContext
    from fisio_hooks.engine.settings import Settings
    from fisio_hooks.engine.source import decode_text

    settings = Settings(project_root=str(folder))
    differences = []
    for path in sorted(item for item in folder.rglob("*") if item.is_file()):
        data = path.read_bytes()
        if b"\0" in data[:8000]:
            continue
        source = decode_text(path, str(path), data)
        if source.encoding == "latin-1":
            # detect-secrets skips files that are not UTF-8; the hook
            # scans them as Latin-1 on purpose.
            continue
        context = FileContext(source, path.name, settings, "secrets")
        whole = {
            (found.secret_type, found.line, hash_secret(found.secret))
            for found in plugins.scan_file(str(path), {})
        }
        lines = split_lines(source.text)
        partial = {
            (candidate.secret_type, candidate.line, candidate.hashed_secret)
            for candidate in plugin_candidates(context, lines, None)
        }
        if whole != partial:
            differences.append(str(path.relative_to(folder)))
    return differences


def test_line_scan_matches_file_scan() -> None:
    assert _line_scan_differences(FIXTURES / "secrets") == []


@pytest.mark.skipif(
    not TEST_DATA.is_dir(), reason="detect-secrets' test_data is not cached"
)
def test_line_scan_matches_on_test_data() -> None:
    assert _line_scan_differences(TEST_DATA) == []


@pytest.mark.parametrize(
    "suffix", [".py", ".js", ".go", ".java", ".c", ".md", ".txt", ".env", ".toml", ""]
)
def test_line_scan_matches_examples(suffix: str, tmp_path: Path) -> None:
    content = "\n".join([*EXAMPLES.values(), *KEYWORD_SHAPES]) + "\n"
    (tmp_path / f"examples{suffix}").write_text(content, encoding="utf-8")
    assert _line_scan_differences(tmp_path) == []


def test_ip_prefilter_matches_detector() -> None:
    from detect_secrets.plugins.ip_public import IPPublicDetector

    from fisio_hooks.checkers.secrets.prefilter import _SIGNATURES

    (pattern,) = [
        re.compile(regex)
        for plugin, _, regex in _SIGNATURES
        if plugin == "IPPublicDetector" and regex
    ]
    detector = IPPublicDetector()
    lines = [
        "14.30.59.000200",
        "ip = '8.8.8.8'",
        "8.8.8.8:53",
        "x1.2.3.4",
        "1.2.3.4.5",
        "1234.5.6.7",
        "(203.0.113.7)",
        "1.2.3.4:123456",
        "host=52.1.2.3,",
        "9.9.9.9.",
    ]
    for line in lines:
        found = list(detector.analyze_line(filename="a.py", line=line, line_number=1))
        if found:
            assert pattern.search(line), line
    assert pattern.search("14.30.59.000200") is None
