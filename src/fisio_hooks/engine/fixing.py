"""Applying safe fixes: verified, repeated to a fixed point, written atomically.

libcst is imported here and by the checkers' fixers only, so a run
without ``--fix`` or ``--diff`` never pays for it.
"""

from __future__ import annotations

import difflib
import importlib
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from fisio_hooks.engine import builtin
from fisio_hooks.engine.findings import Finding
from fisio_hooks.engine.logs import get_logger
from fisio_hooks.engine.rules import Checker, FileContext
from fisio_hooks.engine.runner import FileChecker, FileResult
from fisio_hooks.engine.source import SourceError, SourceFile, read_bytes

# Fixes can enable further fixes (a renamed name inside a fixed import);
# the loop stops at a fixed point or after this many rounds.
MAX_ROUNDS = 10

Fixer = Callable[[str, Sequence[Finding], FileContext], str]


class FixOutcome(NamedTuple):
    """The result of fixing one file: findings left, fixes applied, and
    the new text when it changed."""

    result: FileResult
    fixed: int = 0
    new_text: str | None = None
    source: SourceFile | None = None
    dropped: tuple[Finding, ...] = ()


def load_fixer(reference: str) -> Fixer:
    module_name, _, function_name = reference.partition(":")
    fixer: Fixer = getattr(importlib.import_module(module_name), function_name)
    return fixer


def fix_path(checker: FileChecker) -> FixOutcome:
    """Fix one file in memory, for the caller to write or diff."""
    try:
        data = read_bytes(checker.path)
    except SourceError as error:
        finding = checker.engine_finding(error.code, error.message)
        return FixOutcome(FileResult(checker.filter([finding], None)))

    result, source = checker.check_data(data)
    if source is None:
        return FixOutcome(result)

    original = source
    fixed = 0
    blocked: set[str] = set()
    dropped: list[Finding] = []
    for _ in range(MAX_ROUNDS):
        by_checker = _fixable(result.findings, checker.selection.checkers, blocked)
        if not by_checker:
            break
        text = source.text
        for fixable_checker, findings in by_checker.items():
            context = FileContext(
                source, checker.relative_path, checker.settings, fixable_checker.id
            )
            candidate, problem = _apply(fixable_checker, text, findings, context)
            if problem is None and candidate != text:
                problem = _verify(candidate, checker.display)
            if problem is not None:
                blocked.add(fixable_checker.id)
                dropped.append(
                    checker.engine_finding(
                        builtin.FIX_DROPPED.code,
                        f"fixes of {fixable_checker.id} dropped: {problem}; "
                        "please report this bug",
                        findings[0].line,
                        findings[0].column,
                    )
                )
                continue
            if candidate != text:
                fixed += len(findings)
                text = candidate
        if text == source.text:
            break
        source = _redecode(original, text)
        result, _ = checker.check_data(_encode(original, text))

    result.findings = sorted([*result.findings, *dropped], key=Finding.sort_key)
    new_text = source.text if source.text != original.text else None
    return FixOutcome(result, fixed, new_text, original, tuple(dropped))


def _fixable(
    findings: Sequence[Finding],
    checkers: Sequence[Checker],
    blocked: set[str],
) -> dict[Checker, list[Finding]]:
    by_id = {checker.id: checker for checker in checkers}
    grouped: dict[Checker, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.fix is None or not finding.fix.safe or finding.checker in blocked:
            continue
        owner = by_id.get(finding.checker)
        if owner is not None and owner.fixer is not None:
            grouped[owner].append(finding)
    return dict(grouped)


def _apply(
    checker: Checker, text: str, findings: list[Finding], context: FileContext
) -> tuple[str, str | None]:
    """Run a checker's fixer and return the new text, or the old text and
    the reason when the fixer raised."""
    assert checker.fixer is not None
    try:
        return load_fixer(checker.fixer)(text, findings, context), None
    except Exception as error:  # noqa: BLE001 - reported as FIS005
        get_logger(__name__).debug(
            "fixer of %s failed on %s", checker.id, context.path, exc_info=True
        )
        return text, f"the fixer raised {type(error).__name__}: {error}"


def _verify(text: str, display: str) -> str | None:
    """Return why ``text`` is not valid Python, or None when it is."""
    import libcst

    try:
        libcst.parse_module(text)
    except libcst.ParserSyntaxError as error:
        return f"the fixed file does not parse (line {error.raw_line}: {error.message})"
    try:
        compile(text, display, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:
        return f"the fixed file does not compile ({error})"
    return None


def _redecode(original: SourceFile, text: str) -> SourceFile:
    utf8 = text.encode("utf-8", errors="surrogatepass")
    return SourceFile(
        path=original.path,
        display_path=original.display_path,
        data=_encode(original, text),
        text=text,
        encoding=original.encoding,
        bom=original.bom,
        utf8=utf8,
    )


def _encode(original: SourceFile, text: str) -> bytes:
    return text.encode(original.encoding, errors="surrogateescape")


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` through a temporary file in the same
    folder, keeping the file's permission bits."""
    mode = os.stat(path).st_mode & 0o7777
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".fisio-tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_fix(outcome: FixOutcome) -> None:
    assert outcome.source is not None and outcome.new_text is not None
    write_atomically(outcome.source.path, _encode(outcome.source, outcome.new_text))


def unified_diff(outcome: FixOutcome) -> str:
    assert outcome.source is not None and outcome.new_text is not None
    name = outcome.source.display_path
    lines = difflib.unified_diff(
        outcome.source.text.splitlines(keepends=True),
        outcome.new_text.splitlines(keepends=True),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
        for line in lines
    )
