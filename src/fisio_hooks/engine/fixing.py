"""Applying safe fixes: verified, repeated to a fixed point, written atomically.

libcst is imported here and by the checkers' fixers only, so a run
without ``--fix`` or ``--diff`` never pays for it.
"""

import contextlib
import difflib
import importlib
import os
import tempfile
from collections import Counter, defaultdict
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
    # The findings before any fix, reported when the fix is not written.
    original_findings: tuple[Finding, ...] = ()


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
    checkers = checker.selection.checkers
    if source is None or not _fixable(result.findings, checkers, set()):
        return FixOutcome(result)
    refusal = _refuse_to_fix(checker, source)
    if refusal is not None:
        result.findings = sorted([*result.findings, refusal], key=Finding.sort_key)
        return FixOutcome(result)

    original = source
    original_findings = tuple(result.findings)
    blocked: set[str] = set()
    dropped: list[Finding] = []
    for _ in range(MAX_ROUNDS):
        by_checker = _fixable(result.findings, checkers, blocked)
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
                dropped.append(_dropped(checker, fixable_checker, findings[0], problem))
            else:
                text = candidate
        if text == source.text:
            break
        source = _redecode(original, text)
        result, _ = checker.check_data(_encode(original, text))

    fixed = _count_fixed(checker, data, result.findings)
    result.findings = sorted([*result.findings, *dropped], key=Finding.sort_key)
    new_text = source.text if source.text != original.text else None
    return FixOutcome(
        result, fixed, new_text, original, tuple(dropped), original_findings
    )


def _refuse_to_fix(checker: FileChecker, source: SourceFile) -> Finding | None:
    """Return why the file must not be fixed at all, or None.

    The interpreter must accept the file: it rejects nesting deeper than
    200 brackets, which tree-sitter accepts and which can crash libcst's
    parser. libcst must also reproduce the file byte for byte. It does
    not when a line starts with a form feed or the file ends in a lone
    carriage return, so fixing such a file would change other lines.
    """
    try:
        compile(
            source.text, checker.display, "exec", ast_only_flag(), dont_inherit=True
        )
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        line = getattr(error, "lineno", None) or 1
        message = getattr(error, "msg", None) or str(error) or type(error).__name__
        return checker.engine_finding(
            builtin.SYNTAX_ERROR.code, f"syntax error: {message}; not fixed", line
        )
    import libcst

    try:
        round_trip = libcst.parse_module(source.text).code
    except (libcst.ParserSyntaxError, RecursionError) as error:
        return checker.engine_finding(
            builtin.FIX_DROPPED.code,
            f"not fixed: libcst cannot parse this file ({type(error).__name__})",
        )
    if round_trip != source.text:
        return checker.engine_finding(
            builtin.FIX_DROPPED.code,
            "not fixed: libcst does not reproduce this file byte for byte (a "
            "form feed at a line start or a final lone carriage return), so "
            "a fix could change other lines",
        )
    return None


def ast_only_flag() -> int:
    import ast

    return ast.PyCF_ONLY_AST


def _dropped(
    checker: FileChecker, fixable_checker: Checker, first: Finding, problem: str
) -> Finding:
    return checker.engine_finding(
        builtin.FIX_DROPPED.code,
        f"fixes of {fixable_checker.id} dropped: {problem}; please report this bug",
        first.line,
        first.column,
    )


def _count_fixed(checker: FileChecker, data: bytes, remaining: list[Finding]) -> int:
    """Count the findings with a safe fix that no longer appear, per code,
    since positions move when a fix changes the lines above."""
    before, _ = checker.check_data(data)
    fixable = Counter(
        finding.code for finding in before.findings if finding.fix and finding.fix.safe
    )
    after = Counter(finding.code for finding in remaining)
    return sum(max(0, count - after[code]) for code, count in fixable.items())


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


def write_atomically(path: Path, data: bytes, expected: bytes | None = None) -> None:
    """Replace ``path`` with ``data`` through a temporary file in the same
    folder, keeping the file's permission bits and, where allowed, owner.

    A symbolic link is followed, so its target is replaced. With
    ``expected``, the file must still hold exactly those bytes just
    before the rename, or :class:`WriteError` is raised and nothing is
    written. Other ``OSError`` failures are raised as :class:`WriteError`.
    """
    target = Path(os.path.realpath(path))
    try:
        status = os.stat(target) if target.exists() else None
        if status is not None and status.st_nlink > 1:
            raise WriteError(
                f"the file has {status.st_nlink} hard links, which a rename "
                "would split; fix it with --diff and patch instead"
            )
        descriptor, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".fisio-tmp"
        )
    except OSError as error:
        raise WriteError(f"cannot write in {target.parent}: {error.strerror}") from None
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if status is None:
            # A new file gets the mode the user's umask gives new files.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        else:
            os.chmod(temporary, status.st_mode & 0o7777)
            _keep_owner(temporary, status)
        if expected is not None and target.read_bytes() != expected:
            raise WriteError("the file changed while it was being fixed; run again")
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise WriteError(f"cannot replace {target.name}: {error.strerror}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class WriteError(Exception):
    """A fixed file that could not be written; the original is intact."""


def _keep_owner(temporary: str, status: os.stat_result) -> None:
    if status.st_uid == os.geteuid() and status.st_gid == os.getegid():
        return
    # Only root may give a file away. For any other user, the fixed file
    # belongs to the user who runs the fix, as an editor would leave it.
    with contextlib.suppress(PermissionError):
        os.chown(temporary, status.st_uid, status.st_gid)


def write_fix(checker: FileChecker, outcome: FixOutcome) -> Finding | None:
    """Write a fixed file, or return an FIS006 finding saying why not."""
    assert outcome.source is not None and outcome.new_text is not None
    data = _encode(outcome.source, outcome.new_text)
    try:
        write_atomically(Path(outcome.source.path), data, expected=outcome.source.data)
    except WriteError as error:
        return checker.engine_finding(
            builtin.FIX_NOT_WRITTEN.code, f"fixes not written: {error}"
        )
    return None


def unified_diff(outcome: FixOutcome) -> str:
    assert outcome.source is not None and outcome.new_text is not None
    name = outcome.source.display_path
    lines = difflib.unified_diff(
        _patch_lines(outcome.source.text),
        _patch_lines(outcome.new_text),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    )
    marker = "\\ No newline at end of file\n"
    return "".join(
        line if line.endswith("\n") else f"{line}\n{marker}" for line in lines
    )


def _patch_lines(text: str) -> list[str]:
    """Split ``text`` into lines as patch and git apply read them: at
    ``\\n`` only, so ``\\r``, form feeds and U+2028 stay inside a line."""
    lines = text.split("\n")
    last = lines.pop()
    result = [line + "\n" for line in lines]
    if last:
        result.append(last)
    return result
