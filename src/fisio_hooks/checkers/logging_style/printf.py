"""Rewriting format templates as %-style (printf-style) log messages.

A template is what an f-string or ``str.format()`` formats: literal text
and replacement fields, each with an optional conversion (``!r``) and
format spec (``.2f``). :func:`printf_message` turns it into a %-style
message and the argument list that logging formats lazily, but only
when ``message % arguments`` produces exactly the text the template
would. The conversion is pure string work, shared by the checker (which
decides whether a fix exists) and the fixer (which inserts its result).
"""

import re
from collections.abc import Sequence
from typing import NamedTuple

# The format spec mini-language of str.format() and f-strings, compiled
# on first use by re's own cache, which keeps it off the start-up path.
FORMAT_SPEC = r"""
    (?:(?P<fill>.)?(?P<align>[<>=^]))?
    (?P<sign>[-+\ ])?
    (?P<z>z)?
    (?P<alternate>\#)?
    (?P<zero>0)?
    (?P<width>\d+)?
    (?P<grouping>[,_])?
    (?:\.(?P<precision>\d+))?
    (?P<type>[a-zA-Z%])?
    """
# Presentation types that mean the same in format specs and %-style.
NUMBER_TYPES = frozenset("deEfFgGoxX")
INTEGER_TYPES = frozenset("doxXc")
CONVERSIONS = frozenset("rsa")


class Field(NamedTuple):
    """A replacement field: the source of its expression, its conversion
    (``"r"``, ``"s"``, ``"a"`` or None) and its format spec."""

    expression: str
    conversion: str | None = None
    spec: str = ""


Piece = str | Field


class StringPart(NamedTuple):
    """One string literal of a message, possibly one of several that are
    implicitly concatenated: its prefix without ``f``, its quote and its
    template pieces (literal text is the decoded value, not source)."""

    prefix: str
    quote: str
    pieces: tuple[Piece, ...]


def printf_specifier(conversion: str | None, spec: str) -> str | None:
    """Return the %-style specifier (``%-10r``) that formats a value as
    ``{value!conversion:spec}`` does, or None when there is none.

    The value's type is unknown, so the spec must mean the same for
    every type it applies to: a presentation type (``d``, ``.2f``,
    ``s``) or a conversion, which makes the value a string that aligns
    left by default. A spec with neither (``>10``) has no equivalent,
    because it is passed to the value's own ``__format__``. Specs that
    format() rejects for every type (a precision on ``d``) have none
    either.
    """
    match = re.fullmatch(FORMAT_SPEC, spec, re.VERBOSE | re.DOTALL)
    if match is None or conversion not in (None, *CONVERSIONS):
        return None
    if match["grouping"] or match["z"] or match["fill"] not in (None, " "):
        return None
    if match["align"] in ("^", "="):
        return None
    kind = match["type"]
    if conversion is not None:
        if kind not in (None, "s"):
            return None
        return _text_specifier(match, conversion, default_left=True)
    if kind is None:
        # A spec without a presentation type goes to the value's own
        # __format__: True formats as '1' with '>5', a datetime runs
        # strftime. Only the empty spec is str() for every common type.
        return "%s" if not spec else None
    if kind == "s":
        return _text_specifier(match, "s", default_left=True)
    if kind in NUMBER_TYPES or kind == "c":
        return _number_specifier(match, kind)
    return None


def _text_specifier(
    match: re.Match[str], kind: str, *, default_left: bool
) -> str | None:
    if match["sign"] or match["alternate"] or match["zero"]:
        return None
    align = match["align"]
    left = align == "<" or (align is None and default_left)
    flags = "-" if left and match["width"] else ""
    return _specifier(flags, match, kind)


def _number_specifier(match: re.Match[str], kind: str) -> str | None:
    # %-style converts a Decimal to float for the float types, so
    # format(Decimal("2.675"), ".2f") is 2.68 but "%.2f" % Decimal("2.675")
    # is 2.67, and large values lose digits. The checker cannot see types,
    # so float specs get no fix.
    if kind not in INTEGER_TYPES and kind != "c":
        return None
    if match["precision"] is not None and kind in INTEGER_TYPES:
        return None
    if kind == "c" and (match["sign"] or match["alternate"] or match["zero"]):
        return None
    # With an explicit alignment, a leading 0 is a fill character in
    # format() ('<05d' gives '50000'), not %-style zero padding.
    if match["zero"] and match["align"] is not None:
        return None
    flags = "-" if match["align"] == "<" and match["width"] else ""
    if match["sign"] in ("+", " "):
        flags += match["sign"]
    if match["alternate"]:
        flags += "#"
    if match["zero"]:
        flags += "0"
    return _specifier(flags, match, kind)


def _specifier(flags: str, match: re.Match[str], kind: str) -> str:
    width = match["width"] or ""
    precision = "" if match["precision"] is None else "." + match["precision"]
    return f"%{flags}{width}{precision}{kind}"


def printf_message(
    parts: Sequence[StringPart],
    separators: Sequence[str],
) -> tuple[str, tuple[str, ...]] | None:
    """Return the source of the %-style message and its arguments, or
    None when a field has no exact %-style equivalent.

    ``separators`` is the source between consecutive parts (whitespace,
    line breaks, comments), kept so that a message split over several
    lines stays split.
    """
    sources = []
    arguments: list[str] = []
    for part in parts:
        value = []
        for piece in part.pieces:
            if isinstance(piece, str):
                value.append(piece.replace("%", "%%"))
                continue
            specifier = printf_specifier(piece.conversion, piece.spec)
            if specifier is None:
                return None
            value.append(specifier)
            arguments.append(piece.expression)
        sources.append(string_literal(part.prefix, part.quote, "".join(value)))
    if not arguments:
        return None
    message = sources[0]
    for separator, source in zip(separators, sources[1:], strict=True):
        message += separator + source
    return message, tuple(arguments)


def string_literal(prefix: str, quote: str, value: str) -> str:
    """Return a literal for ``value`` with the given prefix and quote.

    A raw prefix is kept when the value can be written raw. Otherwise
    the raw prefix is dropped, and backslashes, the quote character and
    unprintable characters are escaped.
    """
    if "r" in prefix.lower():
        if _is_raw_safe(value, quote):
            return f"{prefix}{quote}{value}{quote}"
        prefix = prefix.replace("r", "").replace("R", "")
    triple = len(quote) == 3
    body = []
    for char in value:
        if char == "\\":
            body.append("\\\\")
        elif char == quote[0]:
            body.append("\\" + char)
        elif char == "\n":
            body.append("\n" if triple else "\\n")
        elif char == "\t":
            body.append("\\t")
        elif char.isprintable():
            body.append(char)
        else:
            body.append(repr(char)[1:-1])
    return f"{prefix}{quote}{''.join(body)}{quote}"


def _is_raw_safe(value: str, quote: str) -> bool:
    if quote[0] in value or value.endswith("\\"):
        return False
    if len(quote) == 1 and ("\n" in value or "\r" in value):
        return False
    return all(char.isprintable() or char == "\n" for char in value)
