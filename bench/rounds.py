"""Interleaved rounds of hyperfine runs, and the pooling of their exports.

The speed of a shared machine drifts over minutes. When hyperfine is
given every command at once, it runs all the runs of the first command,
then all of the second, so two commands can be timed minutes apart.
The benchmark instead times every command in several rounds, each one
hyperfine invocation with the commands in a different order, and pools
the runs of each command over the rounds.

Pure functions only, so that the tests can import this module without
running hyperfine.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")


def round_order(items: Sequence[Item], index: int) -> list[Item]:
    """Return the order of ``items`` in round ``index`` (from 0).

    Rounds come in pairs: round ``2k`` rotates the items left by ``2k``,
    and round ``2k + 1`` is round ``2k`` reversed. Within each pair,
    every command runs before every other command once, which cancels
    a drift that is linear over the pair. Rotating by two places a pair
    puts a different command first in every round, and a different one
    last, until the rounds outnumber the items.
    """
    if not items:
        return []
    shift = (index // 2 * 2) % len(items)
    rotated = [*items[shift:], *items[:shift]]
    if index % 2 == 1:
        rotated.reverse()
    return rotated


def summarize(times: Sequence[float]) -> dict[str, float | None]:
    """Return hyperfine's statistics of wall times in seconds: the mean,
    the sample standard deviation (``None`` for one run, as hyperfine
    writes it), the median, the minimum and the maximum."""
    if not times:
        raise ValueError("no times to summarize")
    return {
        "mean": statistics.fmean(times),
        "stddev": statistics.stdev(times) if len(times) > 1 else None,
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
    }


def pool_entries(name: str, entries: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Pool one command's result entries from several hyperfine exports
    into one entry of the same shape.

    ``times`` and ``exit_codes`` are concatenated in round order, and the
    statistics are computed again over every run. hyperfine exports
    ``user`` and ``system`` only as means over a round's runs, so the
    pooled values are those means weighted by each round's run count,
    which is the mean over all runs. The entries themselves are kept
    under ``rounds`` for per-round comparisons.
    """
    if not entries:
        raise ValueError(f"no rounds to pool for {name}")
    times: list[float] = []
    exit_codes: list[int] = []
    user = 0.0
    system = 0.0
    for entry in entries:
        runs = len(entry["times"])
        times += entry["times"]
        exit_codes += entry["exit_codes"]
        user += entry["user"] * runs
        system += entry["system"] * runs
    pooled: dict[str, Any] = {"command": name, **summarize(times)}
    pooled["user"] = user / len(times)
    pooled["system"] = system / len(times)
    pooled["times"] = times
    pooled["exit_codes"] = exit_codes
    pooled["rounds"] = [
        {key: value for key, value in entry.items() if key != "command"}
        for entry in entries
    ]
    return pooled


def merge_exports(
    exports: Sequence[dict[str, Any]], names: Sequence[str]
) -> dict[str, Any]:
    """Merge the JSON exports of hyperfine rounds into one export of
    hyperfine's shape, with one pooled entry per command in the order of
    ``names``. Every round must have timed exactly the commands in
    ``names``, whatever their order."""
    by_name: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for number, export in enumerate(exports, start=1):
        timed = [entry["command"] for entry in export["results"]]
        if sorted(timed) != sorted(names):
            raise ValueError(
                f"round {number} timed {sorted(timed)}, expected {sorted(names)}"
            )
        for entry in export["results"]:
            by_name[entry["command"]].append(entry)
    return {"results": [pool_entries(name, by_name[name]) for name in names]}


def round_ratios(slower: dict[str, Any], faster: dict[str, Any]) -> list[float]:
    """Return ``slower / faster`` from the medians of each round, for two
    pooled entries timed in the same rounds. Entries without per-round
    data, as plain hyperfine exports are, give an empty list."""
    slower_rounds = slower.get("rounds", [])
    faster_rounds = faster.get("rounds", [])
    if len(slower_rounds) != len(faster_rounds):
        raise ValueError(
            f"{slower['command']} has {len(slower_rounds)} rounds,"
            f" {faster['command']} has {len(faster_rounds)}"
        )
    return [
        slow["median"] / fast["median"]
        for slow, fast in zip(slower_rounds, faster_rounds, strict=True)
    ]
