"""GitHub Actions workflow commands, which annotate the pull request."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from fisio_hooks.engine.findings import Finding


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def write_github(findings: Sequence[Finding], stream: TextIO) -> None:
    for finding in findings:
        properties = ",".join(
            [
                f"file={_escape_property(finding.path)}",
                f"line={finding.line}",
                f"col={finding.column}",
                f"endLine={finding.end_line}",
                f"endColumn={finding.end_column}",
                f"title={_escape_property(f'{finding.code} ({finding.checker})')}",
            ]
        )
        message = _escape_data(f"{finding.code} {finding.message}")
        stream.write(f"::error {properties}::{message}\n")
