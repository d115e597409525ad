"""``fisio-hooks baseline``: write or update ``.secrets.baseline``.

The file is detect-secrets' own baseline format, so ``detect-secrets
audit`` reads it. Each secret the secrets checker reports (its
allowlists and ``noqa`` comments applied) is recorded by file, type and
SHA-1 hash. An update keeps three things: the audit fields
(``is_secret``, ``is_verified`` and any other key) of entries still
found, the entries of files outside the scanned paths while the file
exists, and the baseline's ``plugins_used`` and ``filters_used``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

from fisio_hooks.checkers.secrets.baseline import BaselineError, load_baseline
from fisio_hooks.checkers.secrets.candidates import Candidate
from fisio_hooks.engine.paths import clean_path, display_path, relative_to_root, walk
from fisio_hooks.engine.settings import Settings, SettingsError, load_settings

LOG = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_ERROR = 2

Entry = dict[str, Any]


def run_baseline(arguments: argparse.Namespace) -> int:
    # TODO: use the settings of each file's nearest pyproject.toml, as
    # 'check' does; one settings file (--config or the nearest one to
    # the current folder) applies to every path here.
    try:
        config = clean_path(arguments.config) if arguments.config else None
        settings = load_settings(config)
    except SettingsError as error:
        return _error(f"invalid configuration: {error}")
    target = (
        Path(arguments.baseline)
        if arguments.baseline
        else Path(settings.project_root, settings.secrets.baseline)
    )
    if arguments.baseline:
        settings = _with_baseline(settings, target)

    paths = [clean_path(path) for path in arguments.paths] or ["."]
    repair = False
    try:
        old = load_baseline(target)
    except BaselineError as error:
        # Regenerating is how an invalid baseline is repaired, so replace
        # it with an empty one (its audit marks were unreadable anyway).
        print(f"fisio-hooks: {error}; writing a new baseline", file=sys.stderr)
        old = None
        repair = True
    try:
        if repair:
            empty = build_document({}, set(), None, Path(settings.project_root))
            write_baseline(target, json.dumps(empty, indent=2) + "\n")
        scanned, found = scan_paths(paths, settings)
        old_document = old.document if old is not None else None
        root = Path(settings.project_root)
        document = build_document(found, scanned, old_document, root)
        changed = old_document is None or _results(old_document) != document["results"]
        if changed:
            write_baseline(target, json.dumps(document, indent=2) + "\n")
    except BaselineError as error:
        return _error(str(error))
    print(_summary(target, document, changed), file=sys.stderr)
    return EXIT_OK


def _summary(target: Path, document: dict[str, Any], changed: bool) -> str:
    files = len(document["results"])
    total = sum(len(entries) for entries in document["results"].values())
    state = "wrote" if changed else "unchanged,"
    return (
        f"{display_path(str(target))}: {state} {total} secret{'s' * (total != 1)}"
        f" in {files} file{'s' * (files != 1)}"
    )


def _with_baseline(settings: Settings, target: Path) -> Settings:
    """Point the secrets setting at ``--baseline`` so that the file is
    skipped and its plugin configuration used."""

    relative = relative_to_root(str(target), settings.project_root)
    secrets = settings.secrets._replace(baseline=relative)
    return settings._replace(secrets=secrets)


def scan_paths(
    paths: list[str], settings: Settings
) -> tuple[set[str], dict[str, list[Candidate]]]:
    """Return the scanned files and the secrets found in each, both keyed
    by path relative to the project root."""
    from fisio_hooks.checkers import load_checker
    from fisio_hooks.engine.runner import FileChecker, Selection

    selection = Selection((load_checker("secrets"),))
    scanned: set[str] = set()
    found: dict[str, list[Candidate]] = {}
    for path, _ in walk(paths, settings.project_root, settings.exclude):
        checker = FileChecker(path, display_path(path), settings, selection)
        scanned.add(checker.relative_path)
        candidates = _scan_file(checker)
        if candidates:
            found[checker.relative_path] = candidates
    return scanned, found


def _scan_file(checker: Any) -> list[Candidate]:
    from fisio_hooks.checkers.secrets.scanning import find_candidates
    from fisio_hooks.engine.findings import Finding
    from fisio_hooks.engine.rules import FileContext
    from fisio_hooks.engine.source import (
        SourceError,
        decode_text,
        is_binary,
        read_bytes,
    )

    try:
        data = read_bytes(checker.path)
    except SourceError as error:
        LOG.debug("%s: skipped: %s", checker.display, error.message)
        return []
    if is_binary(data):
        return []
    source = decode_text(checker.path, checker.display, data)
    context = FileContext(source, checker.relative_path, checker.settings, "secrets")
    candidates = find_candidates(context, known_reported=True)
    findings = [candidate.to_finding(context) for candidate in candidates]
    kept = {Finding.sort_key(finding) for finding in checker.filter(findings, source)}
    return [
        candidate
        for candidate, finding in zip(candidates, findings, strict=True)
        if Finding.sort_key(finding) in kept
    ]


def build_document(
    found: dict[str, list[Candidate]],
    scanned: set[str],
    old: dict[str, Any] | None,
    root: Path,
) -> dict[str, Any]:
    """Return the baseline document, merged with ``old`` when there is one."""
    results = {
        filename: _entries(filename, candidates)
        for filename, candidates in found.items()
    }
    if old is not None:
        _merge_audit_fields(results, old.get("results", {}))
        for filename, entries in old.get("results", {}).items():
            if (
                filename not in scanned
                and filename not in results
                and (root / filename).is_file()
            ):
                results[filename] = entries
        settings_part: dict[str, Any] = {
            key: old[key] for key in ("plugins_used", "filters_used") if key in old
        }
    else:
        settings_part = _default_scan_settings()
    document: dict[str, Any] = {"version": _detect_secrets_version(), **settings_part}
    document["results"] = {filename: results[filename] for filename in sorted(results)}
    unchanged = old is not None and _results(old) == document["results"]
    document["generated_at"] = (
        old.get("generated_at", _now()) if old is not None and unchanged else _now()
    )
    return document


def _entries(filename: str, candidates: list[Candidate]) -> list[Entry]:
    """Return one entry per hash and type, at its first line, sorted as
    detect-secrets sorts them."""
    first: dict[tuple[str, str], Candidate] = {}
    for candidate in sorted(candidates, key=lambda item: (item.line, item.column)):
        first.setdefault((candidate.hashed_secret, candidate.secret_type), candidate)
    entries = [
        {
            "type": candidate.secret_type,
            "filename": filename,
            "hashed_secret": candidate.hashed_secret,
            "is_verified": False,
            "line_number": candidate.line,
        }
        for candidate in first.values()
    ]
    entries.sort(
        key=lambda entry: (entry["line_number"], entry["hashed_secret"], entry["type"])
    )
    return entries


def _merge_audit_fields(
    results: dict[str, list[Entry]], old_results: dict[str, Any]
) -> None:
    for filename, entries in results.items():
        previous = {
            (entry.get("hashed_secret"), entry.get("type")): entry
            for entry in old_results.get(filename, [])
            if isinstance(entry, dict)
        }
        for entry in entries:
            match = previous.get((entry["hashed_secret"], entry["type"]))
            if match is None:
                continue
            for key, value in match.items():
                if key not in entry:
                    entry[key] = value
            entry["is_verified"] = (
                bool(match.get("is_verified")) or entry["is_verified"]
            )


def _results(document: dict[str, Any]) -> Any:
    return document.get("results")


def _default_scan_settings() -> dict[str, Any]:
    """Return the ``plugins_used`` and ``filters_used`` of the scan that
    found the secrets: every plugin, detect-secrets' default filters."""
    from fisio_hooks.checkers.secrets import plugins

    plugins.activate({})
    from detect_secrets.settings import get_settings

    settings: dict[str, Any] = get_settings().json()
    return settings


def _detect_secrets_version() -> str:
    from detect_secrets.__version__ import VERSION

    return str(VERSION)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def write_baseline(target: Path, text: str) -> None:
    """Write the baseline atomically, as fixed files are written."""
    from fisio_hooks.engine.fixing import WriteError, write_atomically

    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        write_atomically(target, text.encode("utf-8"))
    except WriteError as error:
        raise BaselineError(f"cannot write baseline {target}: {error}") from None


def _error(message: str) -> int:
    print(f"fisio-hooks: error: {message}", file=sys.stderr)
    return EXIT_ERROR
