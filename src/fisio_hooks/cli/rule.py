"""``fisio-hooks rule``: a rule's explanation, example and settings."""

from __future__ import annotations

import sys
import textwrap

from fisio_hooks.checkers import CHECKER_MODULES, checker_for_code, load_checker
from fisio_hooks.engine import builtin
from fisio_hooks.engine.rules import Rule

FIX_WORDING = {
    "safe": "a safe fix is applied by --fix",
    "sometimes": "a safe fix is applied by --fix when the rewrite is exact",
    "none": "no automatic fix",
}


def _all_rules() -> list[tuple[str, Rule]]:
    rules = [(builtin.ENGINE_CHECKER, rule) for rule in builtin.RULES]
    for checker_id in CHECKER_MODULES:
        rules.extend((checker_id, rule) for rule in load_checker(checker_id).rules)
    return rules


def find_rule(code: str) -> tuple[str, Rule] | None:
    code = code.upper()
    if code.startswith("FIS0"):
        candidates = [(builtin.ENGINE_CHECKER, rule) for rule in builtin.RULES]
    else:
        checker_id = checker_for_code(code)
        if checker_id is None:
            return None
        candidates = [(checker_id, rule) for rule in load_checker(checker_id).rules]
    for checker_id, rule in candidates:
        if rule.code == code:
            return checker_id, rule
    return None


def format_rule(checker_id: str, rule: Rule) -> str:
    lines = [
        f"{rule.code} {rule.name} ({checker_id})",
        "",
        rule.summary,
        "",
        rule.explanation,
    ]
    if rule.example:
        lines += ["", "Example:", "", textwrap.indent(rule.example, "    ")]
    if rule.fixed_example:
        lines += ["", "Use instead:", "", textwrap.indent(rule.fixed_example, "    ")]
    lines += ["", f"Fix: {FIX_WORDING.get(rule.fix, rule.fix)}."]
    if rule.settings:
        lines += ["", "Settings:"]
        lines += [f"    {setting}" for setting in rule.settings]
    return "\n".join(lines).rstrip() + "\n"


def run_rule(code: str | None) -> int:
    if code is None:
        for checker_id, rule in _all_rules():
            print(f"{rule.code}  {checker_id:<20} {rule.summary}")
        return 0
    found = find_rule(code)
    if found is None:
        print(
            f"fisio-hooks: error: unknown rule {code!r}; "
            "run 'fisio-hooks rule' to list all rules",
            file=sys.stderr,
        )
        return 2
    sys.stdout.write(format_rule(*found))
    return 0
