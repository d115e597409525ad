"""Checking files: one read, one parse, every selected checker, filtering."""

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from fisio_hooks.engine import builtin
from fisio_hooks.engine.findings import Finding
from fisio_hooks.engine.logs import get_logger
from fisio_hooks.engine.paths import is_python_path, matches_glob, relative_to_root
from fisio_hooks.engine.rules import Checker, FileContext
from fisio_hooks.engine.settings import Settings
from fisio_hooks.engine.source import (
    SourceError,
    SourceFile,
    decode_python,
    decode_text,
    is_binary,
    read_bytes,
)
from fisio_hooks.engine.suppression import SourceComments, code_matches


class Selection(NamedTuple):
    """The checkers that run and the codes they report."""

    checkers: tuple[Checker, ...]
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def reports(self, code: str) -> bool:
        if self.ignore and code_matches(code, self.ignore):
            return False
        if not self.select or code.startswith("FIS0"):
            return True
        return code_matches(code, self.select)

    @property
    def engine_checker(self) -> str:
        """The checker id engine findings carry: the only selected
        checker's, or ``fisio-hooks`` when several run."""
        if len(self.checkers) == 1:
            return self.checkers[0].id
        return builtin.ENGINE_CHECKER


class FileResult:
    """The findings of one file, and whether a checker raised on it."""

    __slots__ = ("checked", "findings", "internal_error")

    def __init__(self, findings: list[Finding] | None = None) -> None:
        self.findings: list[Finding] = findings if findings is not None else []
        self.internal_error = False
        # False when no selected checker takes this kind of file.
        self.checked = True


class FileChecker:
    """Checks one file's content with the selected checkers.

    The same object checks the original text and every fixed version of
    it, so fixes are verified by exactly the code that reports.
    """

    def __init__(
        self, path: str, display: str, settings: Settings, selection: Selection
    ):
        self.path = path
        self.display = display
        self.settings = settings
        self.selection = selection
        self.relative_path = relative_to_root(path, settings.project_root)
        self.ignored = _per_file_ignores(self.relative_path, settings)

    def engine_finding(
        self, rule_code: str, message: str, line: int = 1, column: int = 1
    ) -> Finding:
        return Finding(
            path=self.display,
            line=line,
            column=column,
            end_line=line,
            end_column=column,
            code=rule_code,
            checker=self.selection.engine_checker,
            message=message,
        )

    def check_data(self, data: bytes) -> tuple[FileResult, SourceFile | None]:
        """Check raw file content and return the result, with the Python
        source when the file was decoded as Python."""
        python_checkers = [
            c for c in self.selection.checkers if c.file_types == "python"
        ]
        text_checkers = [c for c in self.selection.checkers if c.file_types == "text"]
        is_python = is_python_path(self.path) or _has_python_shebang(data)
        result = FileResult()
        result.checked = bool(python_checkers and is_python) or bool(
            text_checkers and not is_binary(data)
        )
        python_source: SourceFile | None = None
        text_source: SourceFile | None = None

        if python_checkers and is_python:
            try:
                python_source = decode_python(self.path, self.display, data)
            except SourceError as error:
                result.findings.append(
                    self.engine_finding(error.code, error.message, error.line)
                )
            else:
                text_source = python_source
                self._check_python(python_source, python_checkers, result)

        if text_checkers and not is_binary(data):
            if text_source is None:
                text_source = decode_text(self.path, self.display, data)
            for checker in text_checkers:
                self._run(checker, text_source, result)

        if python_source is not None:
            result.findings = self.filter(result.findings, python_source, python=True)
        else:
            result.findings = self.filter(result.findings, text_source)
        return result, python_source

    def _check_python(
        self, source: SourceFile, checkers: Sequence[Checker], result: FileResult
    ) -> None:
        # NOTE: the interpreter's parser runs only where tree-sitter finds
        # an error, because running it on every file would double a
        # whole-tree run. Files only the interpreter rejects (nesting past
        # 200 brackets, syntax newer than the running Python) get no
        # FIS003 here; --fix checks them before changing anything.
        if source.root.has_error:
            error = _compile_error(source)
            if error is not None:
                result.findings.append(error.with_path(self))
                return
            # The interpreter accepts syntax that the grammar does not
            # know yet, so the rules still run on the error-tolerant tree.
            get_logger(__name__).debug(
                "%s: tree-sitter error in valid Python", self.display
            )
        for checker in checkers:
            self._run(checker, source, result)

    def _run(self, checker: Checker, source: SourceFile, result: FileResult) -> None:
        context = FileContext(
            source=source,
            relative_path=self.relative_path,
            settings=self.settings,
            checker_id=checker.id,
        )
        try:
            result.findings.extend(checker.check(context))
        except Exception as error:  # noqa: BLE001 - reported as FIS009
            get_logger(__name__).debug(
                "%s failed on %s", checker.id, self.display, exc_info=True
            )
            result.internal_error = True
            result.findings.append(
                Finding(
                    path=self.display,
                    line=1,
                    column=1,
                    end_line=1,
                    end_column=1,
                    code=builtin.INTERNAL_ERROR.code,
                    checker=checker.id,
                    message=(
                        f"internal error in checker {checker.id}: "
                        f"{type(error).__name__}: {error}; "
                        "run with --verbose for the traceback"
                    ),
                )
            )

    def filter(
        self,
        findings: Iterable[Finding],
        source: SourceFile | None,
        python: bool = False,
    ) -> list[Finding]:
        """Drop unselected, ignored and ``noqa``-suppressed findings.

        In Python source only real comments suppress, as tree-sitter finds
        them, so ``# noqa`` inside a string or docstring does not.
        """
        comments = SourceComments(source, python) if source is not None else None
        whole_file = comments.file_noqa() if comments is not None else None
        kept = []
        for finding in findings:
            code = finding.code
            if not self.selection.reports(code):
                continue
            if self.ignored and code_matches(code, self.ignored):
                continue
            if whole_file is not None and whole_file.suppresses(code):
                continue
            if comments is not None:
                noqa = comments.line_noqa(finding.line)
                if noqa is not None and noqa.suppresses(code):
                    continue
            kept.append(finding)
        kept.sort(key=Finding.sort_key)
        return kept


class _SyntaxProblem(NamedTuple):
    line: int
    column: int
    message: str

    def with_path(self, checker: FileChecker) -> Finding:
        return checker.engine_finding(
            builtin.SYNTAX_ERROR.code,
            f"syntax error: {self.message}",
            self.line,
            self.column,
        )


def _compile_error(source: SourceFile) -> _SyntaxProblem | None:
    """Return the interpreter's own syntax error, or None if it parses.

    Only the parser runs (``PyCF_ONLY_AST``), so no code is executed.
    """
    import ast

    try:
        compile(
            source.text,
            source.display_path,
            "exec",
            ast.PyCF_ONLY_AST,
            dont_inherit=True,
        )
    except SyntaxError as error:
        return _SyntaxProblem(error.lineno or 1, max(error.offset or 1, 1), error.msg)
    except (ValueError, RecursionError, MemoryError) as error:
        return _SyntaxProblem(1, 1, str(error) or type(error).__name__)
    return None


def _has_python_shebang(data: bytes) -> bool:
    if not data.startswith(b"#!"):
        return False
    first_line = data[:128].split(b"\n", 1)[0]
    return b"python" in first_line


def _per_file_ignores(relative_path: str, settings: Settings) -> tuple[str, ...]:
    codes: list[str] = []
    for pattern, ignored in settings.per_file_ignores.items():
        if matches_glob(relative_path, pattern):
            codes.extend(ignored)
    return tuple(codes)


def check_path(
    path: str, display: str, settings: Settings, selection: Selection
) -> FileResult:
    """Read and check one file, reporting an unreadable one as FIS0xx."""
    checker = FileChecker(path, display, settings, selection)
    try:
        data = read_bytes(path)
    except SourceError as error:
        result = FileResult([checker.engine_finding(error.code, error.message)])
        result.findings = checker.filter(result.findings, None)
        return result
    result, _ = checker.check_data(data)
    return result
