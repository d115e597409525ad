"""Run the logging-style checker on real projects and compare it with ruff.

For each project pinned below, the script downloads its sdist from PyPI
with ``pip download`` into ``realworld/.cache/`` (once), unpacks it into
``realworld/.cache/logging-style/``, and then:

1. runs ``fisio-hooks check --checker logging-style --format json`` on
   the package folder, with a settings file in the sdist root that sets
   ``root-package`` (and the project's logger base classes), and ruff
   with the rules for the same faults: LOG015 (root logger call) for
   FIS403, G001-G004 (logging-format) for FIS404, T201 (print) for
   FIS405, and G010 (logging-warn) with LOG004 (exception() outside
   an except block) for FIS406;
2. compares the (file, line) sets of each pair and prints every
   difference with its source line;
3. copies the tree, applies ``--fix``, and checks that
   ``python -m compileall -q`` passes on the copy and that a second
   ``--fix`` changes no file.

Exit status: 0 when the fix checks passed, 1 otherwise. Differences
with ruff are reported, not failures; docs/logging-style.md explains
them.

Usage: ``python realworld/logging_style.py [PROJECT ...]``
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sdists import fetch_sdist, run, tree_digest

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
CONFIG_NAME = "fisio-hooks-logging.toml"

# Each fisio-hooks code and the ruff rules that catch the same fault.
PAIRS = {
    "FIS403": ("LOG015",),
    "FIS404": ("G001", "G002", "G003", "G004"),
    "FIS405": ("T201",),
    "FIS406": ("G010", "LOG004"),
}


@dataclass(frozen=True)
class Project:
    """A PyPI sdist, its package folder and the logging-style settings
    the project would use."""

    name: str
    version: str
    package_dir: str
    root_package: str
    logging_settings: str = ""

    @property
    def slug(self) -> str:
        return f"{self.name}-{self.version}"


PROJECTS = {
    project.name: project
    for project in (
        # gunicorn logs through self.log; its worker classes inherit it
        # from base classes defined in other files.
        Project(
            "gunicorn",
            "23.0.0",
            "gunicorn",
            "gunicorn",
            'logger-base-classes = ["Worker", "AsyncWorker"]\n',
        ),
        # locust logs through module loggers and the root logger.
        Project("locust", "2.32.0", "locust", "locust"),
        # luigi logs through a few module loggers, also in classes.
        Project("luigi", "3.5.2", "luigi", "luigi"),
    )
}

Location = tuple[str, int]


def write_config(tree: Path, project: Project) -> Path:
    """Write the settings file into the sdist root, which makes it the
    project root for the print-allowed globs."""
    config = tree / CONFIG_NAME
    text = f'[tool.fisio-hooks]\nroot-package = "{project.root_package}"\n'
    if project.logging_settings:
        text += "\n[tool.fisio-hooks.logging-style]\n" + project.logging_settings
    config.write_text(text, encoding="utf-8")
    return config


def fisio_findings(
    tree: Path, project: Project, fix: bool = False
) -> list[dict[str, Any]]:
    argv = [
        "fisio-hooks",
        "check",
        "--checker",
        "logging-style",
        "--format",
        "json",
        "--exit-zero",
        "--config",
        CONFIG_NAME,
    ]
    if fix:
        argv.append("--fix")
    findings: list[dict[str, Any]] = json.loads(
        run([*argv, project.package_dir], cwd=tree)
    )
    return findings


def ruff_findings(tree: Path, project: Project) -> list[dict[str, Any]]:
    rules = sorted({rule for rules in PAIRS.values() for rule in rules})
    output = run(
        [
            "ruff",
            "check",
            "--no-cache",
            "--isolated",
            "--no-respect-gitignore",
            "--preview",
            "--select",
            ",".join(rules),
            "--output-format",
            "json",
            "--exit-zero",
            project.package_dir,
        ],
        cwd=tree,
    )
    findings: list[dict[str, Any]] = json.loads(output)
    for finding in findings:
        finding["path"] = Path(finding["filename"]).relative_to(tree).as_posix()
        finding["line"] = finding["location"]["row"]
    return findings


@dataclass
class Comparison:
    code: str
    fisio: set[Location]
    ruff: set[Location]

    @property
    def agreed(self) -> set[Location]:
        return self.fisio & self.ruff


def compare(
    fisio: list[dict[str, Any]], ruff: list[dict[str, Any]]
) -> list[Comparison]:
    comparisons = []
    for code, rules in PAIRS.items():
        ours = {(f["path"], f["line"]) for f in fisio if f["code"] == code}
        theirs = {(f["path"], f["line"]) for f in ruff if f["code"] in rules}
        comparisons.append(Comparison(code, ours, theirs))
    return comparisons


def source_line(tree: Path, location: Location) -> str:
    path, line = location
    try:
        lines = (tree / path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def report_comparison(tree: Path, comparison: Comparison) -> None:
    rules = "/".join(PAIRS[comparison.code])
    print(
        f"  {comparison.code} vs {rules}: fisio-hooks {len(comparison.fisio)},"
        f" ruff {len(comparison.ruff)}, both {len(comparison.agreed)}"
    )
    for label, only in (
        ("only fisio-hooks", comparison.fisio - comparison.ruff),
        ("only ruff", comparison.ruff - comparison.fisio),
    ):
        for location in sorted(only):
            path, line = location
            print(f"    {label}: {path}:{line}: {source_line(tree, location)}")


# Fixing a copy


def check_fixes(tree: Path, project: Project) -> bool:
    """Fix a copy of the tree twice; return whether it still compiles
    and the second pass changed nothing."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch, project.slug)
        shutil.copytree(tree, copy)
        before = tree_digest(copy)
        remaining = fisio_findings(copy, project, fix=True)
        after_first = tree_digest(copy)
        changed = sorted(path for path in before if before[path] != after_first[path])
        compiled = subprocess.run(
            [sys.executable, "-m", "compileall", "-q", project.package_dir],
            cwd=copy,
            capture_output=True,
            text=True,
            check=False,
        )
        fisio_findings(copy, project, fix=True)
        after_second = tree_digest(copy)
        again = sorted(
            path for path in after_first if after_first[path] != after_second[path]
        )
    dropped = [f for f in remaining if f["code"] == "FIS005"]
    fixable = Counter(f["code"] for f in remaining if f["fix"] and f["fix"]["safe"])
    print(f"  --fix changed {len(changed)} files; findings left: {len(remaining)}")
    print(f"  compileall: {'ok' if compiled.returncode == 0 else 'FAILED'}")
    if compiled.returncode != 0:
        print(compiled.stdout[-2000:], compiled.stderr[-2000:])
    print(f"  second --fix changed: {len(again)} files {again if again else ''}")
    print(
        f"  safe fixes left after --fix: {dict(fixable) or 0}; dropped: {len(dropped)}"
    )
    return compiled.returncode == 0 and not again and not dropped and not fixable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("projects", nargs="*", choices=[*PROJECTS, []], default=[])
    arguments = parser.parse_args(argv)
    names = arguments.projects or list(PROJECTS)
    ok = True
    for name in names:
        project = PROJECTS[name]
        tree = fetch_sdist(project.name, project.version)
        write_config(tree, project)
        fisio = fisio_findings(tree, project)
        ruff = ruff_findings(tree, project)
        files = len(list((tree / project.package_dir).rglob("*.py")))
        counts = Counter(f["code"] for f in fisio)
        offered = Counter(f["code"] for f in fisio if f["fix"] and f["fix"]["safe"])
        print(f"{project.slug}: {files} files")
        print(f"  fisio-hooks findings: {dict(sorted(counts.items()))}")
        print(f"  safe fixes offered: {dict(sorted(offered.items()))}")
        for comparison in compare(fisio, ruff):
            report_comparison(tree, comparison)
        ok = check_fixes(tree, project) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
