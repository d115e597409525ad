"""``fisio-hooks check``: collect files, run the checkers, report."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from fisio_hooks.checkers import CHECKER_MODULES, checker_for_code, load_checker
from fisio_hooks.engine import builtin
from fisio_hooks.engine.findings import Finding
from fisio_hooks.engine.jobs import FileJob, process_file
from fisio_hooks.engine.logs import get_logger
from fisio_hooks.engine.paths import (
    PathsError,
    changed_since,
    display_path,
    matches_any,
    relative_to_root,
    walk,
)
from fisio_hooks.engine.rules import Checker, Rule
from fisio_hooks.engine.runner import Selection
from fisio_hooks.engine.settings import SettingsError, SettingsResolver
from fisio_hooks.output import write_report

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

# Below this many files, starting worker processes costs more than it
# saves, so a commit's files are checked in this process.
PARALLEL_MIN_FILES = 64


def selected_checker_ids(requested: list[str] | None, select: list[str]) -> list[str]:
    """Return the checkers to load: those requested, narrowed to the
    families that ``--select`` can report, so unused checkers are never
    imported."""
    ids = list(dict.fromkeys(requested)) if requested else list(CHECKER_MODULES)
    families = {checker_for_code(code) for code in select if len(code) >= 4}
    if select and None not in families and not any(len(code) < 4 for code in select):
        ids = [checker_id for checker_id in ids if checker_id in families]
    return ids


def collect_files(
    arguments: argparse.Namespace, resolver: SettingsResolver
) -> list[FileJob]:
    """Return the files to check in sorted, de-duplicated order.

    Folders are walked with the excludes of their own settings; files
    named directly (as pre-commit names them) are dropped when their
    settings exclude them.
    """
    paths = [Path(path) for path in arguments.paths] or [Path(".")]
    candidates: list[tuple[Path, bool]] = []
    if arguments.changed_since:
        changed = changed_since(arguments.changed_since, Path.cwd())
        scopes = [Path(path).resolve() for path in paths]
        candidates = [
            (file, True)
            for file in changed
            if any(file == scope or scope in file.parents for scope in scopes)
        ]
    else:
        for path in paths:
            settings = resolver.for_path(path)
            candidates.extend(walk([path], settings.project_root, settings.exclude))
    files: dict[str, FileJob] = {}
    for path, named in candidates:
        settings = resolver.for_path(path)
        excluded = named and matches_any(
            relative_to_root(path, settings.project_root), settings.exclude
        )
        if not excluded:
            display = display_path(path)
            files.setdefault(display, (path, display, settings))
    return [files[key] for key in sorted(files)]


def run_check(arguments: argparse.Namespace) -> int:
    checker_ids = selected_checker_ids(arguments.checker, arguments.select)
    checkers = tuple(load_checker(checker_id) for checker_id in checker_ids)
    selection = Selection(checkers, tuple(arguments.select), tuple(arguments.ignore))
    try:
        config = Path(arguments.config) if arguments.config else None
        resolver = SettingsResolver(config, Path.cwd())
        files = collect_files(arguments, resolver)
    except SettingsError as error:
        return _usage_error(f"invalid configuration: {error}")
    except PathsError as error:
        return _usage_error(str(error))

    findings, fixed, diffs, internal_error = _check_files(files, selection, arguments)

    if arguments.diff:
        sys.stdout.write("".join(diffs))
    else:
        write_report(findings, arguments.format, sys.stdout, _rules_by_code(checkers))
    _summarize(findings, fixed, len(files), arguments)

    if internal_error:
        return EXIT_ERROR
    if arguments.exit_zero:
        return EXIT_CLEAN
    if findings or (arguments.diff and diffs):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _check_files(
    files: list[FileJob],
    selection: Selection,
    arguments: argparse.Namespace,
) -> tuple[list[Finding], int, list[str], bool]:
    mode = "diff" if arguments.diff else "fix" if arguments.fix else "check"
    if arguments.verbose:
        logger = get_logger(__name__)
        for _, display, settings in files:
            logger.debug(
                "checking %s with settings from %s", display, settings.config_path
            )
    if len(files) >= PARALLEL_MIN_FILES and (os.cpu_count() or 1) > 1:
        from fisio_hooks.engine.parallel import process_in_pool

        outcomes = process_in_pool(files, selection, mode)
    else:
        outcomes = [process_file(job, selection, mode) for job in files]

    findings: list[Finding] = []
    diffs: list[str] = []
    fixed = 0
    internal_error = False
    for outcome in outcomes:
        findings.extend(outcome.findings)
        fixed += outcome.fixed
        if outcome.diff:
            diffs.append(outcome.diff)
        internal_error = internal_error or outcome.internal_error
    return findings, fixed, diffs, internal_error


def _rules_by_code(checkers: tuple[Checker, ...]) -> dict[str, Rule]:
    rules = {rule.code: rule for rule in builtin.RULES}
    for checker in checkers:
        rules.update((rule.code, rule) for rule in checker.rules)
    return rules


def _summarize(
    findings: list[Finding], fixed: int, file_count: int, arguments: argparse.Namespace
) -> None:
    fixable = sum(
        1 for finding in findings if finding.fix is not None and finding.fix.safe
    )
    parts = []
    if arguments.fix:
        parts.append(f"Fixed {fixed} finding{'s' * (fixed != 1)}.")
    if findings:
        count = len(findings)
        line = (
            f"Found {count} finding{'s' * (count != 1)} in {file_count} "
            f"file{'s' * (file_count != 1)}"
        )
        if fixable and not (arguments.fix or arguments.diff):
            line += f" ({fixable} fixable with --fix)"
        parts.append(line + ".")
    elif not arguments.diff:
        parts.append(f"All checks passed ({file_count} file{'s' * (file_count != 1)}).")
    if arguments.format == "text" or arguments.verbose or arguments.fix:
        for part in parts:
            print(part, file=sys.stderr)


def _usage_error(message: str) -> int:
    print(f"fisio-hooks: error: {message}", file=sys.stderr)
    return EXIT_ERROR
