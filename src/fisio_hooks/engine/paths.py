"""Finding the files to check: walking folders, globs and git changes."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from functools import cache

# Folder names never walked into, besides hidden folders.
SKIPPED_FOLDERS = frozenset(
    {
        "__pycache__",
        "build",
        "dist",
        "node_modules",
        "venv",
        "site-packages",
        "__pypackages__",
    }
)
PYTHON_SUFFIXES = (".py", ".pyi")


class PathsError(Exception):
    """A failure to list files, such as an unknown git revision."""


@cache
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """Translate a glob to a regex over POSIX relative paths.

    ``*`` and ``?`` stay within one path segment, ``**`` spans segments,
    and a pattern matches a path or any folder above it.
    """
    out = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", index + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = pattern[index + 1 : end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                index = end
        else:
            out.append(re.escape(char))
        index += 1
    return re.compile("".join(out) + "(?:/.*)?")


def glob_problem(pattern: str) -> str | None:
    """Return why ``pattern`` is not a usable glob, or None."""
    if not pattern:
        return "empty"
    if "\0" in pattern:
        return "contains a NUL character"
    try:
        _glob_regex(pattern)
    except re.error as error:
        return str(error)
    return None


def matches_glob(relative_path: str, pattern: str) -> bool:
    """Return whether a POSIX relative path matches a settings glob.

    A pattern without a slash also matches the file or folder name at
    any depth, so ``"__main__.py"`` matches every ``__main__.py``.
    """
    pattern = pattern.removeprefix("./").rstrip("/")
    if "/" not in pattern:
        pattern = "**/" + pattern
    return _glob_regex(pattern).fullmatch(relative_path) is not None


def matches_any(relative_path: str, patterns: Iterable[str]) -> bool:
    return any(matches_glob(relative_path, pattern) for pattern in patterns)


# Paths are strings handled with os.path, not pathlib: importing pathlib
# brings in urllib.parse and ipaddress, about 7% of the instructions of a
# hook run on ten files.


def clean_path(path: str) -> str:
    """Return ``path`` without empty and ``.`` segments or a trailing
    separator, as ``pathlib`` spells it: ``./a//b/`` is ``a/b``. ``..``
    is kept, since collapsing it could step out of a symbolic link, and
    so are exactly two leading separators, which POSIX lets a system
    give a meaning of its own."""
    path = os.fspath(path)
    parts = [part for part in path.split(os.sep) if part not in ("", ".")]
    joined = os.sep.join(parts)
    if path.startswith(os.sep * 2) and not path.startswith(os.sep * 3):
        return os.sep * 2 + joined
    if path.startswith(os.sep):
        return os.sep + joined
    return joined or "."


def suffix_of(path: str) -> str:
    """Return the file name's suffix as pathlib gives it: ``.py`` for
    ``a.py`` and ``..py``, nothing for ``.py``."""
    name = os.path.basename(clean_path(path))
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def stem_of(path: str) -> str:
    """Return the file name without its suffix, as pathlib gives it."""
    name = os.path.basename(clean_path(path))
    suffix = suffix_of(name)
    return name[: -len(suffix)] if suffix else name


def relative_part(path: str, root: str) -> str | None:
    """Return ``path`` relative to ``root`` when it is ``root`` or below
    it, comparing segments as written (no symbolic links resolved), else
    None."""
    path = clean_path(path)
    root = clean_path(root)
    if path == root:
        return "."
    prefix = root if root.endswith(os.sep) else root + os.sep
    if root != "." and path.startswith(prefix):
        return path[len(prefix) :]
    return None


def posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


def relative_to_root(path: str, root: str) -> str:
    """Return ``path`` relative to ``root`` in POSIX form, or absolute.

    The project root is a resolved path, so a file named through a
    symbolic link to the project is compared by its resolved path too.
    """
    absolute = os.path.abspath(path)
    relative = relative_part(absolute, root)
    if relative is None:
        relative = relative_part(os.path.realpath(absolute), root)
    return posix(absolute if relative is None else relative)


def display_path(path: str) -> str:
    """Return ``path`` as output shows it: relative to the current folder
    when it is inside it, else as given. Bytes of a file name that are not
    UTF-8 are shown as ``\\xNN`` escapes, so output stays valid UTF-8."""
    cleaned = clean_path(path)
    if os.path.isabs(cleaned):
        relative = relative_part(cleaned, os.getcwd())
        if relative is not None:
            cleaned = relative
    text = posix(cleaned)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = os.fsencode(text).decode("utf-8", errors="backslashreplace")
    return text


def is_python_path(path: str) -> bool:
    return suffix_of(path) in PYTHON_SUFFIXES


def walk(
    paths: Iterable[str],
    root: str,
    exclude: tuple[str, ...],
) -> Iterator[tuple[str, bool]]:
    """Yield ``(file, named)`` for each file under ``paths`` in sorted
    order. ``named`` is true for files given directly, which are not
    matched against ``exclude`` here, so the caller decides."""
    for path in paths:
        if os.path.isdir(path):
            yield from ((file, False) for file in _walk_folder(path, root, exclude))
        else:
            yield path, True


def _walk_folder(folder: str, root: str, exclude: tuple[str, ...]) -> Iterator[str]:
    """Yield the files below ``folder``. Symbolic links are skipped, as
    pre-commit and git treat them as links rather than files, and a folder
    that cannot be listed is yielded itself, for the reader to report."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        yield folder
        return
    for entry in entries:
        path = os.path.join(folder, entry.name)
        if exclude and matches_any(relative_to_root(path, root), exclude):
            continue
        try:
            if entry.is_symlink():
                continue
            is_folder = entry.is_dir(follow_symlinks=False)
            is_file = entry.is_file(follow_symlinks=False)
        except OSError:
            yield path
            continue
        hidden = entry.name.startswith(".")
        if is_folder:
            if hidden or entry.name in SKIPPED_FOLDERS or _is_virtualenv(path):
                continue
            yield from _walk_folder(path, root, exclude)
        elif is_file and (not hidden or entry.name.startswith(".env")):
            # Environment files are hidden but are exactly what the
            # secrets checker must see.
            yield path


def _is_virtualenv(folder: str) -> bool:
    return os.path.isfile(os.path.join(folder, "pyvenv.cfg"))


def changed_since(ref: str, cwd: str) -> list[str]:
    """List the files changed since ``ref``'s merge base with HEAD, plus
    staged and unstaged changes, leaving out deleted files and files in
    the folders a walk skips (hidden, build, virtual environments)."""
    if not ref or ref.startswith("-"):
        raise PathsError(f"invalid git revision {ref!r} for --changed-since")
    top = os.fsdecode(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    base = os.fsdecode(_git(["merge-base", ref, "HEAD"], cwd).strip())
    names: set[str] = set()
    for arguments in (
        ["diff", "--name-only", "-z", "--diff-filter=d", base],
        ["diff", "--name-only", "-z", "--diff-filter=d", "--cached", base],
    ):
        output = _git(arguments, cwd)
        names.update(os.fsdecode(name) for name in output.split(b"\0") if name)
    files = [
        os.path.join(top, name)
        for name in sorted(names)
        if not _in_skipped_folder(name)
    ]
    return [file for file in files if os.path.isfile(file)]


def _in_skipped_folder(relative_name: str) -> bool:
    folders = relative_name.split("/")[:-1]
    return any(part.startswith(".") or part in SKIPPED_FOLDERS for part in folders)


def _git(arguments: list[str], cwd: str) -> bytes:
    import subprocess

    try:
        result = subprocess.run(
            ["git", *arguments],
            cwd=cwd,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise PathsError("git not found; --changed-since needs git on PATH") from None
    if result.returncode != 0:
        lines = result.stderr.decode("utf-8", errors="replace").strip().splitlines()
        detail = lines[-1] if lines else f"exit status {result.returncode}"
        raise PathsError(f"git {' '.join(arguments[:2])} failed: {detail}")
    return result.stdout
