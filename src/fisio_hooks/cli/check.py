"""``fisio-hooks check``: collect files, run the checkers, report."""

import argparse
import os
import sys
from typing import NamedTuple

from fisio_hooks.checkers import CHECKER_MODULES, checker_for_code, load_checker
from fisio_hooks.engine import builtin
from fisio_hooks.engine.findings import Finding
from fisio_hooks.engine.jobs import FileJob, process_file
from fisio_hooks.engine.logs import get_logger
from fisio_hooks.engine.paths import (
    PathsError,
    changed_since,
    clean_path,
    display_path,
    matches_any,
    relative_part,
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

    Every file, walked or named directly as pre-commit names them, is
    dropped when the excludes of its own settings match it.
    """
    paths = [clean_path(path) for path in arguments.paths] or ["."]
    candidates: list[tuple[str, bool]] = []
    if arguments.changed_since:
        changed = changed_since(arguments.changed_since, os.getcwd())
        scopes = [os.path.realpath(path) for path in paths]
        candidates = [
            (file, True)
            for file in changed
            if any(relative_part(file, scope) is not None for scope in scopes)
        ]
    else:
        for path in paths:
            settings = resolver.for_path(path)
            candidates.extend(walk([path], settings.project_root, settings.exclude))
    files: dict[str, FileJob] = {}
    for path, _ in candidates:
        # Each file's own settings decide, so the excludes of a nested
        # pyproject.toml apply when a parent folder is walked too.
        settings = resolver.for_path(path)
        relative = relative_to_root(path, settings.project_root)
        if not matches_any(relative, settings.exclude):
            display = display_path(path)
            files.setdefault(display, (path, display, settings))
    return [files[key] for key in sorted(files)]


def run_check(arguments: argparse.Namespace) -> int:
    if arguments.diff and arguments.format != "text":
        return _usage_error(
            f"--diff prints a unified diff and cannot be combined with"
            f" --format {arguments.format}; leave out one of them"
        )
    if any(not path for path in arguments.paths):
        return _usage_error("an empty PATH was given; name a file or folder")
    checker_ids = selected_checker_ids(arguments.checker, arguments.select)
    checkers = tuple(load_checker(checker_id) for checker_id in checker_ids)
    selection = Selection(checkers, tuple(arguments.select), tuple(arguments.ignore))
    try:
        config = clean_path(arguments.config) if arguments.config else None
        resolver = SettingsResolver(config, os.getcwd())
        files = collect_files(arguments, resolver)
    except SettingsError as error:
        return _usage_error(f"invalid configuration: {error}")
    except PathsError as error:
        return _usage_error(str(error))

    totals = _check_files(files, selection, arguments)

    try:
        if arguments.diff:
            sys.stdout.write("".join(totals.diffs))
        else:
            rules = _rules_by_code(checkers)
            write_report(totals.findings, arguments.format, sys.stdout, rules)
        sys.stdout.flush()
    except BrokenPipeError:
        raise  # the reader went away: main() stops quietly
    except OSError as error:
        print(
            f"fisio-hooks: error: writing the report failed: {error.strerror}",
            file=sys.stderr,
        )
        return EXIT_ERROR
    _summarize(totals, arguments)

    if totals.internal_error:
        return EXIT_ERROR
    if arguments.exit_zero:
        return EXIT_CLEAN
    if totals.findings or (arguments.diff and totals.diffs):
        return EXIT_FINDINGS
    return EXIT_CLEAN


class RunTotals(NamedTuple):
    findings: list[Finding]
    fixed: int
    diffs: list[str]
    internal_error: bool
    # Files that a selected checker took, as the summary counts them.
    checked_files: int


def _check_files(
    files: list[FileJob],
    selection: Selection,
    arguments: argparse.Namespace,
) -> RunTotals:
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
    for outcome in outcomes:
        findings.extend(outcome.findings)
        if outcome.diff:
            diffs.append(outcome.diff)
    return RunTotals(
        findings=findings,
        fixed=sum(outcome.fixed for outcome in outcomes),
        diffs=diffs,
        internal_error=any(outcome.internal_error for outcome in outcomes),
        checked_files=sum(outcome.checked for outcome in outcomes),
    )


def _rules_by_code(checkers: tuple[Checker, ...]) -> dict[str, Rule]:
    rules = {rule.code: rule for rule in builtin.RULES}
    for checker in checkers:
        rules.update((rule.code, rule) for rule in checker.rules)
    return rules


def _summarize(totals: RunTotals, arguments: argparse.Namespace) -> None:
    findings = totals.findings
    file_count = totals.checked_files
    files = f"{file_count} file{'s' * (file_count != 1)}"
    fixable = sum(
        1 for finding in findings if finding.fix is not None and finding.fix.safe
    )
    parts = []
    if arguments.fix:
        parts.append(f"Fixed {totals.fixed} finding{'s' * (totals.fixed != 1)}.")
    if findings:
        count = len(findings)
        line = f"Found {count} finding{'s' * (count != 1)} in {files}"
        if fixable and not (arguments.fix or arguments.diff):
            line += f" ({fixable} fixable with --fix)"
        parts.append(line + ".")
    elif not arguments.diff:
        parts.append(f"All checks passed ({files}).")
    if arguments.format == "text" or arguments.verbose or arguments.fix:
        for part in parts:
            print(part, file=sys.stderr)


def _usage_error(message: str) -> int:
    print(f"fisio-hooks: error: {message}", file=sys.stderr)
    return EXIT_ERROR
