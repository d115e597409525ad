"""One file's whole job (check, fix or diff), the unit of parallel work."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from fisio_hooks.engine.findings import Finding
from fisio_hooks.engine.runner import FileChecker, Selection, check_path
from fisio_hooks.engine.settings import Settings

LOG = logging.getLogger(__name__)

# A file to check: its path, how output shows it, and its settings.
FileJob = tuple[Path, str, Settings]


@dataclass
class FileOutcome:
    findings: list[Finding] = field(default_factory=list)
    fixed: int = 0
    diff: str = ""
    internal_error: bool = False


def process_file(job: FileJob, selection: Selection, mode: str) -> FileOutcome:
    """Check one file; with ``mode`` "fix" write its fixes, with "diff"
    return them as a unified diff."""
    path, display, settings = job
    LOG.debug("checking %s", display)
    if mode == "check":
        result = check_path(path, display, settings, selection)
        return FileOutcome(result.findings, internal_error=result.internal_error)

    from fisio_hooks.engine.fixing import fix_path, unified_diff, write_fix

    outcome = fix_path(FileChecker(path, display, settings, selection))
    file_outcome = FileOutcome(
        outcome.result.findings, internal_error=outcome.result.internal_error
    )
    if outcome.new_text is not None:
        if mode == "diff":
            file_outcome.diff = unified_diff(outcome)
        else:
            write_fix(outcome)
            file_outcome.fixed = outcome.fixed
    return file_outcome
