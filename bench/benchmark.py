"""Time each fisio hook as a whole process against the tools people use
instead, on the same files in one run, and write the medians and ratios
into ``docs/benchmarks.md``.

Two workloads: ``small``, ten Python files of Django's package as a
commit would pass them, and ``tree``, every Python file of the Django
sdist pinned below. Every command of a workload is timed in interleaved
rounds, each one hyperfine invocation with the commands in another order
(see ``rounds.py``), and the rounds' JSON exports are pooled into one
export of hyperfine's shape in ``bench/results/``.

Needs hyperfine on PATH (Debian: ``apt-get install -y hyperfine``) and the
``dev`` extra (ruff, flake8 with flake8-tidy-imports, detect-secrets).
The sdist is fetched once with ``pip download`` into ``bench/.cache/``.

Usage: ``python bench/benchmark.py [--workload small|tree|all] [--rounds N]
[--no-doc]``
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from report import (
    FLAKE8_IMPORTS,
    FLOOR,
    FLOOR_LEAN,
    HOOKS,
    RUFF_IMPORTS,
    RUFF_LOGGING,
    SECRETS_HOOK,
    SECRETS_SCAN,
    write_results,
)
from rounds import merge_exports, round_order

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CACHE = BENCH / ".cache"
RESULTS = BENCH / "results"
DOC = REPO / "docs" / "benchmarks.md"

DJANGO_VERSION = "5.2.8"
ROOT_PACKAGE = "django"
SMALL_FILE_COUNT = 10
# A file in the small workload is at least this large, as a changed file
# in a real commit usually is. Empty __init__.py files would flatter the
# per-file costs.
SMALL_FILE_MIN_BYTES = 1024


@dataclass(frozen=True)
class RoundPlan:
    """The rounds of one workload: ``count`` hyperfine invocations of
    ``runs`` runs of every command, after ``warmup`` invocations of one
    run each whose times are thrown away."""

    count: int
    runs: int
    warmup: int


# Sized so that `--workload all` takes about 16 minutes on 2 cores.
# Small: 8 rounds of 5 runs, about 10 s a round, give 40 runs of every
# command. An even count completes every forward and reversed pair of
# rounds. Tree: one round of every command takes about 3.5 minutes, most
# of it flake8 and the two detect-secrets commands, so 3 rounds of 1 run
# is the fewest that still has a median. The preflight has already run
# every command once on the tree, which warms the page cache and Python's
# bytecode cache, so the tree has no warm-up round.
# TODO: on the tree, ruff's sub-second median rests on 3 runs. A second
# hyperfine invocation a round could give the fast commands more runs.
ROUND_PLANS = {
    "small": RoundPlan(count=8, runs=5, warmup=1),
    "tree": RoundPlan(count=3, runs=1, warmup=0),
}
# xargs passes the tree's file list to one process; its buffer must hold
# the whole list, below the kernel's ARG_MAX (2 MiB on Linux).
XARGS_BUFFER_BYTES = 1_900_000
# The exit status of xargs when a command it ran exited with 1 to 125.
XARGS_CHILD_FAILED = 123

FINDING_LINE = re.compile(r"^.+:\d+:\d+: [A-Z]+[0-9]+ ", re.MULTILINE)
MARKER_BEGIN = "<!-- benchmark results: begin -->"
MARKER_END = "<!-- benchmark results: end -->"


class BenchmarkError(Exception):
    """A missing tool, a failed download or a command that failed."""


@dataclass(frozen=True)
class Command:
    """One benchmarked command; the workload's files are appended."""

    name: str
    argv: tuple[str, ...]

    def count_findings(self, stdout: str) -> int:
        if self.name == SECRETS_HOOK:
            return stdout.count("Location:")
        if self.name == SECRETS_SCAN:
            return stdout.count('"hashed_secret"')
        if self.name in (FLOOR, FLOOR_LEAN):
            return 0
        return len(FINDING_LINE.findall(stdout))


@dataclass(frozen=True)
class Workload:
    name: str
    title: str
    tree: Path
    files: tuple[str, ...]  # relative to ``tree``


# Preparing the files


def django_tree() -> Path:
    """Return the unpacked Django sdist, downloading it on first use."""
    tree = CACHE / f"django-{DJANGO_VERSION}"
    if tree.is_dir():
        return tree
    downloads = CACHE / "sdists"
    archive = downloads / f"django-{DJANGO_VERSION}.tar.gz"
    if not archive.is_file():
        _run_checked(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--no-binary",
                ":all:",
                f"django=={DJANGO_VERSION}",
                "--dest",
                str(downloads),
            ]
        )
    unpack(archive, tree)
    return tree


def unpack(archive: Path, tree: Path) -> None:
    """Unpack an sdist whose top folder is ``tree.name`` into ``tree``."""
    with tempfile.TemporaryDirectory(dir=tree.parent) as scratch:
        with tarfile.open(archive) as tar:
            tar.extractall(scratch, filter="data")
        Path(scratch, tree.name).rename(tree)


def python_files(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*.py")
        if path.is_file() and "__pycache__" not in path.parts
    )


def small_files(tree: Path) -> tuple[str, ...]:
    """Pick files spread evenly over the sorted files of the package."""
    candidates = [
        path
        for path in python_files(tree / ROOT_PACKAGE)
        if path.stat().st_size >= SMALL_FILE_MIN_BYTES
    ]
    step = len(candidates) / SMALL_FILE_COUNT
    picked = [
        candidates[int(step * index + step / 2)] for index in range(SMALL_FILE_COUNT)
    ]
    return tuple(path.relative_to(tree).as_posix() for path in picked)


def workloads(tree: Path, names: list[str]) -> list[Workload]:
    every_file = tuple(path.relative_to(tree).as_posix() for path in python_files(tree))
    available = {
        "small": Workload(
            "small",
            f"{SMALL_FILE_COUNT} changed files",
            tree,
            small_files(tree),
        ),
        "tree": Workload(
            "tree",
            f"whole tree (Django {DJANGO_VERSION} sdist)",
            tree,
            every_file,
        ),
    }
    return [available[name] for name in names]


def snapshot_source() -> dict[str, str]:
    """Export ``src/`` at HEAD into the cache and return the environment
    that makes the hooks import it.

    The hooks are timed as committed, so edits in progress in the work
    tree cannot change or break them in the middle of a run. PYTHONPATH
    comes before the editable install's path entry in ``sys.path``.
    """
    revision = _git_revision()
    target = CACHE / "snapshot"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", revision, "src"],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    # Byte-compile as pip does on install: with PYTHONDONTWRITEBYTECODE
    # set, every run would otherwise compile every module again.
    _run_checked([sys.executable, "-m", "compileall", "-q", str(target / "src")])
    environment = dict(os.environ, PYTHONPATH=str(target / "src"))
    (target / "REVISION").write_text(revision + "\n")
    located = subprocess.run(
        [sys.executable, "-c", "import fisio_hooks; print(fisio_hooks.__file__)"],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not located.startswith(str(target)):
        raise BenchmarkError(
            f"fisio_hooks is imported from {located}, not the snapshot"
        )
    return environment


def write_config() -> Path:
    """Write the fisio-hooks settings the hooks run with: the root package
    is ``django``; everything else keeps its default."""
    config = CACHE / "fisio-hooks.toml"
    config.write_text(f'[tool.fisio-hooks]\nroot-package = "{ROOT_PACKAGE}"\n')
    return config


def warm_page_cache(workload: Workload) -> None:
    for name in workload.files:
        (workload.tree / name).read_bytes()


# The commands


def commands(config: Path) -> tuple[list[Command], dict[str, str]]:
    """Return the commands to time, and why any others were left out."""
    floor = (sys.executable, str(BENCH / "floor.py"))
    candidates = [Command(FLOOR, floor), Command(FLOOR_LEAN, (*floor, "--lean"))]
    for hook in HOOKS:
        candidates.append(
            Command(f"fisio-{hook}", (f"fisio-{hook}", "--config", str(config)))
        )
    ruff = ("ruff", "check", "--no-cache", "--isolated", "--output-format", "concise")
    candidates += [
        Command(
            RUFF_IMPORTS,
            (
                *ruff,
                "--select",
                "TID252",
                "--config",
                'lint.flake8-tidy-imports.ban-relative-imports = "all"',
            ),
        ),
        Command(
            FLAKE8_IMPORTS,
            (
                "flake8",
                "--isolated",
                "--select",
                "I252",
                "--ban-relative-imports",
                "true",
            ),
        ),
        Command(RUFF_LOGGING, (*ruff, "--select", "LOG015,G,T201")),
        # --no-verify: by default detect-secrets sends what it finds to the
        # providers' APIs to verify it. The secrets hook never does, and
        # this machine has no network for it anyway.
        Command(SECRETS_HOOK, ("detect-secrets-hook", "--no-verify")),
        # --all-files: without it, scan keeps only files git tracks, and
        # bench/.cache/ is ignored by git.
        Command(SECRETS_SCAN, ("detect-secrets", "scan", "--all-files", "--no-verify")),
    ]
    available = []
    skipped = {}
    for command in candidates:
        if shutil.which(command.argv[0]) is None:
            skipped[command.name] = f"`{command.argv[0]}` is not on PATH"
        else:
            available.append(command)
    return available, skipped


def full_argv(command: Command, workload: Workload, list_file: Path) -> list[str]:
    """Return the command with the workload's files: as arguments for the
    small workload, and through one xargs call for the tree, whose file
    list is too long for a single argument to hyperfine."""
    if workload.name == "small":
        return [*command.argv, *workload.files]
    xargs = [
        "xargs",
        "--delimiter",
        "\\n",
        "--max-chars",
        str(XARGS_BUFFER_BYTES),
        "--exit",
    ]
    return [*xargs, "--arg-file", str(list_file), *command.argv]


def write_file_list(workload: Workload) -> Path:
    data = "".join(f"{name}\n" for name in workload.files)
    if len(data.encode()) > XARGS_BUFFER_BYTES // 2:
        raise BenchmarkError(
            f"the file list of {workload.name} is {len(data)} bytes, too long"
            " for one process's arguments; pick a smaller tree"
        )
    list_file = CACHE / f"{workload.name}-files.txt"
    list_file.write_text(data)
    return list_file


# Running


def preflight(
    command: Command, workload: Workload, environment: dict[str, str]
) -> dict[str, Any]:
    """Run a command once: it must exit 0 (clean) or 1 (findings).

    The files are passed directly, not through xargs as hyperfine runs
    the tree, because xargs turns every exit status from 1 to 125 into
    123 and so hides an exit 2.
    """
    argv = [*command.argv, *workload.files]
    started = time.perf_counter()
    completed = subprocess.run(
        argv,
        cwd=workload.tree,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    internal_error = "FIS009" in completed.stdout
    if completed.returncode not in (0, 1) or internal_error:
        tail = (completed.stderr or completed.stdout).strip().splitlines()[-5:]
        raise BenchmarkError(
            f"{command.name} exited {completed.returncode} on {workload.name}:"
            f" {' / '.join(tail)}"
        )
    return {
        "exit_code": completed.returncode,
        "findings": command.count_findings(completed.stdout),
        "seconds": round(seconds, 3),
    }


def run_hyperfine(
    order: list[Command],
    workload: Workload,
    list_file: Path,
    runs: int,
    export: Path | None,
    environment: dict[str, str],
) -> None:
    """Time every command of ``order`` ``runs`` times, in that order, in
    one hyperfine invocation."""
    argv = ["hyperfine", "-N", "--ignore-failure", "--style", "basic"]
    argv += ["--runs", str(runs)]
    if export is not None:
        argv += ["--export-json", str(export)]
    for command in order:
        argv += ["--command-name", command.name]
        argv.append(shlex.join(full_argv(command, workload, list_file)))
    subprocess.run(argv, cwd=workload.tree, env=environment, check=True)


def run_rounds(
    runnable: list[Command],
    workload: Workload,
    list_file: Path,
    plan: RoundPlan,
    environment: dict[str, str],
) -> tuple[dict[str, Any], list[list[str]]]:
    """Time the commands in the plan's rounds and return the pooled
    hyperfine export with the command order of each timed round."""
    for number in range(1, plan.warmup + 1):
        print(f"== warm-up round {number} of {plan.warmup}", file=sys.stderr)
        run_hyperfine(runnable, workload, list_file, 1, None, environment)
    scratch = CACHE / "rounds"
    scratch.mkdir(exist_ok=True)
    exports = []
    orders = []
    for index in range(plan.count):
        order = round_order(runnable, index)
        print(f"== round {index + 1} of {plan.count}", file=sys.stderr)
        export = scratch / f"{workload.name}-{index + 1}.json"
        run_hyperfine(order, workload, list_file, plan.runs, export, environment)
        exports.append(json.loads(export.read_text()))
        orders.append([command.name for command in order])
    merged = merge_exports(exports, [command.name for command in runnable])
    return merged, orders


def expected_exit_code(workload: Workload, preflight_code: int) -> int:
    """The exit status every timed run must have: the preflight's, which
    xargs turns into 123 when it is 1."""
    if workload.name == "tree" and preflight_code != 0:
        return XARGS_CHILD_FAILED
    return preflight_code


def run_workload(
    workload: Workload,
    plan: RoundPlan,
    config: Path,
    environment: dict[str, str],
) -> None:
    print(f"== {workload.title}: {len(workload.files)} files", file=sys.stderr)
    available, skipped = commands(config)
    list_file = write_file_list(workload)
    warm_page_cache(workload)
    load_before = os.getloadavg()

    checks: dict[str, dict[str, Any]] = {}
    runnable = []
    for command in available:
        try:
            checks[command.name] = preflight(command, workload, environment)
        except BenchmarkError as error:
            skipped[command.name] = f"failed before timing: {error}"
            continue
        check = checks[command.name]
        check["expected_exit_code"] = expected_exit_code(workload, check["exit_code"])
        runnable.append(command)
        print(f"   {command.name}: {check}", file=sys.stderr)

    merged, orders = run_rounds(runnable, workload, list_file, plan, environment)
    RESULTS.mkdir(exist_ok=True)
    export = RESULTS / f"{workload.name}.hyperfine.json"
    export.write_text(json.dumps(merged, indent=2) + "\n")
    meta = {
        "workload": workload.name,
        "title": workload.title,
        "files": list(workload.files) if workload.name == "small" else [],
        "file_count": len(workload.files),
        "bytes": sum((workload.tree / name).stat().st_size for name in workload.files),
        "lines": sum(_count_lines(workload.tree / name) for name in workload.files),
        "hyperfine_options": ["--runs", str(plan.runs)],
        "rounds": plan.count,
        "runs_per_round": plan.runs,
        "warmup_rounds": plan.warmup,
        "round_orders": orders,
        "preflight": checks,
        "skipped": skipped,
        "load_average_before": [round(value, 2) for value in load_before],
        "load_average_after": [round(value, 2) for value in os.getloadavg()],
        "machine": machine(),
    }
    path = RESULTS / f"{workload.name}.meta.json"
    path.write_text(json.dumps(meta, indent=2) + "\n")


def _count_lines(path: Path) -> int:
    return path.read_bytes().count(b"\n")


def _run_checked(argv: list[str]) -> str:
    try:
        completed = subprocess.run(argv, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BenchmarkError(f"{argv[0]} not found on PATH") from None
    if completed.returncode != 0:
        raise BenchmarkError(
            f"{shlex.join(argv)} failed with exit {completed.returncode}:"
            f" {completed.stderr.strip()}"
        )
    return completed.stdout


# The machine and tool versions


def machine() -> dict[str, str]:
    from importlib.metadata import version

    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cores": str(len(os.sched_getaffinity(0))),
        "cpu": _cpu_model(),
        "python": sys.version.split()[0],
        "fisio-hooks": f"{version('fisio-hooks')} ({_snapshot_revision()})",
        "tree-sitter": version("tree-sitter"),
        "tree-sitter-python": version("tree-sitter-python"),
        "hyperfine": _tool_version(["hyperfine", "--version"]),
        "ruff": _tool_version(["ruff", "--version"]),
        "flake8": _tool_version(["flake8", "--version"]).split(" (")[0],
        "flake8-tidy-imports": version("flake8-tidy-imports"),
        "detect-secrets": _tool_version(["detect-secrets", "--version"]),
    }


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def _tool_version(argv: list[str]) -> str:
    try:
        output = _run_checked(argv).strip()
    except BenchmarkError:
        return "not installed"
    return output.splitlines()[0].removeprefix(argv[0]).strip()


def _snapshot_revision() -> str:
    revision = (CACHE / "snapshot" / "REVISION").read_text().strip()
    return f"commit {revision}, src/ exported from it"


def _git_revision() -> str:
    revision = _run_checked(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    return revision.strip()


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"invalid count {text!r}: expected 1 or more")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--workload",
        choices=("small", "tree", "all"),
        default="all",
        help="which workload to time (default: all)",
    )
    parser.add_argument(
        "--no-doc",
        action="store_true",
        help=f"do not rewrite the results section of {DOC.relative_to(REPO)}",
    )
    parser.add_argument(
        "--rounds",
        type=_positive_int,
        metavar="N",
        help="time every command in N interleaved rounds instead of the"
        " default of the workload (small: 8, tree: 3), for a quick trial",
    )
    arguments = parser.parse_args(argv)
    names = ["small", "tree"] if arguments.workload == "all" else [arguments.workload]
    plans = {name: ROUND_PLANS[name] for name in names}
    if arguments.rounds is not None:
        plans = {
            name: replace(plan, count=arguments.rounds) for name, plan in plans.items()
        }

    if shutil.which("hyperfine") is None:
        print(
            "hyperfine not found: install it with apt-get install -y hyperfine",
            file=sys.stderr,
        )
        return 2
    try:
        CACHE.mkdir(exist_ok=True)
        config = write_config()
        environment = snapshot_source()
        for workload in workloads(django_tree(), names):
            run_workload(workload, plans[workload.name], config, environment)
    except BenchmarkError as error:
        print(f"benchmark: error: {error}", file=sys.stderr)
        return 2

    if not arguments.no_doc:
        write_results(RESULTS, DOC, MARKER_BEGIN, MARKER_END)
        print(f"updated {DOC.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
