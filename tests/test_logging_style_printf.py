"""The %-style conversion of format specs and templates (FIS404 fixes)."""

from __future__ import annotations

import ast

import pytest

from fisio_hooks.checkers.logging_style.printf import (
    Field,
    StringPart,
    printf_message,
    printf_specifier,
    string_literal,
)

EXACT = [
    ("plain", None, "", "%s"),
    ("repr", "r", "", "%r"),
    ("str", "s", "", "%s"),
    ("ascii", "a", "", "%a"),
    ("zero padded", None, "05d", "%05d"),
    ("right aligned", None, ">10s", "%10s"),
    ("left aligned", None, "<8s", "%-8s"),
    ("space fill", None, " >10s", "%10s"),
    ("align without width", "s", "<", "%s"),
    ("repr defaults left", "r", "12", "%-12r"),
    ("repr right", "r", ">12", "%12r"),
    ("repr precision", "r", ".5", "%.5r"),
    ("repr with s type", "r", ">4s", "%4r"),
    ("string type", None, "10s", "%-10s"),
    ("string precision", None, ".3s", "%.3s"),
    ("plus sign", None, "+d", "%+d"),
    ("space sign", None, " d", "% d"),
    ("minus sign", None, "-d", "%d"),
    ("alternate hex", None, "#x", "%#x"),
    ("upper hex", None, "#X", "%#X"),
    ("octal", None, "#o", "%#o"),
    ("character", None, "c", "%c"),
    ("number left", None, "<6d", "%-6d"),
    ("number right", None, ">6d", "%6d"),
]

NOT_EXACT = [
    # Float types: %-style turns a Decimal into a float first.
    ("fixed precision", None, ".2f"),
    ("exponent", None, "+.1e"),
    ("general", None, "g"),
    ("upper fixed", None, "F"),
    ("width and precision", None, "8.3f"),
    ("thousands", None, ","),
    ("underscores", None, "_d"),
    ("centred", None, "^10"),
    ("fill character", None, "*>10"),
    ("sign aware padding", None, "=10"),
    ("width without type", None, "10"),
    ("alignment without type", None, ">10"),
    ("left alignment without type", None, "<"),
    ("precision without type", None, ".3"),
    ("percent type", None, "%"),
    ("binary type", None, "b"),
    ("locale type", None, "n"),
    ("zero with alignment", None, "<05d"),
    ("integer precision", None, ".2d"),
    ("sign on string", None, "+s"),
    ("number type after repr", "r", "d"),
    ("zero after repr", "r", "05"),
    ("z flag", None, "z.2f"),
    ("unknown conversion", "x", ""),
    ("garbage", None, "10q1"),
    ("sign on character", None, "+c"),
]


@pytest.mark.parametrize(
    ("conversion", "spec", "expected"),
    [case[1:] for case in EXACT],
    ids=[case[0] for case in EXACT],
)
def test_specifier_exact(conversion: str | None, spec: str, expected: str) -> None:
    assert printf_specifier(conversion, spec) == expected


@pytest.mark.parametrize(
    ("conversion", "spec"),
    [case[1:] for case in NOT_EXACT],
    ids=[case[0] for case in NOT_EXACT],
)
def test_specifier_not_exact(conversion: str | None, spec: str) -> None:
    assert printf_specifier(conversion, spec) is None


VALUES = [0, 7, -42, 255, 3.14159, -0.5, 1e20, True, "text", "a'b", None, [1, "x"]]


@pytest.mark.parametrize(("name", "conversion", "spec", "specifier"), EXACT)
def test_specifier_formats_same(
    name: str, conversion: str | None, spec: str, specifier: str
) -> None:
    """Every value that format() accepts gives the same text both ways."""
    for value in VALUES:
        converted = {"r": repr, "s": str, "a": ascii}.get(conversion or "")
        shown = converted(value) if converted else value
        try:
            expected = format(shown, spec)
        except (TypeError, ValueError, OverflowError):
            continue
        assert specifier % (value,) == expected, (name, value)


def test_literal_keeps_plain_source() -> None:
    assert string_literal("", '"', "user %s") == '"user %s"'


def test_literal_escapes_quote_and_backslash() -> None:
    assert string_literal("", "'", "it's C:\\") == "'it\\'s C:\\\\'"


def test_literal_keeps_raw_prefix() -> None:
    assert string_literal("r", '"', "C:\\data\\%s") == 'r"C:\\data\\%s"'


def test_literal_drops_raw_prefix_when_unsafe() -> None:
    assert string_literal("r", '"', 'say "hi"') == '"say \\"hi\\""'


def test_literal_triple_quotes_keep_newlines() -> None:
    assert string_literal("", '"""', "a\nb") == '"""a\nb"""'


def test_literal_escapes_control_characters() -> None:
    assert string_literal("", '"', "a\tb\x00\n") == '"a\\tb\\x00\\n"'


@pytest.mark.parametrize(
    "value",
    [
        "plain",
        "it's",
        'say "hi"',
        "back\\slash",
        "tab\there",
        "new\nline",
        "\x7f",
        "é•",
    ],
)
def test_literal_round_trips(value: str) -> None:
    for quote in ("'", '"', "'''", '"""'):
        for prefix in ("", "r", "u"):
            assert ast.literal_eval(string_literal(prefix, quote, value)) == value


def test_message_doubles_percent() -> None:
    part = StringPart("", '"', ("100% of ", Field("count")))
    assert printf_message([part], []) == ('"100%% of %s"', ("count",))


def test_message_keeps_separators() -> None:
    first = StringPart("", '"', ("a ", Field("x"), " "))
    second = StringPart("", "'", ("b ", Field("y", "r")))
    message = printf_message([first, second], ["\n    # note\n    "])
    assert message == ("\"a %s \"\n    # note\n    'b %r'", ("x", "y"))


def test_message_without_fields() -> None:
    assert printf_message([StringPart("", '"', ("constant",))], []) is None


def test_message_with_inexact_field() -> None:
    part = StringPart("", '"', (Field("total", None, ","),))
    assert printf_message([part], []) is None
