"""Report formats: text, json, github workflow commands and SARIF 2.1.0."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from fisio_hooks.engine.findings import Finding
from fisio_hooks.engine.rules import Rule

FORMATS = ("text", "json", "sarif", "github")


def write_report(
    findings: Sequence[Finding],
    output_format: str,
    stream: TextIO,
    rules: dict[str, Rule],
) -> None:
    """Write sorted ``findings`` to ``stream`` in ``output_format``."""
    if output_format == "json":
        from fisio_hooks.output.json_report import write_json

        write_json(findings, stream)
    elif output_format == "sarif":
        from fisio_hooks.output.sarif import write_sarif

        write_sarif(findings, stream, rules)
    elif output_format == "github":
        from fisio_hooks.output.github import write_github

        write_github(findings, stream)
    else:
        for finding in findings:
            stream.write(
                f"{finding.path}:{finding.line}:{finding.column}: "
                f"{finding.code} {finding.message}\n"
            )
