"""Which identifiers are bindings, of what kind and in which scope."""

from __future__ import annotations

import textwrap

import pytest

from fisio_hooks.checkers.subscription_id.bindings import Binding, Kind, binding_of
from fisio_hooks.checkers.subscription_id.safety import rename_blocker
from fisio_hooks.engine.syntax import captures, parse, text


def bindings(source: str, name: str) -> list[Binding | None]:
    """Return ``binding_of`` for every identifier ``name`` in ``source``."""
    tree = parse(textwrap.dedent(source).encode())
    nodes = captures("(identifier) @name", tree.root_node).get("name", [])
    ordered = sorted(nodes, key=lambda node: node.start_byte)
    return [binding_of(node) for node in ordered if text(node) == name]


def first_binding(source: str, name: str) -> Binding:
    found = [binding for binding in bindings(source, name) if binding is not None]
    assert found, f"{name} is not bound"
    return found[0]


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("def f(x): pass", Kind.PARAMETER),
        ("def f(*, x=1): pass", Kind.PARAMETER),
        ("def f(x: int = 1): pass", Kind.PARAMETER),
        ("def f(*x: int): pass", Kind.PARAMETER),
        ("def f(**x): pass", Kind.PARAMETER),
        ("def f(x, /): pass", Kind.PARAMETER),
        ("lambda x: x", Kind.PARAMETER),
        ("lambda *x, **k: x", Kind.PARAMETER),
        ("x = 1", Kind.GLOBAL_VARIABLE),
        ("def f():\n    x = 1", Kind.LOCAL_VARIABLE),
        ("def f():\n    x += 1", Kind.LOCAL_VARIABLE),
        ("def f():\n    x: int", Kind.LOCAL_VARIABLE),
        ("def f():\n    a, (b, *x) = y", Kind.LOCAL_VARIABLE),
        ("def f():\n    for x in y: pass", Kind.LOCAL_VARIABLE),
        ("def f():\n    with y as (a, x): pass", Kind.LOCAL_VARIABLE),
        ("def f():\n    try: pass\n    except E as x: pass", Kind.LOCAL_VARIABLE),
        ("def f():\n    (x := 1)", Kind.LOCAL_VARIABLE),
        ("[x for x in y]", Kind.LOCAL_VARIABLE),
        ("def x(): pass", Kind.FUNCTION),
        ("async def x(): pass", Kind.FUNCTION),
        ("class C:\n    def x(self): pass", Kind.METHOD),
        ("class x: pass", Kind.CLASS),
        ("class C:\n    x = 1", Kind.CLASS_ATTRIBUTE),
        ("@dataclass\nclass C:\n    x: int", Kind.DATACLASS_FIELD),
        (
            "@dataclasses.dataclass(frozen=True)\nclass C:\n    x: int",
            Kind.DATACLASS_FIELD,
        ),
        ("class C:\n    def m(self):\n        self.x = 1", Kind.INSTANCE_ATTRIBUTE),
        ("class C:\n    def m(self):\n        self.x += 1", Kind.INSTANCE_ATTRIBUTE),
        ("class C:\n    def m(this):\n        this.x = 1", Kind.INSTANCE_ATTRIBUTE),
        (
            "class C:\n    @classmethod\n    def m(cls):\n        cls.x = 1",
            Kind.CLASS_ATTRIBUTE,
        ),
        (
            "class C:\n    def m(self):\n        def g():\n            self.x = 1",
            Kind.INSTANCE_ATTRIBUTE,
        ),
        ("type x = int", Kind.TYPE_ALIAS),
        ("type x[T] = list[T]", Kind.TYPE_ALIAS),
        ("def f(v):\n    match v:\n        case [x]: pass", Kind.LOCAL_VARIABLE),
        ("def f(v):\n    match v:\n        case {'k': x}: pass", Kind.LOCAL_VARIABLE),
        ("def f(v):\n    match v:\n        case P(a=x): pass", Kind.LOCAL_VARIABLE),
        ("def f(v):\n    match v:\n        case [*x]: pass", Kind.LOCAL_VARIABLE),
        ("def f(v):\n    match v:\n        case {**x}: pass", Kind.LOCAL_VARIABLE),
        ("def f(v):\n    match v:\n        case 1 | 2 as x: pass", Kind.LOCAL_VARIABLE),
        ("def f():\n    global x\n    x = 1", Kind.GLOBAL_VARIABLE),
    ],
)
def test_binding_kind(source: str, kind: Kind) -> None:
    assert first_binding(source, "x").kind is kind


@pytest.mark.parametrize(
    "source",
    [
        "print(x)",
        "y = x",
        "y = o.x",
        "o.x = 1",
        "f(x=1)",
        "import x",
        "import a.x",
        "from a import x",
        "from a import b as x",
        "def f(y=x): pass",
        "def f(y: x): pass",
        "d[x] = 1",
        "del x",
        "def f():\n    global x",
        "y = 'x'",
        "class C(x): pass",
        "class C(TypedDict):\n    x: int",
        "class C(typing.TypedDict, total=False):\n    x: int",
        "class C:\n    @staticmethod\n    def m(self):\n        self.x = 1",
        "def f(self):\n    self.x = 1",
        "def f(v):\n    match v:\n        case P(x=1): pass",
        "def f(v):\n    match v:\n        case x.y: pass",
    ],
)
def test_not_a_binding(source: str) -> None:
    assert all(binding is None for binding in bindings(source, "x"))


def test_parameter_scope_is_function() -> None:
    binding = first_binding("def f(x): pass", "x")
    assert binding.scope.type == "function_definition"


def test_function_name_scope_is_enclosing() -> None:
    binding = first_binding("class C:\n    def x(self): pass", "x")
    assert binding.scope.type == "class_definition"


def test_comprehension_target_scope() -> None:
    binding = first_binding("def f(y):\n    return [x for x in y]", "x")
    assert binding.scope.type == "list_comprehension"


def test_walrus_in_comprehension_binds_in_function() -> None:
    binding = first_binding("def f(y):\n    return [x for z in y if (x := z)]", "x")
    assert binding.scope.type == "function_definition"


def test_walrus_in_first_iterable_binds_outside() -> None:
    source = "def f(y):\n    return [a for a in (x := y)]"
    assert first_binding(source, "x").scope.type == "function_definition"


def test_nonlocal_binds_in_outer_function() -> None:
    source = """
        def outer():
            def inner():
                nonlocal x
                x = 1
    """
    binding = first_binding(source, "x")
    assert binding.declared == "nonlocal"
    assert binding.scope.type == "function_definition"
    assert text(binding.scope.child_by_field_name("name")) == "outer"


def test_global_in_function_binds_in_module() -> None:
    binding = first_binding("def f():\n    global x\n    x = 1", "x")
    assert binding.scope.type == "module"


def block_reason(source: str, old: str = "old", new: str = "new") -> str | None:
    binding = first_binding(source, old)
    return rename_blocker(binding.scope, old, new)


def test_rename_allowed() -> None:
    assert block_reason("def f():\n    old = 1\n    g(new=old, x=o.new)") is None


def test_rename_blocked_by_new_name() -> None:
    reason = block_reason("def f():\n    old = 1\n    return new")
    assert reason == "`new` is already used in this function"


def test_rename_blocked_by_new_name_in_nested() -> None:
    source = "def f():\n    old = 1\n    def g():\n        new = 2\n        return old"
    assert block_reason(source) == "`new` is already used in this function"


def test_rename_blocked_by_nonlocal() -> None:
    source = "def f():\n    old = 1\n    def g():\n        nonlocal old"
    assert block_reason(source) == "a nested function declares `old` nonlocal"


@pytest.mark.parametrize(
    ("call", "name"),
    [
        ("locals()", "locals"),
        ("eval(s)", "eval"),
        ("exec(s)", "exec"),
        ("vars()", "vars"),
        ("dir()", "dir"),
        ("sys._getframe()", "_getframe"),
        ("inspect.currentframe()", "currentframe"),
    ],
)
def test_rename_blocked_by_dynamic_call(call: str, name: str) -> None:
    reason = block_reason(f"def f():\n    old = 1\n    return {call}")
    assert reason == f"the function calls {name}()"


@pytest.mark.parametrize("call", ["vars(o)", "dir(o)", "o.locals"])
def test_rename_allowed_with_harmless_call(call: str) -> None:
    assert block_reason(f"def f(o):\n    old = 1\n    return {call}") is None


def test_rename_blocked_by_fstring_equals() -> None:
    reason = block_reason("def f():\n    old = 1\n    return f'{old=}'")
    assert reason == "an f-string prints the name `old` with `=`"


def test_rename_allowed_with_plain_fstring() -> None:
    assert block_reason("def f():\n    old = 1\n    return f'{old!r:>4}'") is None


def test_rename_blocked_by_case_capture() -> None:
    source = "def f(v):\n    old = 0\n    match v:\n        case [old]: pass"
    assert block_reason(source) == "a case pattern binds `old`"


def test_comprehension_rename_place() -> None:
    reason = block_reason("[old for old in new]")
    assert reason == "`new` is already used in this comprehension"


def test_rename_blocked_by_string_annotation() -> None:
    reason = block_reason("def f():\n    old = 1\n    x: 'list[old]' = []")
    assert reason == "a string annotation names `old`"


def test_rename_allowed_with_attribute_in_annotation() -> None:
    assert block_reason("def f():\n    old = 1\n    x: 'm.old' = []") is None


@pytest.mark.parametrize(
    "statement",
    ["import old", "from m import old", "from m import x as old", "def old(): pass"],
)
def test_rename_blocked_by_other_binding(statement: str) -> None:
    reason = block_reason(f"def f():\n    old = 1\n    {statement}")
    assert reason == "`old` is also imported or defined by def or class here"


@pytest.mark.parametrize(
    "statement",
    ["from old import x", "import m.old as y", "def g():\n        def old(): pass"],
)
def test_rename_allowed_with_unrelated_import(statement: str) -> None:
    assert block_reason(f"def f():\n    old = 1\n    {statement}") is None


def test_global_declared_in_nested_function_ignored() -> None:
    source = "def f():\n    def g():\n        global x\n    x = 1"
    binding = first_binding(source, "x")
    assert binding.kind is Kind.LOCAL_VARIABLE
    assert binding.declared is None
