"""Running every check on one file and keeping what must be reported."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path, PurePath

from fisio_hooks.checkers.secrets.allowlist import is_line_allowlisted
from fisio_hooks.checkers.secrets.baseline import Baseline, load_baseline
from fisio_hooks.checkers.secrets.candidates import Candidate
from fisio_hooks.checkers.secrets.connection_strings import find_connection_strings
from fisio_hooks.checkers.secrets.env_files import find_env_values, is_env_file
from fisio_hooks.checkers.secrets.key_pairs import find_key_pairs
from fisio_hooks.checkers.secrets.placeholders import is_placeholder
from fisio_hooks.checkers.secrets.prefilter import (
    YAML_SUFFIXES,
    may_be_ini,
    may_contain_plugin_secret,
    plugins_by_line,
    prefilter_limits,
    split_lines,
)
from fisio_hooks.engine.logs import get_logger
from fisio_hooks.engine.paths import is_python_path
from fisio_hooks.engine.rules import FileContext


def baseline_path(context: FileContext) -> Path:
    return Path(context.settings.project_root, context.settings.secrets.baseline)


def is_python_file(context: FileContext) -> bool:
    if is_python_path(context.path):
        return True
    first_line = context.source.text[:128].split("\n", 1)[0]
    return first_line.startswith("#!") and "python" in first_line


def own_candidates(context: FileContext, lines: list[str]) -> list[Candidate]:
    """Return the findings of FIS501-FIS504 in one file."""
    found = [*find_connection_strings(lines), *find_key_pairs(lines)]
    if is_env_file(context.path):
        # A connection string in an environment file is reported as
        # FIS501, the more precise code, not again as FIS504.
        found.extend(
            value
            for value in find_env_values(context.path, lines)
            if not any(value.overlaps(other) for other in found)
        )
    if is_python_file(context):
        from fisio_hooks.checkers.secrets.credentials import find_credentials

        found.extend(find_credentials(context.source))
    return found


def plugin_candidates(
    context: FileContext,
    lines: list[str],
    baseline: Baseline | None,
) -> list[Candidate]:
    """Return detect-secrets' findings, when the prefilter lets the file through.

    A file detect-secrets reads line by line is scanned on the lines the
    prefilter lets through, each with the plugins it may trigger. A file
    one of its transformers parses (YAML, INI) goes through ``scan_file``
    whole, as does every file when the baseline names a plugin the
    prefilter does not know.
    """
    config = baseline.scan_config if baseline is not None else {}
    limits = prefilter_limits(config)
    text = context.source.text
    path = context.source.path
    if not may_contain_plugin_secret(text, limits, context.path):
        return []
    if not os.path.isfile(path):
        # detect-secrets reads files from disk; text without a file (a
        # fix being checked) was scanned when its file was.
        return []
    from fisio_hooks.checkers.secrets import plugins

    log = get_logger(__name__)
    name = str(path)
    if limits.unknown_plugins or _transformed(context, name, eager=False):
        log.debug("%s: detect-secrets on the whole file", context.path)
        found = plugins.scan_file(name, config)
    else:
        by_line = plugins_by_line(text, limits, context.path)
        log.debug("%s: detect-secrets on %d lines", context.path, len(by_line))
        found = plugins.scan_lines(name, lines, by_line, config)
        # As scan_file does, a file with nothing on its own lines is read
        # again through the eager transformers (INI without a header).
        if not found and _transformed(context, name, eager=True):
            log.debug("%s: detect-secrets on the whole file", context.path)
            found = plugins.scan_file(name, config)
    return list(plugins.to_candidates(found, lines))


def _transformed(context: FileContext, name: str, eager: bool) -> bool:
    """Return True when a detect-secrets transformer reads the file.

    Only YAML files and text configparser may read as INI can be
    transformed, so other files skip detect-secrets' own test and the
    transformers it imports.
    """
    text = context.source.text
    if PurePath(context.path).suffix not in YAML_SUFFIXES and not may_be_ini(
        "[global]\n" + text if eager else text
    ):
        return False
    from fisio_hooks.checkers.secrets import plugins

    return plugins.transformed_lines(name, eager=eager)


def reported(
    context: FileContext,
    lines: list[str],
    candidates: list[Candidate],
    baseline: Baseline | None,
) -> Iterator[Candidate]:
    """Drop placeholders, allowlisted lines and secrets known to the baseline."""
    for candidate in candidates:
        if is_placeholder(candidate.secret):
            continue
        line = lines[candidate.line - 1] if candidate.line <= len(lines) else ""
        previous = (
            lines[candidate.line - 2] if 1 < candidate.line <= len(lines) + 1 else ""
        )
        if is_line_allowlisted(context.path, line, previous):
            continue
        if baseline is not None and baseline.is_known(
            context.relative_path, candidate.hashed_secret
        ):
            continue
        yield candidate


def find_candidates(
    context: FileContext, *, known_reported: bool = False
) -> list[Candidate]:
    """Return every secret to report in one file, ours first on a tie.

    With ``known_reported``, secrets in the baseline are returned too
    (to write a new baseline); the baseline still configures the scan.
    """
    # As detect-secrets' is_baseline_file filter does, any file named as
    # the baseline is skipped: its hashes would read as hex secrets.
    if PurePath(context.path).name == PurePath(context.settings.secrets.baseline).name:
        return []
    baseline = load_baseline(baseline_path(context))
    lines = split_lines(context.source.text)
    own = own_candidates(context, lines)
    theirs = [
        candidate
        for candidate in plugin_candidates(context, lines, baseline)
        if not any(candidate.overlaps(mine) for mine in own)
    ]
    known = None if known_reported else baseline
    return list(reported(context, lines, _unique(own + theirs), known))


def _unique(candidates: list[Candidate]) -> list[Candidate]:
    """Keep one candidate per code, line and secret: detect-secrets may
    report a value under two types, and a value may repeat on a line."""
    seen: set[tuple[str, int, int]] = set()
    kept = []
    for candidate in candidates:
        key = (candidate.code, candidate.line, candidate.column)
        if key not in seen:
            seen.add(key)
            kept.append(candidate)
    return kept
