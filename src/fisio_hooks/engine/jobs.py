"""One file's whole job (check, fix or diff), the unit of parallel work."""

from typing import NamedTuple

from fisio_hooks.engine.findings import Finding
from fisio_hooks.engine.runner import FileChecker, Selection, check_path
from fisio_hooks.engine.settings import Settings

# A file to check: its path, how output shows it, and its settings.
FileJob = tuple[str, str, Settings]


class FileOutcome(NamedTuple):
    """What one file's job produced, sent back from a worker process."""

    findings: list[Finding]
    internal_error: bool = False
    fixed: int = 0
    diff: str = ""
    checked: bool = True


def process_file(job: FileJob, selection: Selection, mode: str) -> FileOutcome:
    """Check one file; with ``mode`` "fix" write its fixes, with "diff"
    return them as a unified diff."""
    path, display, settings = job
    if mode == "check":
        result = check_path(path, display, settings, selection)
        return FileOutcome(
            result.findings, result.internal_error, checked=result.checked
        )

    from fisio_hooks.engine.fixing import fix_path, unified_diff, write_fix

    outcome = fix_path(FileChecker(path, display, settings, selection))
    file_outcome = FileOutcome(
        outcome.result.findings,
        outcome.result.internal_error,
        checked=outcome.result.checked,
    )
    if outcome.new_text is None:
        return file_outcome
    if mode == "diff":
        return file_outcome._replace(diff=unified_diff(outcome))
    not_written = write_fix(FileChecker(path, display, settings, selection), outcome)
    if not_written is not None:
        findings = sorted(
            [*outcome.original_findings, not_written], key=Finding.sort_key
        )
        return file_outcome._replace(findings=findings)
    return file_outcome._replace(fixed=outcome.fixed)
