"""SARIF 2.1.0, in the subset GitHub code scanning reads."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO
from urllib.parse import quote

from fisio_hooks import __version__
from fisio_hooks.engine.findings import Finding
from fisio_hooks.engine.rules import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _rule_entry(code: str, rule: Rule | None) -> dict[str, Any]:
    if rule is None:
        return {"id": code}
    entry: dict[str, Any] = {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation},
        "help": {"text": f"fisio-hooks rule {code}"},
        "defaultConfiguration": {"level": "error"},
    }
    return entry


def _artifact_location(path: str) -> dict[str, str]:
    """Return a SARIF artifact location: a percent-encoded URI relative to
    the source root, or a file URI for a path outside it."""
    if path.startswith("/"):
        return {"uri": "file://" + quote(path)}
    return {"uri": quote(path), "uriBaseId": "%SRCROOT%"}


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    region = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
    }
    return {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": "error",
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact_location(finding.path),
                    "region": region,
                }
            }
        ],
        "properties": {"checker": finding.checker},
    }


def write_sarif(
    findings: Sequence[Finding], stream: TextIO, rules: dict[str, Rule]
) -> None:
    codes = sorted({finding.code for finding in findings})
    index = {code: position for position, code in enumerate(codes)}
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "fisio-hooks",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule_entry(code, rules.get(code)) for code in codes],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [
                    _result(finding, index[finding.code]) for finding in findings
                ],
            }
        ],
    }
    json.dump(document, stream, indent=2, ensure_ascii=False)
    stream.write("\n")
