"""The FIS201 fix: rename a local variable and its uses with libcst.

This is the only module of the checker that imports libcst, and the
engine imports it only when fixes are applied. Each rename is checked
again with libcst's scope analysis and skipped, leaving its finding in
place, when any of these holds:

- the name is not bound only by plain targets in one function or
  comprehension scope (a parameter, a function or class name, an import
  or a ``global``/``nonlocal`` declaration makes it part of an interface
  or of another scope);
- a use of it is not a plain name (a string annotation);
- the new name is already assigned or read in that scope or a scope
  nested in it, where the renamed variable would shadow or be shadowed;
- the scope calls ``locals()``, ``vars()``, ``dir()``, ``eval()``,
  ``exec()`` or a frame function, or prints the name in an f-string
  with ``=``;
- a ``case`` pattern or a walrus inside a comprehension binds it.
  libcst's scope analysis does not bind these where Python does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import libcst as cst
from libcst.metadata import (
    Assignment,
    ComprehensionScope,
    FunctionScope,
    MetadataWrapper,
    PositionProvider,
    Scope,
    ScopeProvider,
)

from fisio_hooks.checkers.subscription_id.safety import (
    DYNAMIC_CALLS,
    DYNAMIC_CALLS_WITHOUT_ARGUMENTS,
)
from fisio_hooks.engine.findings import Finding
from fisio_hooks.engine.rules import FileContext


def apply(text: str, findings: Sequence[Finding], context: FileContext) -> str:
    """Return ``text`` with every local variable of ``findings`` renamed
    where that is safe."""
    wrapper = MetadataWrapper(cst.parse_module(text))
    positions = wrapper.resolve(PositionProvider)
    scopes = wrapper.resolve(ScopeProvider)

    names = {
        (position.start.line, position.start.column): node
        for node, position in positions.items()
        if isinstance(node, cst.Name)
    }
    all_scopes = {scope for scope in scopes.values() if scope is not None}

    renames: dict[int, str] = {}
    planned: list[tuple[Scope, str]] = []
    for finding in findings:
        if finding.fix is None:
            continue
        old, new = finding.fix.data
        node = names.get((finding.line, finding.column - 1))
        if node is None or node.value != old:
            continue
        scope = scopes.get(node)
        if scope is None or any(
            other_new == new and _overlaps(scope, other) for other, other_new in planned
        ):
            continue
        targets = _rename_targets(scope, old, new, all_scopes)
        if targets is None:
            continue
        planned.append((scope, new))
        renames.update((id(target), new) for target in targets)

    if not renames:
        return text
    return wrapper.module.visit(_Renamer(renames)).code


def _rename_targets(
    scope: Scope, old: str, new: str, all_scopes: Iterable[Scope]
) -> list[cst.Name] | None:
    """Return every Name node to rename, or None when it is not safe."""
    if not isinstance(scope, (FunctionScope, ComprehensionScope)):
        return None
    assignments = scope.assignments[old]
    if not assignments:
        return None
    targets: list[cst.Name] = []
    for assignment in assignments:
        if type(assignment) is not Assignment or not isinstance(
            assignment.node, cst.Name
        ):
            return None
        targets.append(assignment.node)
        for access in assignment.references:
            if not isinstance(access.node, cst.Name) or access.node.value != old:
                return None
            if not set(access.referents) <= set(assignments):
                return None
            targets.append(access.node)
    if any(not isinstance(access.node, cst.Name) for access in scope.accesses[old]):
        return None
    for inner in _scopes_within(scope, all_scopes):
        if new in inner.assignments or inner.accesses[new]:
            return None
    hazards = _Hazards(old, new)
    scope.node.visit(hazards)
    if hazards.found:
        return None
    return targets


def _scopes_within(scope: Scope, all_scopes: Iterable[Scope]) -> list[Scope]:
    """Return ``scope`` and every scope nested in it."""
    return [candidate for candidate in all_scopes if _is_within(candidate, scope)]


def _is_within(candidate: Scope, outer: Scope) -> bool:
    current: Scope | None = candidate
    while current is not None:
        if current is outer:
            return True
        parent = current.parent
        current = None if parent is current else parent
    return False


def _overlaps(first: Scope, second: Scope) -> bool:
    return _is_within(first, second) or _is_within(second, first)


class _Hazards(cst.CSTVisitor):
    """Finds what makes renaming ``old`` to ``new`` unsafe in a subtree."""

    def __init__(self, old: str, new: str) -> None:
        super().__init__()
        self.old = old
        self.new = new
        self.found: list[str] = []
        self.comprehensions = 0

    def visit_Global(self, node: cst.Global) -> None:
        self._declared(item.name.value for item in node.names)

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        self._declared(item.name.value for item in node.names)

    def _declared(self, names: Iterable[str]) -> None:
        if {self.old, self.new} & set(names):
            self.found.append("declared global or nonlocal")

    def visit_Call(self, node: cst.Call) -> None:
        function = node.func
        if isinstance(function, cst.Attribute):
            name = function.attr.value
        elif isinstance(function, cst.Name):
            name = function.value
        else:
            return
        if name in DYNAMIC_CALLS or (
            name in DYNAMIC_CALLS_WITHOUT_ARGUMENTS and not node.args
        ):
            self.found.append(f"calls {name}()")

    def visit_FormattedStringExpression(
        self, node: cst.FormattedStringExpression
    ) -> None:
        if node.equal is not None and self._mentions(node.expression):
            self.found.append("f-string with '='")

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        # libcst 1.9 binds a walrus target inside a comprehension in the
        # comprehension's scope, where Python binds it in the enclosing
        # function, so its uses after the comprehension look unbound.
        target = node.target
        if (
            isinstance(target, cst.Name)
            and target.value == self.old
            and self.comprehensions
        ):
            self.found.append("walrus in a comprehension")

    def visit_ListComp(self, node: cst.ListComp) -> None:
        self.comprehensions += 1

    def leave_ListComp(self, original_node: cst.ListComp) -> None:
        self.comprehensions -= 1

    def visit_SetComp(self, node: cst.SetComp) -> None:
        self.comprehensions += 1

    def leave_SetComp(self, original_node: cst.SetComp) -> None:
        self.comprehensions -= 1

    def visit_DictComp(self, node: cst.DictComp) -> None:
        self.comprehensions += 1

    def leave_DictComp(self, original_node: cst.DictComp) -> None:
        self.comprehensions -= 1

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self.comprehensions += 1

    def leave_GeneratorExp(self, original_node: cst.GeneratorExp) -> None:
        self.comprehensions -= 1

    def visit_MatchAs(self, node: cst.MatchAs) -> None:
        self._captures(node.name)

    def visit_MatchStar(self, node: cst.MatchStar) -> None:
        self._captures(node.name)

    def visit_MatchMapping(self, node: cst.MatchMapping) -> None:
        self._captures(node.rest)

    def _captures(self, name: cst.Name | None) -> None:
        if name is not None and name.value in (self.old, self.new):
            self.found.append("case pattern capture")

    def _mentions(self, expression: cst.BaseExpression) -> bool:
        finder = _NameFinder(self.old)
        expression.visit(finder)
        return finder.found


class _NameFinder(cst.CSTVisitor):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.found = False

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == self.name:
            self.found = True


class _Renamer(cst.CSTTransformer):
    def __init__(self, renames: dict[int, str]) -> None:
        super().__init__()
        self.renames = renames

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        new = self.renames.get(id(original_node))
        if new is None:
            return updated_node
        return updated_node.with_changes(value=new)
