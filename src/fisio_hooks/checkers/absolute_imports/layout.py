"""A file's place in the root package, and the modules that exist on disk.

Results are cached per folder, because a commit's files share folders
and each lookup is a ``stat`` call.
"""

import os
import re
import sys
from functools import cache
from typing import NamedTuple

from fisio_hooks.engine.paths import stem_of

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

STDLIB_MODULES = frozenset(sys.stdlib_module_names)


class ModuleLocation(NamedTuple):
    """A file's place in the root package.

    ``package`` is the dotted name of the package that contains the file
    (``fisio.pkg`` for both ``fisio/pkg/a.py`` and
    ``fisio/pkg/__init__.py``). ``root_folder`` is the root package's
    folder, ``folder`` the file's own and ``module_name`` the file's
    name without its suffix.
    """

    package: tuple[str, ...]
    root_folder: str
    folder: str
    module_name: str = ""

    @property
    def source_root(self) -> str:
        return os.path.dirname(self.root_folder)


@cache
def _has_init(folder: str) -> bool:
    return os.path.isfile(os.path.join(folder, "__init__.py")) or os.path.isfile(
        os.path.join(folder, "__init__.pyi")
    )


@cache
def _module_exists(folder: str, name: str) -> bool:
    """Return whether ``folder`` contains a module or package ``name``."""
    for candidate in (f"{name}.py", f"{name}.pyi"):
        if os.path.isfile(os.path.join(folder, candidate)):
            return True
    return os.path.isdir(os.path.join(folder, name)) and not name.startswith(".")


def locate(path: str, root_package: str) -> ModuleLocation | None:
    """Find the file's package from its path, or None outside the root.

    The chain of folders with an ``__init__.py`` is followed upward from
    the file's folder, and the topmost folder in it named
    ``root_package`` is the root. The chain ends at the first folder
    without ``__init__.py``, which is the root only when it is named
    ``root_package`` and the chain has no other root (a namespace
    package). So a flat layout cloned into a folder that is itself named
    ``fisio`` still has ``fisio/fisio/`` as its root. This works the
    same in a flat and a ``src/`` layout.
    """
    folder = os.path.dirname(os.path.abspath(path))
    module_name = stem_of(path)
    chain = []
    current = folder
    while _has_init(current):
        chain.append(current)
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    names = [os.path.basename(item) for item in chain]
    roots = [index for index, name in enumerate(names) if name == root_package]
    if roots:
        root_index = roots[-1]
    elif os.path.basename(current) == root_package:
        chain.append(current)
        names.append(root_package)
        root_index = len(chain) - 1
    else:
        return None
    package = tuple(reversed(names[: root_index + 1]))
    return ModuleLocation(
        package=package,
        root_folder=chain[root_index],
        folder=folder,
        module_name=module_name,
    )


def is_sibling_module(location: ModuleLocation, name: str) -> bool:
    """Return whether another module or package named ``name`` is next to the
    file. A module is never its own sibling: ``import redis`` inside
    ``redis.py`` means the installed package in Python 3."""
    if name == location.module_name:
        return False
    return _module_exists(location.folder, name)


def is_root_submodule(location: ModuleLocation, name: str) -> bool:
    return _module_exists(location.root_folder, name)


def is_top_level_module(source_roots: tuple[str, ...], name: str) -> bool:
    return any(_module_exists(root, name) for root in source_roots)


@cache
def declared_dependencies(config_path: str | None) -> frozenset[str]:
    """Return the import names a project's ``pyproject.toml`` declares as
    dependencies, guessed from the distribution names (``Flask-Login``
    gives ``flask_login``). A name that differs from its distribution
    (``PyYAML`` for ``yaml``) needs the ``third-party`` setting."""
    if config_path is None:
        return frozenset()
    try:
        with open(config_path, encoding="utf-8") as file:
            document = tomllib.loads(file.read())
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return frozenset()
    project = document.get("project")
    if not isinstance(project, dict):
        return frozenset()
    requirements = list(project.get("dependencies") or [])
    optional = project.get("optional-dependencies")
    if isinstance(optional, dict):
        for group in optional.values():
            requirements.extend(group if isinstance(group, list) else [])
    names = set()
    for requirement in requirements:
        match = (
            _REQUIREMENT_NAME.match(requirement)
            if isinstance(requirement, str)
            else None
        )
        if match:
            names.add(match.group(0).lower().replace("-", "_").replace(".", "_"))
    return frozenset(names)


# The distribution name at the start of a PEP 508 requirement.
_REQUIREMENT_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
