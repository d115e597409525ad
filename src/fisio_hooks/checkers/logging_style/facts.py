"""The loggers of one file.

Built once per file from the nodes that ``scan`` collects. It records
which names are the logging module and its functions and which names
refer to loggers (module loggers, function-local loggers, class
attributes). It also records where the
instance logger (``self.log``) appears and which classes have one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from fisio_hooks.checkers.logging_style.scan import LOG_METHODS, Import, scan
from fisio_hooks.checkers.logging_style.scopes import (
    Bindings,
    Scope,
    class_name,
    decorator_names,
    owning_scope,
    scope_of,
)
from fisio_hooks.engine.settings import LoggingStyleSettings
from fisio_hooks.engine.syntax import string_value, text

if TYPE_CHECKING:
    from tree_sitter import Node

PROPERTY_DECORATORS = frozenset({"property", "cached_property"})
# Annotations that declare a logger: `log: logging.Logger`.
LOGGER_TYPES = frozenset({"Logger", "LoggerAdapter"})


class FileFacts:
    """The logging-related names and classes of one file."""

    def __init__(self, root: Node, data: bytes, settings: LoggingStyleSettings) -> None:
        self.root = root
        self.settings = settings
        self.bindings = Bindings(data)
        instance = settings.instance_logger.replace(" ", "")
        self.instance_logger = instance
        self.instance_name, _, self.instance_attribute = instance.partition(".")
        self.scan = scan(root, data)

        self.imports = _imports(self.scan.imports)
        self.logging_names = {"logging"} if "logging" not in self.imports else set()
        self.logging_names |= {
            name for name, full in self.imports.items() if full == "logging"
        }
        self.logging_functions = {
            name: full.removeprefix("logging.")
            for name, full in self.imports.items()
            if full.startswith("logging.")
            and full.removeprefix("logging.") in LOG_METHODS
        }
        self.get_logger_names = {
            name for name, full in self.imports.items() if full == "logging.getLogger"
        }

        self.module_loggers = set(settings.module_loggers)
        self.local_loggers: dict[int, set[str]] = {}
        self.class_attribute_loggers: set[int] = set()
        # Attributes of each class's instances that hold a logger, such
        # as self._logger assigned from logging.getLogger().
        self.attribute_loggers: dict[int, set[str]] = {}
        self._collect_logger_assignments()
        self.module_logger_name = self._suggested_module_logger()

        self.instance_logger_uses = self._instance_logger_occurrences()
        self.classes_by_name: dict[str, list[Node]] = {}
        self._own_logger: set[int] = set()
        # Classes whose instance logger is known to hold a logger (assigned
        # from getLogger() or a logger), not only to exist.
        self._own_known_logger: set[int] = set()
        self._has_logger: dict[tuple[int, bool], bool] = {}
        self._collect_classes()

    # Loggers

    def is_get_logger(self, call: Node) -> bool:
        """Return whether ``call`` is ``logging.getLogger(...)`` or returns a
        child of such a logger (``.getChild(...)``)."""
        function = call.child_by_field_name("function")
        if function is None:
            return False
        if function.type == "identifier":
            return text(function) in self.get_logger_names
        if function.type != "attribute":
            return False
        value = function.child_by_field_name("object")
        attribute = text(function.child_by_field_name("attribute"))
        if value is None:
            return False
        if attribute == "getLogger":
            return value.type == "identifier" and text(value) in self.logging_names
        if attribute == "getChild" and value.type == "call":
            return self.is_get_logger(value)
        return False

    def receiver_kind(self, receiver: Node, scope: Scope) -> str | None:
        """Classify the object a log method is called on: ``"root"``
        (the logging module, ``logging.root``, ``getLogger()``),
        ``"module"``, ``"local"``, ``"instance"``, ``"attribute"`` (another
        attribute of the instance that refers to a logger), ``"logger"``
        (another ``getLogger(name)``), or None when it is not a known
        logger."""
        while receiver.type == "parenthesized_expression" and receiver.named_children:
            receiver = receiver.named_children[0]
        if receiver.type == "identifier":
            return self._name_kind(text(receiver), scope)
        if receiver.type == "attribute":
            if text(receiver).replace(" ", "") == self.instance_logger:
                return "instance"
            value = receiver.child_by_field_name("object")
            attribute = text(receiver.child_by_field_name("attribute"))
            if value is None or value.type != "identifier":
                return None
            if attribute == "root":
                return "root" if self._name_kind(text(value), scope) == "root" else None
            method = scope.method
            if method is None or method.instance != text(value):
                return None
            loggers = self.attribute_loggers.get(method.cls.id, ())
            return "attribute" if attribute in loggers else None
        if receiver.type == "call" and self.is_get_logger(receiver):
            return "root" if _names_root_logger(receiver) else "logger"
        return None

    def is_builtin(self, name: str, node: Node) -> bool:
        """Return whether ``name`` at ``node`` is the built-in: bound
        neither in an enclosing function nor at module level."""
        scope = scope_of(node)
        if any(self.bindings.binds(function, name) for function in scope.functions):
            return False
        return not self.bindings.binds(self.root, name)

    def _name_kind(self, name: str, scope: Scope) -> str | None:
        for function in scope.functions:
            if name in self.local_loggers.get(function.id, ()):
                return "local"
            if self.bindings.binds(function, name):
                return None
        if name in self.logging_names:
            return "root"
        if name in self.module_loggers:
            return "module"
        return None

    def is_logger_value(self, value: Node) -> bool:
        """Return whether an assigned value is a logger: a ``getLogger``
        call, a module logger, or ``.getChild(...)`` of either."""
        if value.type == "identifier":
            return text(value) in self.module_loggers
        if value.type != "call":
            return False
        if self.is_get_logger(value):
            return True
        function = value.child_by_field_name("function")
        if function is None or function.type != "attribute":
            return False
        parent_logger = function.child_by_field_name("object")
        return (
            text(function.child_by_field_name("attribute")) == "getChild"
            and parent_logger is not None
            and self.is_logger_value(parent_logger)
        )

    def _collect_logger_assignments(self) -> None:
        for name, value in self.scan.assignments:
            if not self.is_logger_value(value):
                continue
            owner = owning_scope(name)
            if owner is None:
                self.module_loggers.add(text(name))
            elif owner.type == "class_definition":
                self.attribute_loggers.setdefault(owner.id, set()).add(text(name))
                if text(name) == self.instance_attribute:
                    self.class_attribute_loggers.add(owner.id)
            else:
                self.local_loggers.setdefault(owner.id, set()).add(text(name))
        for target, value in self.scan.attribute_assignments:
            method = scope_of(target).method
            instance = target.child_by_field_name("object")
            if method is None or method.instance != text(instance):
                continue
            if self.is_logger_value(value):
                attribute = text(target.child_by_field_name("attribute"))
                self.attribute_loggers.setdefault(method.cls.id, set()).add(attribute)

    def _suggested_module_logger(self) -> str:
        for name in sorted(self.module_loggers - set(self.settings.module_loggers)):
            return name
        return (
            self.settings.module_loggers[0] if self.settings.module_loggers else "LOG"
        )

    # The instance logger and classes

    def _instance_logger_occurrences(self) -> list[Node]:
        if not self.instance_name or not self.instance_attribute:
            return []
        attribute = self.instance_attribute.rsplit(".", 1)[-1]
        return [
            node
            for node in self.scan.attribute_uses(attribute)
            if text(node).replace(" ", "") == self.instance_logger
        ]

    def _collect_classes(self) -> None:
        for cls, name in self.scan.classes:
            self.classes_by_name.setdefault(text(name), []).append(cls)
            if cls.id in self.class_attribute_loggers:
                self._own_logger.add(cls.id)
                self._own_known_logger.add(cls.id)
            definition = self._defines_logger(cls)
            if definition is not None:
                self._own_logger.add(cls.id)
            if definition in ("property", "annotation"):
                self._own_known_logger.add(cls.id)
        for use in self.instance_logger_uses:
            owner = scope_of(use).cls if is_assignment_target(use) else None
            if owner is not None:
                self._own_logger.add(owner.id)
                value = use.parent.child_by_field_name("right") if use.parent else None
                if value is not None and self.is_logger_value(value):
                    self._own_known_logger.add(owner.id)

    def _defines_logger(self, cls: Node) -> str | None:
        """Return how the class body defines the instance logger's attribute:
        "annotation" (typed as a logger), "assignment" (a class attribute or
        another annotation), "property", or None when it does not."""
        body = cls.child_by_field_name("body")
        if body is None or "." in self.instance_attribute:
            return None
        for statement in body.named_children:
            if statement.type == "expression_statement" and statement.named_children:
                assignment = statement.named_children[0]
                left = assignment.child_by_field_name("left")
                if (
                    assignment.type == "assignment"
                    and text(left) == self.instance_attribute
                ):
                    annotation = text(assignment.child_by_field_name("type"))
                    if annotation.rsplit(".", 1)[-1] in LOGGER_TYPES:
                        return "annotation"
                    return "assignment"
            if statement.type == "decorated_definition":
                function = statement.child_by_field_name("definition")
                if function is None or function.type != "function_definition":
                    continue
                name = text(function.child_by_field_name("name"))
                decorators = set(decorator_names(function))
                if name == self.instance_attribute and decorators & PROPERTY_DECORATORS:
                    return "property"
        return None

    def defines_method(
        self, cls: Node, name: str, seen: frozenset[int] = frozenset()
    ) -> bool:
        """Return whether ``cls`` or a base class in this file defines a
        method called ``name`` (so ``self.<name>`` exists, though it is
        no logger)."""
        body = cls.child_by_field_name("body")
        for statement in body.named_children if body is not None else []:
            function = statement
            if statement.type == "decorated_definition":
                function = statement.child_by_field_name("definition") or statement
            if function.type != "function_definition":
                continue
            if text(function.child_by_field_name("name")) == name:
                return True
        seen = seen | {cls.id}
        for base in base_names(cls):
            for other in self.classes_by_name.get(base, []):
                if other.id not in seen and self.defines_method(other, name, seen):
                    return True
        return False

    def class_has_logger(self, cls: Node, known_logger: bool = False) -> bool:
        """Return whether instances of ``cls`` have the instance logger: assigned
        in one of its methods, defined in its body, inherited from a
        class in this file, or from a class in ``logger-base-classes``.

        With ``known_logger``, the attribute must also be known to hold a
        logger (assigned from ``getLogger()`` or a logger, a property, or
        a listed base), so that rewriting a call to use it is safe: a
        ``self.log = deque()`` has no ``info()``.
        """
        key = (cls.id, known_logger)
        cached = self._has_logger.get(key)
        if cached is not None:
            return cached
        self._has_logger[key] = False  # a cycle of bases gives no logger
        result = self._resolve_logger(cls, known_logger)
        self._has_logger[key] = result
        return result

    def _resolve_logger(self, cls: Node, known_logger: bool) -> bool:
        own = self._own_known_logger if known_logger else self._own_logger
        if cls.id in own:
            return True
        listed = self.settings.logger_base_classes
        if any(entry.rsplit(".", 1)[-1] == class_name(cls) for entry in listed):
            return True
        for base in base_names(cls):
            if self._is_listed_base(base):
                return True
            simple = base.rsplit(".", 1)[-1]
            local = [
                other for other in self.classes_by_name.get(simple, []) if other != cls
            ]
            if "." not in base and any(
                self.class_has_logger(other, known_logger) for other in local
            ):
                return True
        # TODO: a base imported from another fisio module is not read, so
        # its subclasses need it in logger-base-classes. Following imports
        # would need the other file's tree at check time.
        return False

    def _is_listed_base(self, base: str) -> bool:
        head, _, rest = base.partition(".")
        imported = self.imports.get(head)
        resolved = f"{imported}.{rest}" if imported and rest else imported or base
        simple = base.rsplit(".", 1)[-1]
        for entry in self.settings.logger_base_classes:
            if "." in entry:
                if entry in (base, resolved):
                    return True
            elif entry == simple:
                return True
        return False


def base_names(cls: Node) -> Iterator[str]:
    """Yield the dotted name of each base class (``Generic[T]`` gives
    ``Generic``); keyword arguments such as ``metaclass=`` are skipped."""
    superclasses = cls.child_by_field_name("superclasses")
    if superclasses is None:
        return
    for base in superclasses.named_children:
        if base.type == "subscript":
            base = base.child_by_field_name("value") or base
        if base.type in ("identifier", "attribute"):
            yield text(base).replace(" ", "")


def is_assignment_target(node: Node) -> bool:
    """Return whether ``node`` is assigned to, alone or inside a tuple target."""
    child = node
    parent = node.parent
    while parent is not None and parent.type in (
        "pattern_list",
        "tuple_pattern",
        "list_pattern",
    ):
        child = parent
        parent = parent.parent
    if parent is None or parent.type not in ("assignment", "augmented_assignment"):
        return False
    return child == parent.child_by_field_name("left")


def _names_root_logger(call: Node) -> bool:
    """Return whether a ``getLogger`` call has no name, None or ``""``."""
    arguments = call.child_by_field_name("arguments")
    values = (
        [child for child in arguments.named_children if child.type != "comment"]
        if arguments
        else []
    )
    if not values:
        return True
    if len(values) > 1 or values[0].type == "keyword_argument":
        return False
    return values[0].type == "none" or string_value(values[0]) == ""


def _imports(found: list[Import]) -> dict[str, str]:
    """Map each imported name to what it refers to: ``import a.b`` binds
    ``a`` to ``a``, ``from a import b as c`` binds ``c`` to ``a.b``."""
    imports: dict[str, str] = {}
    for item in found:
        if item.module is not None:
            top = item.module.split(".")[0]
            imports[item.alias or top] = item.module if item.alias else top
        elif item.origin is not None and item.name is not None:
            imports[item.alias or item.name] = f"{item.origin}.{item.name}"
    return imports
