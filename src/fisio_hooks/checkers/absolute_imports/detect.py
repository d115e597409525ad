"""Finding relative and implicit imports of root-package code."""

import os
from collections.abc import Iterator
from typing import NamedTuple

from tree_sitter import Node

from fisio_hooks.checkers.absolute_imports.layout import (
    STDLIB_MODULES,
    ModuleLocation,
    declared_dependencies,
    is_root_submodule,
    is_sibling_module,
    is_top_level_module,
    locate,
)
from fisio_hooks.engine.findings import Finding, Fix
from fisio_hooks.engine.rules import FileContext
from fisio_hooks.engine.syntax import statements, text

IMPORT_TYPES = frozenset({"import_statement", "import_from_statement"})
# Modules the interpreter provides that sys.stdlib_module_names leaves out:
# `import __main__` is the running program even beside a __main__.py.
INTERPRETER_MODULES = frozenset({"__future__", "__main__"})


def check(context: FileContext) -> Iterator[Finding]:
    settings = context.settings
    location = locate(context.source.path, settings.root_package)
    if location is None:
        return
    roots = _SearchRoots(
        source_roots=_source_roots(context, location),
        third_party=_third_party(context),
    )
    for node in import_statements(context.source.root):
        if node.type == "import_from_statement":
            yield from _check_from_import(context, node, location, roots)
        else:
            yield from _check_import(context, node, location, roots)


class _SearchRoots(NamedTuple):
    """The places a top-level name can come from besides the root package."""

    source_roots: tuple[str, ...]
    third_party: frozenset[str]


def _third_party(context: FileContext) -> frozenset[str]:
    settings = context.settings
    configured = frozenset(settings.absolute_imports.third_party)
    return configured | declared_dependencies(settings.config_path)


def import_statements(root: Node) -> Iterator[Node]:
    """Yield every import statement in source order, at any depth of
    statements (functions, classes, if and try blocks)."""
    return statements(root, IMPORT_TYPES)


def _source_roots(context: FileContext, location: ModuleLocation) -> tuple[str, ...]:
    configured = context.settings.absolute_imports.source_roots
    if not configured:
        return (location.source_root,)
    root = context.settings.project_root
    return tuple(os.path.realpath(os.path.join(root, folder)) for folder in configured)


def _statement_start(context: FileContext, node: Node) -> tuple[int, int]:
    """Return the statement's 1-based line and 0-based character column,
    the position libcst's PositionProvider gives the same statement."""
    line, column = context.source.position(node.start_byte)
    return line, column - 1


def _check_from_import(
    context: FileContext,
    node: Node,
    location: ModuleLocation,
    roots: _SearchRoots,
) -> Iterator[Finding]:
    module = node.child_by_field_name("module_name")
    if module is None:
        return
    if module.type == "relative_import":
        yield from _check_relative(context, node, module, location)
        return
    dotted = text(module)
    absolute = _implicit_target(dotted, location, roots)
    if absolute is None:
        return
    if absolute == _AMBIGUOUS:
        yield _ambiguous(context, node, dotted, location)
        return
    line, column = _statement_start(context, node)
    yield context.finding(
        "FIS303",
        node,
        _implicit_message(dotted, location, absolute),
        Fix(
            safe=True,
            description=f"replace `{dotted}` with `{absolute}`",
            data=("from-module", line, column, absolute),
        ),
    )


def _check_relative(
    context: FileContext,
    node: Node,
    module: Node,
    location: ModuleLocation,
) -> Iterator[Finding]:
    prefix = next(
        (child for child in module.children if child.type == "import_prefix"), None
    )
    level = text(prefix).count(".")
    dotted_node = next(
        (child for child in module.children if child.type == "dotted_name"), None
    )
    rest = text(dotted_node)
    written = "." * level + rest
    keep = len(location.package) - (level - 1)
    if keep <= 0:
        yield context.finding(
            "FIS302",
            node,
            f"relative import `{written}` climbs above the root package "
            f"`{location.package[0]}`; import the module by its absolute name",
        )
        return
    absolute = ".".join([*location.package[:keep], *([rest] if rest else [])])
    line, column = _statement_start(context, node)
    yield context.finding(
        "FIS301",
        node,
        f"relative import `{written}`; import `{absolute}` instead",
        Fix(
            safe=True,
            description=f"replace `{written}` with `{absolute}`",
            data=("from-module", line, column, absolute),
        ),
    )


def _check_import(
    context: FileContext,
    node: Node,
    location: ModuleLocation,
    roots: _SearchRoots,
) -> Iterator[Finding]:
    names = node.children_by_field_name("name")
    for name in names:
        alias = (
            name.child_by_field_name("alias") if name.type == "aliased_import" else None
        )
        dotted_node = name.child_by_field_name("name") if alias is not None else name
        dotted = text(dotted_node)
        absolute = _implicit_target(dotted, location, roots)
        if absolute is None:
            continue
        if absolute == _AMBIGUOUS:
            yield _ambiguous(context, name, dotted, location)
            continue
        message = _implicit_message(dotted, location, absolute)
        fix = _import_fix(context, node, names, dotted, alias, absolute)
        yield context.finding("FIS303", name, message, fix)


def _implicit_message(dotted: str, location: ModuleLocation, absolute: str) -> str:
    return (
        f"implicit import of `{dotted}` works only when a folder inside "
        f"`{location.package[0]}` is on sys.path; import `{absolute}` instead"
    )


def _import_fix(
    context: FileContext,
    statement: Node,
    names: list[Node],
    dotted: str,
    alias: Node | None,
    absolute: str,
) -> Fix | None:
    """Rewrite ``import tax`` as ``from fisio.billing import tax``, and
    ``import a.b as c`` as ``import fisio.a.b as c``, which bind the same
    name. A plain dotted ``import a.b`` binds ``a`` and has no equivalent,
    and a statement importing several names is left for a person."""
    if len(names) != 1:
        return None
    line, column = _statement_start(context, statement)
    if alias is not None:
        return Fix(
            safe=True,
            description=f"replace `{dotted}` with `{absolute}`",
            data=("import-module", line, column, absolute),
        )
    if "." in dotted:
        return None
    package, _, name = absolute.rpartition(".")
    return Fix(
        safe=True,
        description=f"replace `import {dotted}` with `from {package} import {name}`",
        data=("import-to-from", line, column, package),
    )


# Returned by _implicit_target when a name is both a sibling module and
# a different subpackage of the root, so no single rewrite is right.
_AMBIGUOUS = "<ambiguous>"


def _implicit_target(
    dotted: str,
    location: ModuleLocation,
    roots: _SearchRoots,
) -> str | None:
    """Return the absolute name an implicit import means, or None when
    the import is not an implicit import of root-package code."""
    first = dotted.split(".", 1)[0]
    if (
        first in INTERPRETER_MODULES
        or first in STDLIB_MODULES
        or first in roots.third_party
    ):
        return None
    if is_top_level_module(roots.source_roots, first):
        return None
    candidates = []
    if is_sibling_module(location, first):
        candidates.append(".".join([*location.package, dotted]))
    if is_root_submodule(location, first):
        candidates.append(f"{location.package[0]}.{dotted}")
    unique = list(dict.fromkeys(candidates))
    if not unique:
        return None
    if len(unique) > 1:
        return _AMBIGUOUS
    return unique[0]


def _ambiguous(
    context: FileContext, node: Node, dotted: str, location: ModuleLocation
) -> Finding:
    sibling = ".".join([*location.package, dotted])
    root_level = f"{location.package[0]}.{dotted}"
    return context.finding(
        "FIS303",
        node,
        f"implicit import of `{dotted}` works only when a folder inside "
        f"`{location.package[0]}` is on sys.path, and it could mean "
        f"`{sibling}` or `{root_level}`; import the one you mean by its absolute name",
    )
