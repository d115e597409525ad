from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from fisio_hooks.engine.findings import Finding


def write_json(findings: Sequence[Finding], stream: TextIO) -> None:
    json.dump(
        [finding.to_json() for finding in findings],
        stream,
        indent=2,
        ensure_ascii=False,
    )
    stream.write("\n")
