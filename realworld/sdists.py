"""Helpers shared by the real-code scripts: pinned PyPI source
distributions, tool runs and tree hashes.

Downloads go through ``pip download`` into ``realworld/.cache/``, which
git ignores, and each sdist is unpacked once.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"


class RealWorldError(Exception):
    """A download, tool run or tree preparation that failed."""


def run(argv: list[str], cwd: Path | None = None, ok: tuple[int, ...] = (0,)) -> str:
    """Run a command and return its standard output; raise
    :class:`RealWorldError` with the end of its standard error when its
    exit status is not in ``ok``."""
    try:
        completed = subprocess.run(
            argv, cwd=cwd, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise RealWorldError(f"{argv[0]} not found on PATH") from None
    if completed.returncode not in ok:
        command = " ".join(argv)
        raise RealWorldError(
            f"{command} exited {completed.returncode}: {completed.stderr[-2000:]}"
        )
    return completed.stdout


def fetch_sdist(name: str, version: str) -> Path:
    """Return the unpacked sdist of ``name==version``, downloading and
    unpacking it on first use. The folder is shared: copy it before
    changing anything in it."""
    slug = f"{name}-{version}"
    tree = CACHE / "trees" / slug
    if tree.is_dir():
        return tree
    downloads = CACHE / "sdists" / slug
    archives = sorted(downloads.glob("*")) if downloads.is_dir() else []
    if not archives:
        run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--no-binary",
                ":all:",
                f"{name}=={version}",
                "--dest",
                str(downloads),
            ]
        )
        archives = sorted(downloads.glob("*"))
    if len(archives) != 1:
        raise RealWorldError(f"expected one sdist of {slug} in {downloads}")
    tree.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=tree.parent) as scratch:
        _unpack(archives[0], Path(scratch))
        (top,) = Path(scratch).iterdir()
        top.rename(tree)
    return tree


def _unpack(archive: Path, folder: Path) -> None:
    if archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as opened:
            opened.extractall(folder)
    else:
        with tarfile.open(archive) as opened:
            opened.extractall(folder, filter="data")


def tree_digest(root: Path) -> dict[str, str]:
    """Return the SHA-256 of every Python file below ``root``, by path."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*.py"))
    }
