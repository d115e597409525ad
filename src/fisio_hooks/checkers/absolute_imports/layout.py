"""Where a file sits in the root package, and which modules exist on disk.

Results are cached per folder, because a commit's files share folders
and each lookup is a ``stat`` call.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path
from typing import NamedTuple

STDLIB_MODULES = frozenset(sys.stdlib_module_names)


class ModuleLocation(NamedTuple):
    """A file's place in the root package.

    ``package`` is the dotted name of the package that contains the file
    (``fisio.pkg`` for both ``fisio/pkg/a.py`` and
    ``fisio/pkg/__init__.py``); ``root_folder`` is the root package's
    folder and ``folder`` the file's own.
    """

    package: tuple[str, ...]
    root_folder: Path
    folder: Path

    @property
    def source_root(self) -> Path:
        return self.root_folder.parent


@cache
def _has_init(folder: Path) -> bool:
    return os.path.isfile(folder / "__init__.py") or os.path.isfile(
        folder / "__init__.pyi"
    )


@cache
def _module_exists(folder: Path, name: str) -> bool:
    """Whether ``folder`` holds a module or package named ``name``."""
    for candidate in (f"{name}.py", f"{name}.pyi"):
        if os.path.isfile(folder / candidate):
            return True
    return os.path.isdir(folder / name) and not name.startswith(".")


def locate(path: Path, root_package: str) -> ModuleLocation | None:
    """Find the file's package from its path, or None outside the root.

    The chain of folders with an ``__init__.py`` is followed upward from
    the file's folder; the topmost folder in it named ``root_package``
    is the root. The root folder itself may lack ``__init__.py`` (a
    namespace package). This works the same in a flat and a ``src/``
    layout, since only the folders above the root differ.
    """
    folder = Path(os.path.abspath(path)).parent
    chain = []
    current = folder
    while _has_init(current) or current.name == root_package:
        chain.append(current)
        if current.parent == current:
            break
        current = current.parent
    roots = [index for index, item in enumerate(chain) if item.name == root_package]
    if not roots:
        return None
    root_index = roots[-1]
    package = tuple(item.name for item in reversed(chain[: root_index + 1]))
    return ModuleLocation(package=package, root_folder=chain[root_index], folder=folder)


def is_sibling_module(location: ModuleLocation, name: str) -> bool:
    return _module_exists(location.folder, name)


def is_root_submodule(location: ModuleLocation, name: str) -> bool:
    return _module_exists(location.root_folder, name)


def is_top_level_module(source_roots: tuple[Path, ...], name: str) -> bool:
    return any(_module_exists(root, name) for root in source_roots)
