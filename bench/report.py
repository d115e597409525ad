"""The results section of docs/benchmarks.md, from hyperfine's JSON exports.

Every ratio is computed from medians of the runs pooled over a
workload's interleaved rounds. A target is met or missed as measured in
that run; nothing here is asserted by a test.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rounds import round_ratios

HOOKS = (
    "absolute-imports",
    "subscription-filter",
    "subscription-id",
    "logging-style",
    "secrets",
)
FLOOR = "floor (tree-sitter parse)"
FLOOR_LEAN = "floor, lean start and exit"
RUFF_IMPORTS = "ruff TID252"
FLAKE8_IMPORTS = "flake8 I252 (flake8-tidy-imports)"
RUFF_LOGGING = "ruff LOG015,G,T201"
SECRETS_HOOK = "detect-secrets-hook"  # pragma: allowlist secret
SECRETS_SCAN = "detect-secrets scan"  # pragma: allowlist secret


@dataclass(frozen=True)
class Target:
    """``slower / faster`` from medians, bounded above (``at_most``) or
    below (``at_least``)."""

    workload: str
    wording: str
    slower: str
    faster: str
    at_most: float | None = None
    at_least: float | None = None


def _targets() -> list[Target]:
    targets = []
    for hook in HOOKS:
        script = f"fisio-{hook}"
        targets.append(
            Target(
                "small",
                f"`{script}` at most 1.5x the floor",
                script,
                FLOOR,
                at_most=1.5,
            )
        )
    for hook in HOOKS:
        script = f"fisio-{hook}"
        targets.append(
            Target(
                "small",
                f"`{script}` at least 5x faster than flake8",
                FLAKE8_IMPORTS,
                script,
                at_least=5,
            )
        )
    targets.append(
        Target(
            "small",
            "`fisio-subscription-filter` within 10% of `fisio-absolute-imports`",
            "fisio-subscription-filter",
            "fisio-absolute-imports",
            at_most=1.10,
        )
    )
    targets.append(
        Target(
            "tree",
            "`fisio-absolute-imports` at least 10x faster than flake8",
            FLAKE8_IMPORTS,
            "fisio-absolute-imports",
            at_least=10,
        )
    )
    targets.append(
        Target(
            "tree",
            "`fisio-absolute-imports` within 10x of ruff",
            "fisio-absolute-imports",
            RUFF_IMPORTS,
            at_most=10,
        )
    )
    for workload in ("small", "tree"):
        for other in (SECRETS_HOOK, SECRETS_SCAN):
            targets.append(
                Target(
                    workload,
                    f"`fisio-secrets` at least 3x faster than `{other}`",
                    other,
                    "fisio-secrets",
                    at_least=3,
                )
            )
    return targets


# Comparisons shown without a target.
COMPARISONS = (
    ("`fisio-logging-style` / ruff LOG015,G,T201", "fisio-logging-style", RUFF_LOGGING),
    ("`fisio-absolute-imports` / ruff TID252", "fisio-absolute-imports", RUFF_IMPORTS),
    ("`fisio-absolute-imports` / floor", "fisio-absolute-imports", FLOOR),
    (
        "`fisio-absolute-imports` / lean floor",
        "fisio-absolute-imports",
        FLOOR_LEAN,
    ),
    ("`fisio-logging-style` / lean floor", "fisio-logging-style", FLOOR_LEAN),
)


def format_seconds(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 10:
        return f"{seconds:.2f} s"
    return f"{seconds:.1f} s"


def cpu_seconds(entry: dict[str, Any]) -> float:
    """Mean user plus system CPU time of a command and its children,
    which other work on the machine disturbs less than wall time."""
    return float(entry["user"] + entry["system"])


def unexpected_exits(entry: dict[str, Any], check: dict[str, Any]) -> list[int]:
    """Return the exit statuses of timed runs that differ from the
    preflight's, which mean the command failed during timing."""
    expected = check.get("expected_exit_code")
    if expected is None:
        return []
    return [code for code in entry["exit_codes"] if code != expected]


def _load(
    results: Path, workload: str
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]] | None:
    meta_path = results / f"{workload}.meta.json"
    timings_path = results / f"{workload}.hyperfine.json"
    if not meta_path.is_file() or not timings_path.is_file():
        return None
    meta = json.loads(meta_path.read_text())
    timings = json.loads(timings_path.read_text())
    by_name = {entry["command"]: entry for entry in timings["results"]}
    return meta, by_name


def _machine_line(meta: dict[str, Any]) -> str:
    machine = meta["machine"]
    tools = ", ".join(
        f"{name} {machine[name]}"
        for name in (
            "fisio-hooks",
            "tree-sitter",
            "tree-sitter-python",
            "ruff",
            "flake8",
            "flake8-tidy-imports",
            "detect-secrets",
            "hyperfine",
        )
    )
    return (
        f"Measured {machine['date']} on {machine['cores']} cores"
        f" ({machine['cpu']}), Python {machine['python']}; {tools}."
    )


def rounds_wording(meta: dict[str, Any]) -> str:
    """Describe how a workload's runs were taken, for example "hyperfine
    `-N --runs 5` in 8 interleaved rounds after 1 warm-up round, runs
    pooled"."""
    options = " ".join(meta["hyperfine_options"])
    count = meta.get("rounds")
    if count is None:
        # Results written before the benchmark timed in rounds.
        return f"hyperfine `-N {options}`, one invocation"
    wording = f"hyperfine `-N {options}` in {_plural(count, 'interleaved round')}"
    warmup = meta.get("warmup_rounds", 0)
    if warmup:
        wording += f" after {_plural(warmup, 'warm-up round')}"
    return wording + ", runs pooled"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _workload_section(
    meta: dict[str, Any], by_name: dict[str, dict[str, Any]]
) -> list[str]:
    floor = by_name.get(FLOOR, {}).get("median")
    lines = [
        f"### {meta['title'][0].upper()}{meta['title'][1:]}",
        "",
        _machine_line(meta),
        "",
        f"{meta['file_count']:,} Python files, {meta['lines']:,} lines,"
        f" {meta['bytes'] / 1024:,.0f} KiB; {rounds_wording(meta)};"
        f" load average {meta['load_average_before'][0]} before,"
        f" {meta['load_average_after'][0]} after.",
        "",
        "| command | median | mean ± SD | CPU | runs | findings | / floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, entry in by_name.items():
        check = meta["preflight"].get(name, {})
        relative = f"{entry['median'] / floor:.2f}" if floor else "-"
        failed = unexpected_exits(entry, check)
        label = name
        if failed:
            label += (
                f" ({len(failed)} of {len(entry['exit_codes'])} runs exited"
                f" {failed[0]}, unlike the preflight: not comparable)"
            )
        lines.append(
            f"| {label} | {format_seconds(entry['median'])}"
            f" | {format_seconds(entry['mean'])}"
            f" ± {format_seconds(entry['stddev'] or 0)}"
            f" | {format_seconds(cpu_seconds(entry))}"
            f" | {len(entry['times'])} | {check.get('findings', '-')} | {relative} |"
        )
    for name, reason in meta["skipped"].items():
        lines.append(f"| {name} | not timed: {reason} | | | | | |")
    if meta["files"]:
        lines += [
            "",
            "Files: " + ", ".join(f"`{name}`" for name in meta["files"]) + ".",
        ]
    lines.append("")
    comparisons = _comparison_lines(by_name)
    if comparisons:
        lines += ["Other ratios of medians: " + "; ".join(comparisons) + ".", ""]
    return lines


def _comparison_lines(by_name: dict[str, dict[str, Any]]) -> list[str]:
    lines = []
    for wording, slower, faster in COMPARISONS:
        if slower in by_name and faster in by_name:
            ratio = by_name[slower]["median"] / by_name[faster]["median"]
            lines.append(f"{wording} {ratio:.2f}")
    return lines


def _title(workload: str) -> str:
    return "10 files" if workload == "small" else "whole tree"


def _target_rows(loaded: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    rows = [
        "| workload | target | measured (medians) | met | same ratio in CPU time |",
        "| --- | --- | ---: | --- | ---: |",
    ]
    for target in _targets():
        by_name = loaded.get(target.workload)
        if by_name is None:
            continue
        title = _title(target.workload)
        if target.slower not in by_name or target.faster not in by_name:
            rows.append(f"| {title} | {target.wording} | not timed | - | - |")
            continue
        slower, faster = by_name[target.slower], by_name[target.faster]
        ratio = slower["median"] / faster["median"]
        cpu_ratio = cpu_seconds(slower) / cpu_seconds(faster)
        if target.at_most is not None:
            measured, cpu = f"{ratio:.2f}x", f"{cpu_ratio:.2f}x"
            met = ratio <= target.at_most
        else:
            measured, cpu = f"{ratio:.1f}x faster", f"{cpu_ratio:.1f}x faster"
            met = target.at_least is not None and ratio >= target.at_least
        verdict = "yes" if met else "**no**"
        rows.append(f"| {title} | {target.wording} | {measured} | {verdict} | {cpu} |")
    return rows


def _meets(target: Target, ratio: float) -> bool:
    if target.at_most is not None:
        return ratio <= target.at_most
    return target.at_least is not None and ratio >= target.at_least


def _round_rows(loaded: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    """Return a table of each target's ratio in every round, or nothing
    when no workload has per-round data."""
    rows = []
    for target in _targets():
        by_name = loaded.get(target.workload, {})
        if target.slower not in by_name or target.faster not in by_name:
            continue
        ratios = round_ratios(by_name[target.slower], by_name[target.faster])
        if not ratios:
            continue
        digits = 2 if target.at_most is not None else 1
        low, middle, high = min(ratios), statistics.median(ratios), max(ratios)
        met = sum(_meets(target, ratio) for ratio in ratios)
        rows.append(
            f"| {_title(target.workload)} | {target.wording}"
            f" | {low:.{digits}f}x | {middle:.{digits}f}x | {high:.{digits}f}x"
            f" | {met} of {len(ratios)} |"
        )
    if not rows:
        return []
    return [
        "The same ratios from the medians of each round alone. A target met"
        " in every round does not depend on when its commands ran.",
        "",
        "| workload | target | min | median | max | met in rounds |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
        *rows,
        "",
    ]


def _targets_intro(metas: dict[str, dict[str, Any]]) -> str:
    parts = [
        f"{_title(workload)}: {rounds_wording(meta)}"
        for workload, meta in metas.items()
    ]
    if all("rounds" in meta for meta in metas.values()):
        lead = "Ratios of the medians of each command's runs, pooled over the"
        lead += " workload's rounds"
    else:
        lead = "Ratios of medians"
    return f"{lead} ({'; '.join(parts)})."


def render(results: Path) -> str:
    lines: list[str] = []
    loaded: dict[str, dict[str, dict[str, Any]]] = {}
    metas: dict[str, dict[str, Any]] = {}
    for workload in ("small", "tree"):
        found = _load(results, workload)
        if found is None:
            continue
        meta, by_name = found
        metas[workload] = meta
        loaded[workload] = {
            name: entry
            for name, entry in by_name.items()
            if not unexpected_exits(entry, meta["preflight"].get(name, {}))
        }
        lines += _workload_section(meta, by_name)
    lines += ["### Targets", "", _targets_intro(metas), ""]
    lines += [*_target_rows(loaded), "", *_round_rows(loaded)]
    return "\n".join(lines)


def write_results(results: Path, doc: Path, begin: str, end: str) -> None:
    """Replace the text between the ``begin`` and ``end`` markers of
    ``doc`` with the rendered results."""
    text = doc.read_text()
    start = text.find(begin)
    stop = text.find(end)
    if start == -1 or stop < start:
        raise ValueError(f"{doc} has no {begin} ... {end} markers")
    new_text = text[: start + len(begin)] + "\n" + render(results) + "\n" + text[stop:]
    doc.write_text(new_text)
