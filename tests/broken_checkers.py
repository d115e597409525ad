"""Checkers that fail on purpose, to test how the engine contains them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from fisio_hooks.engine.findings import Finding, Fix
from fisio_hooks.engine.rules import Checker, FileContext, Rule

RULE = Rule(code="FIS999", name="test-rule", summary="A test rule.", explanation="")


def raise_error(context: FileContext) -> Iterator[Finding]:
    raise ValueError("the checker broke")
    yield  # pragma: no cover - makes this a generator


def report_first_line(context: FileContext) -> Iterator[Finding]:
    if "broken" not in context.source.text:
        yield context.finding(
            "FIS999", context.source.root, "a finding", Fix(True, "break it")
        )


def break_syntax(text: str, findings: Sequence[Finding], context: FileContext) -> str:
    return "broken = (\n" + text


def raise_in_fixer(text: str, findings: Sequence[Finding], context: FileContext) -> str:
    raise RuntimeError("the fixer broke")


RAISING = Checker(id="raising", rules=(RULE,), check=raise_error)
BAD_FIXER = Checker(
    id="bad-fixer",
    rules=(RULE,),
    check=report_first_line,
    fixer="tests.broken_checkers:break_syntax",
)
RAISING_FIXER = Checker(
    id="raising-fixer",
    rules=(RULE,),
    check=report_first_line,
    fixer="tests.broken_checkers:raise_in_fixer",
)
