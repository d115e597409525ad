"""Reading a file once and decoding it the way Python decodes source."""

from __future__ import annotations

import codecs
import io
import os
import stat
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tree_sitter import Node, Tree

# Files larger than this are reported instead of parsed: a generated
# file of this size is not hand-written code and would stall a commit.
MAX_FILE_BYTES = 16 * 1024 * 1024
# Git's rule for binary content: a NUL byte in the first 8000 bytes.
BINARY_SNIFF_BYTES = 8000


class SourceError(Exception):
    """A file that cannot be read or decoded, with its FIS0xx ``code``."""

    def __init__(self, code: str, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line


class SourceFile:
    """The bytes and decoded text of one file, with a lazily built tree.

    ``utf8`` is the text encoded as UTF-8, which is what tree-sitter
    parses, and byte offsets and tree-sitter columns refer to it.
    """

    __slots__ = (
        "_line_starts",
        "_lines",
        "_tree",
        "bom",
        "data",
        "display_path",
        "encoding",
        "path",
        "text",
        "utf8",
    )

    def __init__(
        self,
        path: str,
        display_path: str,
        data: bytes,
        text: str,
        encoding: str,
        bom: bool,
        utf8: bytes,
    ) -> None:
        self.path = path
        self.display_path = display_path
        self.data = data
        self.text = text
        self.encoding = encoding
        self.bom = bom
        self.utf8 = utf8
        self._tree: Tree | None = None
        self._lines: list[str] | None = None
        self._line_starts: list[int] | None = None

    @property
    def tree(self) -> Tree:
        """Parse the file once.

        Python ends a line at a lone ``\\r`` too, but tree-sitter-python
        reads it as a space, which joins the lines around it. Such a
        ``\\r`` is given to tree-sitter as ``\\n``, which keeps every byte
        offset, so positions and the source bytes still agree.
        """
        if self._tree is None:
            from fisio_hooks.engine.syntax import parse

            data = self.utf8
            if b"\r" in data:
                import re

                data = re.sub(rb"\r(?!\n)", b"\n", data)
            self._tree = parse(data)
        return self._tree

    @property
    def root(self) -> Node:
        return self.tree.root_node

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines

    def line_starts(self) -> list[int]:
        """Return the byte offset of each line's start.

        Lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r``, as the
        interpreter and libcst count them. tree-sitter counts only
        ``\\n``, so positions come from byte offsets through this list
        and never from tree-sitter's rows.
        """
        if self._line_starts is None:
            starts = [0]
            data = self.utf8
            if b"\r" in data:
                import re

                starts.extend(match.end() for match in re.finditer(rb"\r\n?|\n", data))
            else:
                position = data.find(b"\n")
                while position != -1:
                    starts.append(position + 1)
                    position = data.find(b"\n", position + 1)
            self._line_starts = starts
        return self._line_starts

    def position(self, byte_offset: int) -> tuple[int, int]:
        """Return the 1-based line and 1-based character column of a byte
        offset into ``utf8``."""
        row, byte_column = self.point_of(byte_offset)
        return row + 1, self.column_of(row, byte_column)

    def column_of(self, row: int, byte_column: int) -> int:
        """Convert a 0-based UTF-8 byte column on ``row`` to a 1-based
        character column."""
        starts = self.line_starts()
        if row >= len(starts):
            return byte_column + 1
        start = starts[row]
        prefix = self.utf8[start : start + byte_column]
        return len(prefix.decode("utf-8", errors="replace")) + 1

    def point_of(self, byte_offset: int) -> tuple[int, int]:
        """Return the 0-based row and 0-based byte column of an offset."""
        from bisect import bisect_right

        starts = self.line_starts()
        row = bisect_right(starts, byte_offset) - 1
        return row, byte_offset - starts[row]

    def line_text(self, line: int) -> str:
        """Return 1-based physical line ``line`` without its line break."""
        starts = self.line_starts()
        if not 1 <= line <= len(starts):
            return ""
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.utf8)
        raw = self.utf8[start:end].rstrip(b"\r\n")
        return raw.decode("utf-8", errors="replace")


def read_bytes(path: str) -> bytes:
    """Read a file whole, turning OS errors into FIS001 source errors.

    Only regular files are read (following symbolic links): a FIFO or a
    device would block the run or never end.
    """
    try:
        status = os.stat(path)
        if stat.S_ISDIR(status.st_mode):
            raise SourceError("FIS001", _folder_problem(path))
        if not stat.S_ISREG(status.st_mode):
            raise SourceError("FIS001", "not a regular file (a FIFO, socket or device)")
        if status.st_size > MAX_FILE_BYTES:
            raise SourceError(
                "FIS004",
                f"file is {status.st_size / 1048576:.1f} MiB, larger than the "
                f"{MAX_FILE_BYTES // 1048576} MiB limit; not checked",
            )
        with open(path, "rb") as file:
            return file.read()
    except FileNotFoundError:
        raise SourceError("FIS001", "file not found") from None
    except PermissionError:
        raise SourceError("FIS001", "permission denied, cannot read") from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise SourceError("FIS001", f"cannot read: {reason}") from None


def _folder_problem(path: str) -> str:
    """Say why a folder reached the reader: it could not be listed."""
    try:
        os.listdir(path)
    except OSError as error:
        return f"folder cannot be listed: {error.strerror or error}"
    return "is a folder, expected a file"


def is_binary(data: bytes) -> bool:
    return b"\0" in data[:BINARY_SNIFF_BYTES]


def decode_python(path: str, display_path: str, data: bytes) -> SourceFile:
    """Decode Python source as the interpreter does (BOM, PEP 263)."""
    if is_binary(data):
        raise SourceError("FIS002", "binary file (contains NUL bytes), not Python")
    return _decode(path, display_path, data, _python_encoding(data))


def _python_encoding(data: bytes) -> str:
    """Return the encoding Python would read ``data`` with.

    A PEP 263 declaration sits in the first two lines and contains
    ``coding``, so a file without a BOM or that word there is UTF-8 and
    the tokenize module, slow to import, is not needed.
    """
    first_end = data.find(b"\n")
    second_end = data.find(b"\n", first_end + 1) if first_end != -1 else -1
    head = data if second_end == -1 else data[:second_end]
    if not data.startswith(codecs.BOM_UTF8) and b"coding" not in head:
        return "utf-8"
    import tokenize

    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        raise SourceError("FIS002", f"invalid encoding declaration: {error}") from None
    probe = "# coding".encode(encoding, errors="replace")
    if probe.removeprefix(codecs.BOM_UTF8) != b"# coding":
        # UTF-16 and UTF-32 cannot hold their own declaration as ASCII,
        # so the interpreter rejects source declared in them.
        raise SourceError(
            "FIS002",
            f"the coding declaration names {encoding}, which Python source"
            " cannot be written in; use utf-8",
        )
    return encoding


def decode_text(path: str, display_path: str, data: bytes) -> SourceFile:
    """Decode any text file: UTF-8 (with or without BOM), else Latin-1.

    Latin-1 maps every byte to a character, so a secret in a legacy
    encoded file is still seen. Callers skip binary files first.
    """
    encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    try:
        return _decode(path, display_path, data, encoding)
    except SourceError:
        return _decode(path, display_path, data, "latin-1")


def _decode(path: str, display_path: str, data: bytes, encoding: str) -> SourceFile:
    bom = encoding == "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SourceError(
            "FIS002",
            f"cannot decode byte 0x{data[error.start]:02x} as {encoding}"
            f" ({error.reason})",
            line=line,
        ) from None
    except LookupError:
        raise SourceError("FIS002", f"unknown encoding {encoding!r}") from None
    if encoding == "utf-8":
        utf8 = data
    else:
        utf8 = text.encode("utf-8", errors="surrogatepass")
    return SourceFile(
        path=path,
        display_path=display_path,
        data=data,
        text=text,
        encoding=encoding,
        bom=bom,
        utf8=utf8,
    )
