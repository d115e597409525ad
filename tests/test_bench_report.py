"""The benchmark's pooling of hyperfine rounds and its report, on made-up
hyperfine exports: no hyperfine run and no timing."""

from __future__ import annotations

import importlib
import itertools
import json
import sys
from pathlib import Path
from typing import Any

import pytest

# bench/ is a folder of scripts that import each other by module name, as
# Python does for a script's own folder, so the tests put it on sys.path.
BENCH = Path(__file__).resolve().parent.parent / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))
rounds = importlib.import_module("rounds")
report = importlib.import_module("report")


def entry(name: str, times: list[float], user: float = 0.1) -> dict[str, Any]:
    """Return a result entry as hyperfine 1.15 exports it."""
    summary = rounds.summarize(times)
    return {
        "command": name,
        **summary,
        "user": user,
        "system": 0.0,
        "times": times,
        "exit_codes": [0] * len(times),
    }


def export(*entries: dict[str, Any]) -> dict[str, Any]:
    return {"results": list(entries)}


# round_order


def test_round_order_first_round_keeps_order() -> None:
    assert rounds.round_order(["a", "b", "c"], 0) == ["a", "b", "c"]


def test_round_order_second_round_reversed() -> None:
    assert rounds.round_order(["a", "b", "c"], 1) == ["c", "b", "a"]


def test_round_order_third_round_rotated() -> None:
    assert rounds.round_order(["a", "b", "c", "d"], 2) == ["c", "d", "a", "b"]


def test_round_order_fourth_round_rotated_reversed() -> None:
    assert rounds.round_order(["a", "b", "c", "d"], 3) == ["b", "a", "d", "c"]


def test_round_order_rotation_wraps() -> None:
    assert rounds.round_order(["a", "b", "c"], 4) == ["b", "c", "a"]


def test_round_order_empty() -> None:
    assert rounds.round_order([], 3) == []


def test_round_order_pairs_balance_every_pair() -> None:
    names = [f"command {number}" for number in range(11)]
    for pair_start in range(0, 8, 2):
        orders = [rounds.round_order(names, pair_start + offset) for offset in (0, 1)]
        for first, second in itertools.combinations(names, 2):
            before = [order.index(first) < order.index(second) for order in orders]
            assert sorted(before) == [False, True], (pair_start, first, second)


def test_round_order_first_place_moves() -> None:
    names = [f"command {number}" for number in range(11)]
    firsts = [rounds.round_order(names, index)[0] for index in range(8)]
    assert len(set(firsts)) == 8


def test_round_order_last_place_moves() -> None:
    names = [f"command {number}" for number in range(11)]
    lasts = [rounds.round_order(names, index)[-1] for index in range(8)]
    assert len(set(lasts)) == 8


# summarize


def test_summarize_median_of_even_count() -> None:
    assert rounds.summarize([4.0, 1.0, 3.0, 2.0])["median"] == 2.5


def test_summarize_sample_stddev() -> None:
    assert rounds.summarize([1.0, 3.0])["stddev"] == pytest.approx(2**0.5)


def test_summarize_one_run_has_no_stddev() -> None:
    assert rounds.summarize([1.0])["stddev"] is None


def test_summarize_min_max() -> None:
    summary = rounds.summarize([2.0, 1.0, 3.0])
    assert (summary["min"], summary["max"]) == (1.0, 3.0)


def test_summarize_rejects_no_times() -> None:
    with pytest.raises(ValueError, match="no times"):
        rounds.summarize([])


# pool_entries


def test_pool_concatenates_times_in_round_order() -> None:
    pooled = rounds.pool_entries("a", [entry("a", [3.0, 1.0]), entry("a", [2.0])])
    assert pooled["times"] == [3.0, 1.0, 2.0]


def test_pool_concatenates_exit_codes() -> None:
    second = entry("a", [2.0])
    second["exit_codes"] = [1]
    pooled = rounds.pool_entries("a", [entry("a", [3.0, 1.0]), second])
    assert pooled["exit_codes"] == [0, 0, 1]


def test_pool_recomputes_median() -> None:
    # The medians of the rounds are 1.5 and 10. The pooled median is not
    # their mean but the median of all five runs.
    first = entry("a", [1.0, 2.0])
    second = entry("a", [3.0, 10.0, 20.0])
    assert rounds.pool_entries("a", [first, second])["median"] == 3.0


def test_pool_recomputes_mean() -> None:
    first = entry("a", [1.0])
    second = entry("a", [2.0, 3.0, 6.0])
    assert rounds.pool_entries("a", [first, second])["mean"] == 3.0


def test_pool_recomputes_stddev() -> None:
    pooled = rounds.pool_entries("a", [entry("a", [1.0]), entry("a", [3.0])])
    assert pooled["stddev"] == pytest.approx(2**0.5)


def test_pool_weights_user_by_runs() -> None:
    first = entry("a", [1.0], user=0.4)
    second = entry("a", [1.0, 1.0, 1.0], user=0.8)
    assert rounds.pool_entries("a", [first, second])["user"] == pytest.approx(0.7)


def test_pool_keeps_rounds_without_name() -> None:
    pooled = rounds.pool_entries("a", [entry("a", [1.0]), entry("a", [2.0])])
    assert [item["median"] for item in pooled["rounds"]] == [1.0, 2.0]
    assert "command" not in pooled["rounds"][0]


def test_pool_has_hyperfine_keys() -> None:
    pooled = rounds.pool_entries("a", [entry("a", [1.0])])
    assert set(entry("a", [1.0])) <= set(pooled)


def test_pool_rejects_no_rounds() -> None:
    with pytest.raises(ValueError, match="no rounds to pool for a"):
        rounds.pool_entries("a", [])


# merge_exports


def test_merge_orders_by_names() -> None:
    first = export(entry("a", [1.0]), entry("b", [2.0]))
    second = export(entry("b", [2.0]), entry("a", [1.0]))
    merged = rounds.merge_exports([first, second], ["a", "b"])
    assert [item["command"] for item in merged["results"]] == ["a", "b"]


def test_merge_pools_by_name_across_orders() -> None:
    first = export(entry("a", [1.0]), entry("b", [5.0]))
    second = export(entry("b", [6.0]), entry("a", [2.0]))
    merged = rounds.merge_exports([first, second], ["a", "b"])
    assert merged["results"][1]["times"] == [5.0, 6.0]


def test_merge_rejects_missing_command() -> None:
    first = export(entry("a", [1.0]), entry("b", [2.0]))
    second = export(entry("a", [1.0]))
    with pytest.raises(ValueError, match="round 2 timed"):
        rounds.merge_exports([first, second], ["a", "b"])


def test_merge_is_json_serializable() -> None:
    merged = rounds.merge_exports([export(entry("a", [1.0]))], ["a"])
    assert json.loads(json.dumps(merged)) == merged


# round_ratios


def test_round_ratios_per_round() -> None:
    slow = rounds.pool_entries("s", [entry("s", [4.0]), entry("s", [9.0])])
    fast = rounds.pool_entries("f", [entry("f", [2.0]), entry("f", [3.0])])
    assert rounds.round_ratios(slow, fast) == [2.0, 3.0]


def test_round_ratios_plain_export_is_empty() -> None:
    assert rounds.round_ratios(entry("s", [4.0]), entry("f", [2.0])) == []


def test_round_ratios_rejects_unequal_rounds() -> None:
    slow = rounds.pool_entries("s", [entry("s", [4.0]), entry("s", [9.0])])
    fast = rounds.pool_entries("f", [entry("f", [2.0])])
    with pytest.raises(ValueError, match="s has 2 rounds, f has 1"):
        rounds.round_ratios(slow, fast)


# report


def write_results(
    folder: Path, meta_extra: dict[str, Any], timings: dict[str, Any]
) -> None:
    names = [item["command"] for item in timings["results"]]
    meta = {
        "workload": "small",
        "title": "10 changed files",
        "files": [],
        "file_count": 10,
        "bytes": 2048,
        "lines": 100,
        "hyperfine_options": ["--runs", "2"],
        "preflight": {name: {"findings": 0, "expected_exit_code": 0} for name in names},
        "skipped": {},
        "load_average_before": [1.0, 1.0, 1.0],
        "load_average_after": [1.0, 1.0, 1.0],
        "machine": {
            "date": "2026-01-01 00:00 UTC",
            "cores": "2",
            "cpu": "test CPU",
            "python": "3.11.7",
            "fisio-hooks": "1.0.0",
            "tree-sitter": "0.26",
            "tree-sitter-python": "0.25",
            "ruff": "0.17",
            "flake8": "7.5",
            "flake8-tidy-imports": "4.12",
            "detect-secrets": "1.5",
            "hyperfine": "1.15",
        },
        **meta_extra,
    }
    (folder / "small.meta.json").write_text(json.dumps(meta))
    (folder / "small.hyperfine.json").write_text(json.dumps(timings))


def two_rounds() -> dict[str, Any]:
    """The floor and absolute-imports in two rounds: 1.2x the floor in
    the first round, 1.8x in the second, 1.5x pooled."""
    hook = report.HOOKS[0]
    first = export(entry(report.FLOOR, [1.0, 1.0]), entry(f"fisio-{hook}", [1.2, 1.2]))
    second = export(entry(f"fisio-{hook}", [1.8, 1.8]), entry(report.FLOOR, [1.0, 1.0]))
    names = [report.FLOOR, f"fisio-{hook}"]
    merged: dict[str, Any] = rounds.merge_exports([first, second], names)
    return merged


def test_report_rounds_wording() -> None:
    meta = {"hyperfine_options": ["--runs", "5"], "rounds": 8, "warmup_rounds": 1}
    assert report.rounds_wording(meta) == (
        "hyperfine `-N --runs 5` in 8 interleaved rounds after 1 warm-up"
        " round, runs pooled"
    )


def test_report_rounds_wording_one_round() -> None:
    meta = {"hyperfine_options": ["--runs", "1"], "rounds": 1, "warmup_rounds": 0}
    assert report.rounds_wording(meta) == (
        "hyperfine `-N --runs 1` in 1 interleaved round, runs pooled"
    )


def test_report_rounds_wording_before_rounds() -> None:
    meta = {"hyperfine_options": ["--warmup", "2", "--min-runs", "10"]}
    assert report.rounds_wording(meta) == (
        "hyperfine `-N --warmup 2 --min-runs 10`, one invocation"
    )


def test_report_says_runs_pooled(tmp_path: Path) -> None:
    write_results(tmp_path, {"rounds": 2, "warmup_rounds": 0}, two_rounds())
    text = report.render(tmp_path)
    assert "pooled over the workload's rounds" in text


def test_report_keeps_pooled_target_row(tmp_path: Path) -> None:
    write_results(tmp_path, {"rounds": 2, "warmup_rounds": 0}, two_rounds())
    text = report.render(tmp_path)
    row = "| `fisio-absolute-imports` at most 1.5x the floor | 1.50x | yes |"
    assert f"| 10 files {row}" in text


def test_report_per_round_ratios(tmp_path: Path) -> None:
    write_results(tmp_path, {"rounds": 2, "warmup_rounds": 0}, two_rounds())
    text = report.render(tmp_path)
    row = "| `fisio-absolute-imports` at most 1.5x the floor | 1.20x | 1.50x | 1.80x"
    assert f"| 10 files {row} | 1 of 2 |" in text


def test_report_plain_export_has_no_round_table(tmp_path: Path) -> None:
    hook = f"fisio-{report.HOOKS[0]}"
    plain = export(entry(report.FLOOR, [1.0]), entry(hook, [1.2]))
    write_results(tmp_path, {"hyperfine_options": ["--min-runs", "10"]}, plain)
    text = report.render(tmp_path)
    assert "met in rounds" not in text
