"""The engine's own rules, the FIS0xx family."""

from __future__ import annotations

from fisio_hooks.engine.rules import Rule

UNREADABLE = Rule(
    code="FIS001",
    name="unreadable-file",
    summary="The file cannot be read.",
    explanation=(
        "The path does not exist, is a folder that cannot be listed, or the\n"
        "operating system denied reading it. Nothing in it was checked."
    ),
)
UNDECODABLE = Rule(
    code="FIS002",
    name="undecodable-file",
    summary="The file cannot be decoded as Python source.",
    explanation=(
        "Python source is decoded as UTF-8 unless a byte order mark or a\n"
        "PEP 263 coding line says otherwise. A byte that is invalid in that\n"
        "encoding, an unknown encoding name, or a NUL byte (a binary file)\n"
        "stops the interpreter from reading the file, so it is not checked."
    ),
    example="# -*- coding: utf-8 -*-\nname = 'caf\\xe9'  # a Latin-1 byte",
    fixed_example="# -*- coding: latin-1 -*-\nname = 'caf\\xe9'",
)
SYNTAX_ERROR = Rule(
    code="FIS003",
    name="syntax-error",
    summary="The file is not valid Python.",
    explanation=(
        "The file does not parse, so no rule that reads the syntax tree\n"
        "runs on it. The message is the interpreter's own, at its location."
    ),
    example="def total(items:\n    return sum(items)",
    fixed_example="def total(items):\n    return sum(items)",
)
TOO_LARGE = Rule(
    code="FIS004",
    name="file-too-large",
    summary="The file is larger than the size limit and was not checked.",
    explanation=(
        "Files over 16 MiB are generated or data, not code that people\n"
        "review; reading and parsing them would stall every commit."
    ),
)
FIX_DROPPED = Rule(
    code="FIS005",
    name="fix-dropped",
    summary="A fix was dropped because its result did not compile.",
    explanation=(
        "Every fixed file is parsed and compiled before it is written. When\n"
        "a checker's fixes produce code that does not, all of that\n"
        "checker's fixes for the file are dropped and the file is left as\n"
        "it was for that checker. Please report it: it is a bug."
    ),
)
FIX_NOT_WRITTEN = Rule(
    code="FIS006",
    name="fix-not-written",
    summary="Fixes were computed but the file could not be written.",
    explanation=(
        "The folder is not writable, the file has several hard links\n"
        "(which replacing it would split), or it changed while it was\n"
        "being fixed. The file is left exactly as it was. Run again, or\n"
        "apply `fisio-hooks check --diff` output with patch."
    ),
)
INTERNAL_ERROR = Rule(
    code="FIS009",
    name="internal-error",
    summary="A checker raised an exception on this file.",
    explanation=(
        "The checker stopped on this file with an exception; other files\n"
        "and checkers still ran, and the exit status is 2. Run again with\n"
        "--verbose to see the traceback, and please report it."
    ),
)

RULES = (
    UNREADABLE,
    UNDECODABLE,
    SYNTAX_ERROR,
    TOO_LARGE,
    FIX_DROPPED,
    FIX_NOT_WRITTEN,
    INTERNAL_ERROR,
)
ENGINE_CHECKER = "fisio-hooks"
