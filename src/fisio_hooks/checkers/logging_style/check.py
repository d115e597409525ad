"""Detection of the logging-style rules on the tree-sitter tree."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from fisio_hooks.checkers.logging_style.eager import eager_formatting, find_message
from fisio_hooks.checkers.logging_style.facts import FileFacts, is_assignment_target
from fisio_hooks.checkers.logging_style.scopes import (
    Scope,
    class_name,
    inside_except_block,
    scope_of,
)
from fisio_hooks.checkers.logging_style.strings import unparenthesized
from fisio_hooks.engine.findings import Finding, Fix
from fisio_hooks.engine.paths import matches_any
from fisio_hooks.engine.syntax import text

if TYPE_CHECKING:
    from tree_sitter import Node

    from fisio_hooks.engine.rules import FileContext


# Values of print(file=...) that still write to the console.
CONSOLE_STREAMS = frozenset({"sys.stdout", "sys.stderr", "None"})


def check(context: FileContext) -> Iterator[Finding]:
    settings = context.settings.logging_style
    facts = FileFacts(context.source.root, context.source.utf8, settings)
    yield from _check_method_calls(context, facts)
    yield from _check_root_functions(context, facts)
    yield from _check_instance_logger(context, facts)
    path = context.relative_path
    if is_package_code(path, context.settings.root_package) and not matches_any(
        path, settings.print_allowed
    ):
        yield from _check_prints(context, facts)


def is_package_code(relative_path: str, root_package: str) -> bool:
    """Return whether a file belongs to the root package: under ``<root>/`` or
    ``src/<root>/``, or the module ``<root>.py``. An empty root package
    makes every file package code."""
    if not root_package:
        return True
    path = relative_path.removeprefix("src/")
    return path.startswith(f"{root_package}/") or path == f"{root_package}.py"


# Calls of logger methods: FIS401, FIS403, FIS404, FIS406


def _check_method_calls(context: FileContext, facts: FileFacts) -> Iterator[Finding]:
    for found in facts.scan.method_calls():
        call, receiver = found.call, found.receiver
        scope = scope_of(call)
        kind = facts.receiver_kind(receiver, scope)
        if kind is None:
            continue
        method_node = found.method
        method = text(method_node)
        arguments = found.arguments
        if kind == "root":
            yield _root_call(
                context, facts, call.child_by_field_name("function") or call, scope
            )
        if kind == "module":
            name = unparenthesized(receiver)
            yield from _module_logger_in_method(context, facts, name, method, scope)
        yield from _misused_method(context, call, method_node, arguments, fixable=True)
        yield from _eager_message(context, facts, arguments, method)


def _check_root_functions(context: FileContext, facts: FileFacts) -> Iterator[Finding]:
    """Check calls of functions imported from logging (``info(...)``)."""
    if not facts.logging_functions:
        return
    for found in facts.scan.function_calls(facts.logging_functions):
        call, function = found.call, found.function
        method = facts.logging_functions.get(text(function))
        if method is None:
            continue
        scope = scope_of(call)
        if any(
            facts.bindings.binds(scope_function, text(function))
            for scope_function in scope.functions
        ):
            continue
        arguments = found.arguments
        yield _root_call(context, facts, function, scope)
        yield from _misused_method(
            context, call, function, arguments, fixable=False, method=method
        )
        yield from _eager_message(context, facts, arguments, method)


def _root_call(
    context: FileContext, facts: FileFacts, node: Node, scope: Scope
) -> Finding:
    method = scope.method
    if (
        method is not None
        and method.kind == "instance"
        and facts.class_has_logger(method.cls, known_logger=True)
    ):
        instead = f"`{facts.instance_logger}`"
    else:
        logger = facts.module_logger_name
        instead = f"a module logger, `{logger} = logging.getLogger(__name__)`"
    called = spelled(node)
    return context.finding(
        "FIS403",
        node,
        f"`{called}()` logs through the root logger; log through {instead}",
    )


def _module_logger_in_method(
    context: FileContext,
    facts: FileFacts,
    receiver: Node,
    method_name: str,
    scope: Scope,
) -> Iterator[Finding]:
    method = scope.method
    if (
        method is None
        or method.kind != "instance"
        or not facts.class_has_logger(method.cls, known_logger=True)
    ):
        return
    if bound_nearby(receiver, text(receiver)):
        return  # a comprehension variable or case capture, not the logger
    nested = scope.functions[:-1]
    instance = facts.instance_name
    fix = None
    shadowed = any(facts.bindings.binds(function, instance) for function in nested)
    shadowed = shadowed or bound_nearby(receiver, instance)
    if method.instance == instance and not shadowed:
        fix = Fix(
            True, f"use {facts.instance_logger}", ("replace", facts.instance_logger)
        )
    yield context.finding(
        "FIS401",
        receiver,
        f"module logger `{text(receiver)}` used in `{method.qualified_name}`, whose "
        f"class has an instance logger; use `{facts.instance_logger}.{method_name}()`",
        fix,
    )


def _misused_method(
    context: FileContext,
    call: Node,
    method_node: Node,
    arguments: Node,
    *,
    fixable: bool,
    method: str | None = None,
) -> Iterator[Finding]:
    method = method or text(method_node)
    if method == "warn":
        fix = (
            Fix(True, "rename warn() to warning()", ("rename", "warning"))
            if fixable
            else None
        )
        yield context.finding(
            "FIS406",
            method_node,
            "`warn()` is a deprecated alias; use `warning()`",
            fix,
        )
    elif method == "exception" and not inside_except_block(call):
        if _has_keyword(arguments, "exc_info") or _forwards_exception(call):
            return
        yield context.finding(
            "FIS406",
            method_node,
            "`exception()` outside an except block has no exception to log; "
            "use `error()`, or pass `exc_info=` with the exception",
        )


def _eager_message(
    context: FileContext, facts: FileFacts, arguments: Node, method: str
) -> Iterator[Finding]:
    message = find_message(arguments, method)
    if message is None:
        return
    eager = eager_formatting(message, facts.is_builtin)
    if eager is None:
        return
    yield context.finding(
        "FIS404",
        message.node,
        f"log message formatted eagerly with {eager.how}; "
        "pass a %-style message and the values as arguments",
        eager.fix,
    )


# The instance logger: FIS402


def _check_instance_logger(context: FileContext, facts: FileFacts) -> Iterator[Finding]:
    for use in facts.instance_logger_uses:
        parent = use.parent
        if (
            parent is not None
            and parent.type == "call"
            and use == parent.child_by_field_name("function")
        ):
            continue  # self.log(...) calls a method named log, not a logger
        message = _instance_logger_problem(facts, use)
        if message is not None:
            yield context.finding("FIS402", use, message)


def _instance_logger_problem(facts: FileFacts, use: Node) -> str | None:
    scope = scope_of(use)
    instance = facts.instance_name
    logger = facts.instance_logger
    module_logger = facts.module_logger_name
    bound_in = next(
        (
            function
            for function in scope.functions
            if facts.bindings.binds(function, instance)
        ),
        None,
    )
    method = scope.method
    if bound_in is not None:
        if method is None or bound_in != method.function or method.instance != instance:
            return None  # some other object named self: a parameter or a local
        if is_assignment_target(use) or facts.class_has_logger(method.cls):
            return None
        if facts.defines_method(method.cls, facts.instance_attribute):
            return None  # self.log is a method of the class, not a logger
        name = class_name(method.cls)
        return (
            f"`{logger}` in `{method.qualified_name}`, but class `{name}` has no "
            f"instance logger; assign `{logger}` in `__init__`, list its base class "
            f"in logger-base-classes, or use `{module_logger}`"
        )
    if scope.at_module_level and facts.bindings.binds(facts.root, instance):
        return None
    return f"`{logger}` {_where_no_instance(scope, instance)}; use `{module_logger}`"


def _where_no_instance(scope: Scope, instance: str) -> str:
    method = scope.method
    if method is not None and method.kind == "static":
        return f"in static method `{method.qualified_name}`, which has no instance"
    if method is not None and method.kind == "class":
        return f"in class method `{method.qualified_name}`, which has no instance"
    if method is not None:
        return f"in `{method.qualified_name}`, where `{instance}` is not defined"
    if scope.cls is not None and not scope.functions:
        return f"in the body of class `{class_name(scope.cls)}`, which has no instance"
    if scope.functions and scope.cls is None:
        outer = scope.functions[-1]
        if outer.type == "function_definition":
            name = text(outer.child_by_field_name("name"))
            return f"in module-level function `{name}`, which has no instance"
    if scope.at_module_level:
        return "at module level, where there is no instance"
    return f"where `{instance}` is not defined"


# print(): FIS405


def _check_prints(context: FileContext, facts: FileFacts) -> Iterator[Finding]:
    calls = [
        found
        for found in facts.scan.function_calls(("print",))
        if not _prints_to_file(found.arguments, facts)
    ]
    if not calls or facts.bindings.binds(facts.root, "print"):
        return
    for found in calls:
        call = found.call
        scope = scope_of(call)
        if any(facts.bindings.binds(function, "print") for function in scope.functions):
            continue
        yield context.finding(
            "FIS405",
            call,
            "`print()` in package code; log through "
            f"`{facts.instance_logger}` or `{facts.module_logger_name}`, or list this "
            "path in print-allowed",
        )


def _prints_to_file(arguments: Node, facts: FileFacts) -> bool:
    """Return whether a print() call writes to a file of its own
    (``file=stream``), which is output, not a message for a person.
    ``file=sys.stdout``, ``sys.stderr`` and None still print to the
    console."""
    for child in arguments.named_children:
        if child.type != "keyword_argument":
            continue
        if text(child.child_by_field_name("name")) != "file":
            continue
        value = text(child.child_by_field_name("value")).replace(" ", "")
        head, _, rest = value.partition(".")
        resolved = facts.imports.get(head, head) + (f".{rest}" if rest else "")
        return resolved not in CONSOLE_STREAMS
    return False


def _forwards_exception(call: Node) -> bool:
    """Return whether the call is inside a function named exception, as
    in a logger wrapper whose own exception() its callers use in their
    except blocks."""
    scope = scope_of(call)
    return any(
        text(function.child_by_field_name("name")) == "exception"
        for function in scope.functions
        if function.type == "function_definition"
    )


def _has_keyword(arguments: Node, name: str) -> bool:
    return any(
        child.type == "keyword_argument"
        and text(child.child_by_field_name("name")) == name
        for child in arguments.named_children
    )


COMPREHENSIONS = frozenset(
    {
        "list_comprehension",
        "set_comprehension",
        "dictionary_comprehension",
        "generator_expression",
    }
)


def bound_nearby(node: Node, name: str) -> bool:
    """Return whether ``name`` is bound, around ``node``, by a comprehension
    it sits in or by the pattern of a ``case`` it sits in, which the
    function-level bindings do not see."""
    parent = node.parent
    while parent is not None and parent.type not in (
        "function_definition",
        "class_definition",
    ):
        if parent.type in COMPREHENSIONS:
            for clause in parent.named_children:
                if clause.type == "for_in_clause" and _names(
                    clause.child_by_field_name("left"), name
                ):
                    return True
        if parent.type == "case_clause":
            for pattern in parent.named_children:
                if pattern.type == "case_pattern" and _names(pattern, name):
                    return True
        parent = parent.parent
    return False


def _names(node: Node | None, name: str) -> bool:
    if node is None:
        return False
    if node.type == "identifier":
        return text(node) == name
    return any(_names(child, name) for child in node.named_children)


def spelled(node: Node) -> str:
    """Return a name or dotted attribute as code writes it, without the
    spaces, line continuations and comments between its parts."""
    if node.type == "attribute":
        value = node.child_by_field_name("object")
        attribute = node.child_by_field_name("attribute")
        if value is not None and attribute is not None:
            return f"{spelled(value)}.{text(attribute)}"
    return "".join(text(node).split())
