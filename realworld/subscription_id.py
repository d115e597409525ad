"""Run the subscription-id checker on real projects with ``canonical`` set
to one of each project's own identifiers, and check its fix.

For each project pinned below, the script downloads its sdist from PyPI
with ``pip download`` into ``realworld/.cache/`` (once), then:

1. runs ``fisio-hooks check --checker subscription-id --format json`` on
   the package folder with the project's ``canonical`` setting, prints
   every finding and a count per kind of name, and writes the findings
   to ``realworld/.cache/subscription-id/<project>.json``;
2. copies the package and applies ``--fix``. Every changed token must
   be a name renamed by a fix (old name to suggested name).
   ``python -m compileall -q`` must pass, a second ``--fix`` must change
   no file, and the findings left must be those without a fix.

Exit status: 0 when every check passed, 1 otherwise. The review of the
findings is in ``docs/subscription-id.md``.

Usage: ``python realworld/subscription_id.py [PROJECT ...]``
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tokenize
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sdists import RealWorldError, fetch_sdist, run

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
RESULTS = CACHE / "subscription-id"


@dataclass(frozen=True)
class Project:
    """A PyPI sdist, its package folder and the identifier to check."""

    name: str
    version: str
    package_dir: str  # relative to the unpacked sdist
    canonical: str
    extra_variants: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return f"{self.name}-{self.version}"


PROJECTS = {
    project.name: project
    for project in (
        # An SSH library: channel ids are spelled chanid almost everywhere.
        Project("paramiko", "3.5.1", "paramiko", "channel_id"),
        # The web framework: admin views and generic relations take an
        # object_id, and some code abbreviates it to obj_id.
        Project("django", "5.2.8", "django", "object_id"),
        # The Jupyter messaging client: the protocol's header field is
        # "msg_id", and the Python names follow it.
        Project("jupyter_client", "8.6.3", "jupyter_client", "message_id"),
    )
}


@dataclass
class Outcome:
    findings: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def write_config(project: Project) -> Path:
    config = CACHE / f"{project.slug}.subscription-id.toml"
    extras = ", ".join(f'"{variant}"' for variant in project.extra_variants)
    config.write_text(
        "[tool.fisio-hooks.subscription-id]\n"
        f'canonical = "{project.canonical}"\n'
        f"extra-variants = [{extras}]\n"
    )
    return config


def check(folder: Path, config: Path, fix: bool = False) -> list[dict[str, Any]]:
    argv = [
        sys.executable,
        "-m",
        "fisio_hooks",
        "check",
        "--checker",
        "subscription-id",
        "--config",
        str(config),
        "--format",
        "json",
        *(["--fix"] if fix else []),
        ".",
    ]
    findings: list[dict[str, Any]] = json.loads(run(argv, cwd=folder, ok=(0, 1)))
    return findings


def kind_of(finding: dict[str, Any]) -> str:
    """Return the kind of name a FIS201 message starts with."""
    return str(finding["message"]).split(" `", 1)[0]


def renames_of(findings: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Return, per file, the old to new name of every finding with a fix."""
    renames: dict[str, dict[str, str]] = {}
    for finding in findings:
        if finding["fix"] is None:
            continue
        message = str(finding["message"])
        old = message.split("`")[1]
        new = message.split("`")[3]
        renames.setdefault(str(finding["path"]), {})[old] = new
    return renames


def tokens(path: Path) -> list[tuple[int, str]]:
    """Return the tokens of a file, comments included, without line breaks
    that carry no meaning."""
    source = io.BytesIO(path.read_bytes())
    return [
        (token.type, token.string)
        for token in tokenize.tokenize(source.readline)
        if token.type not in (tokenize.NL, tokenize.ENCODING)
    ]


def check_renamed_only(
    original: Path, fixed: Path, renames: dict[str, str], outcome: Outcome
) -> int:
    """Check that ``fixed`` differs from ``original`` only in renamed
    names; return how many names were renamed."""
    before = tokens(original)
    after = tokens(fixed)
    if len(before) != len(after):
        outcome.errors.append(f"{original.name}: token count changed")
        return 0
    renamed = 0
    for (kind, old), (_, new) in zip(before, after, strict=True):
        if old == new:
            continue
        if kind != tokenize.NAME or renames.get(old) != new:
            outcome.errors.append(f"{original.name}: {old!r} became {new!r}")
            continue
        renamed += 1
    return renamed


def hashes(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(
            path.read_bytes()
        ).hexdigest()
        for path in sorted(folder.rglob("*.py"))
    }


def check_fix(
    package: Path, config: Path, findings: list[dict[str, Any]], outcome: Outcome
) -> None:
    copy = RESULTS / "fixed" / package.name
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(package, copy)
    before = hashes(copy)
    left = check(copy, config, fix=True)
    after = hashes(copy)
    changed = sorted(name for name in before if before[name] != after[name])
    renames = renames_of(findings)
    renamed = 0
    for name in changed:
        renamed += check_renamed_only(
            package / name, copy / name, renames.get(name, {}), outcome
        )
    print(f"  fix: {len(changed)} files changed, {renamed} names renamed")

    unexpected = [name for name in changed if name not in renames]
    if unexpected:
        outcome.errors.append(f"files changed without a fix: {unexpected}")
    expected_left = sorted(
        (f["path"], f["line"], f["message"]) for f in findings if f["fix"] is None
    )
    actual_left = sorted((f["path"], f["line"], f["message"]) for f in left)
    if len(actual_left) != len(expected_left):
        outcome.errors.append(
            f"{len(actual_left)} findings left after --fix,"
            f" expected {len(expected_left)}"
        )
    print(f"  findings left after --fix: {len(actual_left)}")

    compiled = subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(copy)],
        capture_output=True,
        text=True,
        check=False,
    )
    if compiled.returncode != 0:
        outcome.errors.append(f"compileall failed: {compiled.stdout[-2000:]}")
    else:
        print("  python -m compileall -q: passed")

    check(copy, config, fix=True)
    if hashes(copy) != after:
        outcome.errors.append("a second --fix changed files")
    else:
        print("  second --fix: no file changed")


def report_project(project: Project) -> bool:
    print(f"{project.slug} (canonical = {project.canonical!r})")
    tree = fetch_sdist(project.name, project.version)
    package = tree / project.package_dir
    config = write_config(project)
    outcome = Outcome(findings=check(package, config))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{project.slug}.json").write_text(
        json.dumps(outcome.findings, indent=2) + "\n"
    )
    files = len(list(package.rglob("*.py")))
    fixable = sum(1 for finding in outcome.findings if finding["fix"] is not None)
    print(f"  {len(outcome.findings)} findings in {files} files, {fixable} with a fix")
    for kind, count in sorted(Counter(map(kind_of, outcome.findings)).items()):
        print(f"    {kind}: {count}")
    for finding in outcome.findings:
        print(f"    {finding['path']}:{finding['line']}: {finding['message']}")
    check_fix(package, config, outcome.findings, outcome)
    for error in outcome.errors:
        print(f"  FAILED: {error}")
    return not outcome.errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("projects", nargs="*", help=f"any of {', '.join(PROJECTS)}")
    arguments = parser.parse_args(argv)
    names = arguments.projects or list(PROJECTS)
    unknown = sorted(set(names) - set(PROJECTS))
    if unknown:
        parser.error(
            f"unknown project {', '.join(unknown)}; known: {', '.join(PROJECTS)}"
        )
    CACHE.mkdir(exist_ok=True)
    passed = True
    for name in names:
        try:
            passed = report_project(PROJECTS[name]) and passed
        except RealWorldError as error:
            print(f"{name}: {error}", file=sys.stderr)
            passed = False
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
