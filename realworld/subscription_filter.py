"""Run the subscription-filter checker on real pymongo and Motor users.

Each project is a pinned PyPI source distribution, downloaded with
``pip download --no-deps --no-binary :all:`` into ``realworld/.cache/``
(git-ignored) and checked with ``fields`` set to the key that project
scopes its documents by. The findings are written to
``realworld/.cache/subscription-filter/<project>.json`` for review, and
a count per code is printed. The review itself is in
``docs/subscription-filter.md``.

Usage: ``python realworld/subscription_filter.py [PROJECT ...]``, or
``python realworld/subscription_filter.py --speed [RUNS]`` to time this
hook against absolute-imports on ten Girder models (see ``compare_speed``).
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sdists import fetch_sdist

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
RESULTS = CACHE / "subscription-filter"


@dataclass(frozen=True)
class Project:
    name: str
    version: str
    # The key each project restricts a user's or tenant's documents by.
    fields: tuple[str, ...]
    # Folders inside the sdist to check (tests and docs are skipped).
    paths: tuple[str, ...]
    global_collections: tuple[str, ...] = ()
    # Receivers that add the user's filter themselves.
    scoped_receivers: tuple[str, ...] = ()


PROJECTS = (
    # LangChain's MongoDB integration: chat histories are per session.
    Project(
        "langchain-mongodb",
        "0.12.1",
        fields=("SessionId",),
        paths=("langchain_mongodb",),
    ),
    # Girder, a data management platform: documents belong to a user
    # through userId (tokens, API keys, notifications) or creatorId.
    Project(
        "girder",
        "5.0.21",
        fields=("userId", "creatorId"),
        paths=("girder",),
        global_collections=("setting", "assetstore"),
    ),
    # Eve, a REST framework over MongoDB: user-restricted resources are
    # filtered by the configured auth_field, conventionally user_id.
    Project(
        "eve",
        "2.1.0",
        fields=("user_id",),
        paths=("eve",),
        # Eve's data layer adds the auth_field filter itself.
        scoped_receivers=("app.data", "current_app.data"),
    ),
)


def settings_file(project: Project, folder: Path) -> str:
    def array(values: tuple[str, ...]) -> str:
        return "[" + ", ".join(json.dumps(value) for value in values) + "]"

    return (
        "[tool.fisio-hooks]\n"
        f'root-package = "{project.paths[0]}"\n'
        'exclude = ["**/tests/**", "**/test_*.py"]\n\n'
        "[tool.fisio-hooks.subscription-filter]\n"
        f"fields = {array(project.fields)}\n"
        f"global-collections = {array(project.global_collections)}\n"
        f"scoped-receivers = {array(project.scoped_receivers)}\n"
    )


def check(project: Project) -> list[dict[str, object]]:
    folder = fetch_sdist(project.name, project.version)
    with tempfile.TemporaryDirectory() as temporary:
        config = Path(temporary) / "pyproject.toml"
        config.write_text(settings_file(project, folder), encoding="utf-8")
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "fisio_hooks",
                "check",
                "--checker",
                "subscription-filter",
                "--config",
                str(config),
                "--format",
                "json",
                *project.paths,
            ],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode not in (0, 1):
        raise RuntimeError(
            f"checking {project.name} failed with exit status {result.returncode}:"
            f"\n{result.stderr}"
        )
    findings: list[dict[str, object]] = json.loads(result.stdout)
    return findings


def compare_speed(runs: int) -> None:
    """Run both hooks alternately as whole processes on the first ten
    Girder models and print the median and minimum CPU and wall times.

    CPU time (user + system, from getrusage) is the steadier figure on a
    shared machine; alternating the two commands spreads load changes
    over both.
    """
    girder = next(project for project in PROJECTS if project.name == "girder")
    folder = fetch_sdist(girder.name, girder.version)
    files = [
        str(path.relative_to(folder))
        for path in sorted(folder.glob("girder/models/*.py"))[:10]
    ]
    scripts = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as temporary:
        config = Path(temporary) / "pyproject.toml"
        config.write_text(
            '[tool.fisio-hooks]\nroot-package = "girder"\n', encoding="utf-8"
        )
        commands = {
            hook: [str(scripts / f"fisio-{hook}"), "--config", str(config), *files]
            for hook in ("subscription-filter", "absolute-imports")
        }
        cpu: dict[str, list[float]] = {hook: [] for hook in commands}
        wall: dict[str, list[float]] = {hook: [] for hook in commands}
        for _ in range(runs):
            for hook, command in commands.items():
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run(command, cwd=folder, capture_output=True, check=False)
                wall[hook].append((time.perf_counter() - start) * 1000)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                used = (
                    after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
                )
                cpu[hook].append(used * 1000)
    for hook in commands:
        print(
            f"{hook}: CPU median {statistics.median(cpu[hook]):.1f} ms"
            f" (min {min(cpu[hook]):.1f}), wall median"
            f" {statistics.median(wall[hook]):.1f} ms (min {min(wall[hook]):.1f})"
        )
    ratio = statistics.median(cpu["subscription-filter"]) / statistics.median(
        cpu["absolute-imports"]
    )
    print(f"CPU ratio of medians: {ratio:.2f}")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--speed"]:
        compare_speed(int(argv[1]) if len(argv) > 1 else 60)
        return 0
    RESULTS.mkdir(parents=True, exist_ok=True)
    selected = [project for project in PROJECTS if not argv or project.name in argv]
    for project in selected:
        findings = check(project)
        output = RESULTS / f"{project.name}.json"
        output.write_text(json.dumps(findings, indent=2), encoding="utf-8")
        counts = Counter(str(finding["code"]) for finding in findings)
        summary = ", ".join(f"{code} {count}" for code, count in sorted(counts.items()))
        print(f"{project.name} {project.version}: {len(findings)} findings ({summary})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
