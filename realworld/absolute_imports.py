"""Run the absolute-imports checker on real projects and check it against
ruff and against Python's own import resolution.

For each project pinned below, the script downloads its sdist from PyPI
with ``pip download`` into ``realworld/.cache/`` (once), then:

1. runs ``fisio-hooks check --checker absolute-imports --format json``
   with ``root-package`` set to the project's package, and ruff's TID252
   with ``ban-relative-imports = "all"``, on the package folder, and
   compares the (file, line) sets of FIS301 and TID252;
2. copies the tree, applies ``--fix``, and checks that every changed
   import is the one ``importlib.util.resolve_name`` gives for the
   original relative import, that nothing but imports changed, that
   ``python -m compileall -q`` passes, and that a second ``--fix``
   changes no file.

Exit status: 0 when every fix check passed, 1 otherwise. Differences
between fisio-hooks and ruff are printed, with the reason when the
script can tell it. They do not change the exit status, and
docs/absolute-imports.md explains them.

Usage: ``python realworld/absolute_imports.py [PROJECT ...]``
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
SKIPPED_FOLDERS = {"__pycache__"}
# A noqa comment that suppresses FIS301: bare, or naming FIS3, FIS30 or
# FIS301. Text after a bare noqa that does not start with a colon, as in
# Django's "NOQA isort:skip" comments, leaves it bare.
NOQA = re.compile(r"#\s*noqa(?P<codes>:[\s,A-Z0-9]+)?", re.IGNORECASE)


@dataclass(frozen=True)
class Project:
    """A PyPI sdist and the folder of its importable package inside it."""

    name: str
    version: str
    package_dir: str  # relative to the unpacked sdist
    root_package: str

    @property
    def slug(self) -> str:
        return f"{self.name}-{self.version}"


PROJECTS = {
    project.name: project
    for project in (
        Project("celery", "5.4.0", "celery", "celery"),
        Project("jinja2", "3.1.6", "src/jinja2", "jinja2"),
        Project("django", "5.2.8", "django", "django"),
    )
}

Location = tuple[str, int]  # POSIX path relative to the sdist, 1-based line


class RealWorldError(Exception):
    """A download, tool run or tree preparation that failed."""


# Getting the code


def fetch(project: Project) -> Path:
    """Return the pristine unpacked sdist, downloading it on first use."""
    tree = CACHE / project.slug
    if tree.is_dir():
        return tree
    downloads = CACHE / "sdists"
    archive = downloads / f"{project.slug}.tar.gz"
    if not archive.is_file():
        run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--no-binary",
                ":all:",
                f"{project.name}=={project.version}",
                "--dest",
                str(downloads),
            ]
        )
    if not archive.is_file():
        raise RealWorldError(f"pip download did not produce {archive}")
    with tempfile.TemporaryDirectory(dir=CACHE) as scratch:
        with tarfile.open(archive) as tar:
            tar.extractall(scratch, filter="data")
        Path(scratch, project.slug).rename(tree)
    return tree


def write_config(project: Project) -> Path:
    config = CACHE / f"{project.slug}.toml"
    config.write_text(f'[tool.fisio-hooks]\nroot-package = "{project.root_package}"\n')
    return config


def run(argv: list[str], cwd: Path | None = None, ok: tuple[int, ...] = (0,)) -> str:
    try:
        completed = subprocess.run(
            argv, cwd=cwd, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise RealWorldError(f"{argv[0]} not found on PATH") from None
    if completed.returncode not in ok:
        raise RealWorldError(
            f"{' '.join(argv)} exited {completed.returncode}:"
            f" {completed.stderr.strip()[-2000:]}"
        )
    return completed.stdout


# Running the two checkers


def fisio_findings(
    tree: Path, project: Project, config: Path, fix: bool = False
) -> list[dict[str, Any]]:
    argv = [
        "fisio-hooks",
        "check",
        "--checker",
        "absolute-imports",
        "--format",
        "json",
        "--exit-zero",
        "--config",
        str(config),
    ]
    if fix:
        argv.append("--fix")
    findings: list[dict[str, Any]] = json.loads(
        run([*argv, project.package_dir], cwd=tree)
    )
    return findings


def ruff_locations(tree: Path, project: Project) -> list[Location]:
    output = run(
        [
            "ruff",
            "check",
            "--no-cache",
            "--isolated",
            "--no-respect-gitignore",
            "--select",
            "TID252",
            "--config",
            'lint.flake8-tidy-imports.ban-relative-imports = "all"',
            "--output-format",
            "json",
            "--exit-zero",
            project.package_dir,
        ],
        cwd=tree,
    )
    return [
        (Path(item["filename"]).relative_to(tree).as_posix(), item["location"]["row"])
        for item in json.loads(output)
    ]


def fisio_locations(findings: list[dict[str, Any]], code: str) -> list[Location]:
    return [
        (Path(item["path"]).as_posix(), item["line"])
        for item in findings
        if item["code"] == code
    ]


# Comparing


@dataclass
class Comparison:
    fisio: list[Location]
    ruff: list[Location]
    by_code: Counter[str]
    only_fisio: list[tuple[Location, str]] = field(default_factory=list)
    only_ruff: list[tuple[Location, str]] = field(default_factory=list)

    @property
    def agreed(self) -> int:
        return len(set(self.fisio) & set(self.ruff))


def compare(
    tree: Path, findings: list[dict[str, Any]], ruff: list[Location]
) -> Comparison:
    fisio = fisio_locations(findings, "FIS301")
    comparison = Comparison(fisio, ruff, Counter(item["code"] for item in findings))
    other_codes = {
        (Path(item["path"]).as_posix(), item["line"]): item["code"]
        for item in findings
        if item["code"] != "FIS301"
    }
    for location in sorted(set(ruff) - set(fisio)):
        reason = other_codes.get(location, "")
        if reason:
            reason = f"fisio-hooks reports {reason} on this line"
        comparison.only_ruff.append((location, reason or _source_line(tree, location)))
    for location in sorted(set(fisio) - set(ruff)):
        comparison.only_fisio.append((location, _source_line(tree, location)))
    return comparison


def _source_line(tree: Path, location: Location) -> str:
    path, line = location
    lines = (tree / path).read_text(encoding="utf-8", errors="replace").splitlines()
    return lines[line - 1].strip() if line <= len(lines) else ""


# Checking the fix


def package_of(relative: Path, project: Project) -> str:
    """Return the dotted package a module file belongs to, from its folder."""
    folder = relative.parent.relative_to(Path(project.package_dir).parent)
    return ".".join(folder.parts)


def expected_import(node: ast.ImportFrom, package: str) -> ast.ImportFrom | None:
    """Return the absolute import Python resolves a relative one to, or
    None when it climbs above the top-level package (no fix expected)."""
    relative = "." * node.level + (node.module or "")
    try:
        module = importlib.util.resolve_name(relative, package)
    except ImportError:
        return None
    return ast.ImportFrom(module=module, names=node.names, level=0)


class _ImportsToPass(ast.NodeTransformer):
    def visit_Import(self, node: ast.Import) -> ast.Pass:
        return ast.Pass()

    def visit_ImportFrom(self, node: ast.ImportFrom) -> ast.Pass:
        return ast.Pass()


def suppresses_fis301(line: str) -> bool:
    match = NOQA.search(line)
    if match is None:
        return False
    codes = match.group("codes")
    if codes is None:
        return True
    return any(
        "FIS301".startswith(code) for code in re.findall(r"FIS\d*", codes.upper())
    )


@dataclass
class FixCheck:
    resolved: int = 0
    suppressed: int = 0
    rewritten_implicit: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def import_statements(module: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    return [
        node
        for node in ast.walk(module)
        if isinstance(node, ast.Import | ast.ImportFrom)
    ]


def only_imports_differ(before: bytes, after: bytes) -> bool:
    """Whether two sources are the same code once every import statement
    is replaced by ``pass``."""
    return ast.dump(_ImportsToPass().visit(ast.parse(before))) == ast.dump(
        _ImportsToPass().visit(ast.parse(after))
    )


def check_fixed_file(
    tree: Path, copy: Path, relative: Path, project: Project, result: FixCheck
) -> None:
    """Compare one file before and after ``--fix``: only imports may
    change, and each relative import must become its resolved form."""
    before = (tree / relative).read_bytes()
    after = (copy / relative).read_bytes()
    if not only_imports_differ(before, after):
        result.errors.append(f"{relative}: code other than imports changed")
        return

    package = package_of(relative, project)
    base = tree / Path(project.package_dir).parent
    lines = before.decode("utf-8").splitlines()
    old_imports = import_statements(ast.parse(before))
    new_imports = import_statements(ast.parse(after))
    for old, new in zip(old_imports, new_imports, strict=True):
        expected: ast.stmt = old
        relative_import = isinstance(old, ast.ImportFrom) and old.level > 0
        if relative_import and suppresses_fis301(lines[old.lineno - 1]):
            result.suppressed += 1
        elif isinstance(old, ast.ImportFrom) and relative_import:
            expected = expected_import(old, package) or old
        if ast.dump(new) == ast.dump(expected):
            result.resolved += expected is not old
            continue

        where = f"{relative}:{old.lineno}"
        if relative_import:
            result.errors.append(
                f"{where}: expected `{ast.unparse(expected)}`, got `{ast.unparse(new)}`"
            )
            continue
        change = f"`{ast.unparse(old)}` -> `{ast.unparse(new)}`"
        problem = implicit_rewrite_problem(old, new, base, tree / relative)
        if problem is None:
            result.rewritten_implicit.append(f"{where}: {change}")
        else:
            result.errors.append(f"{where}: {change} {problem}")


def module_path(base: Path, dotted: str) -> Path | None:
    """Return the module file or package folder that ``dotted`` names
    under ``base``, or None when there is none."""
    path = base.joinpath(*dotted.split("."))
    for candidate in (path.with_name(path.name + ".py"), path / "__init__.py", path):
        if candidate.exists():
            return candidate.resolve()
    return None


def implicit_rewrite_problem(
    old: ast.stmt, new: ast.stmt, base: Path, original: Path
) -> str | None:
    """Say why a rewritten implicit import is wrong, or return None.

    The rewritten import must name modules that exist under ``base``,
    the folder that contains the root package. None of them may be the
    importing file itself, because a module that imports its own name,
    such as ``import redis`` in ``backends/redis.py``, means the
    top-level package of that name in Python 3.
    """
    if isinstance(old, ast.Import) and any(
        alias.name == "__main__" for alias in old.names
    ):
        return "rewrites `__main__`, the running program's module"
    this = original.resolve()
    if isinstance(new, ast.ImportFrom) and new.module is not None:
        names = [new.module] + [f"{new.module}.{alias.name}" for alias in new.names]
        required = [True] + [False] * len(new.names)
    elif isinstance(new, ast.Import):
        names = [alias.name for alias in new.names]
        required = [True] * len(names)
    else:
        return None
    for dotted, must_exist in zip(names, required, strict=True):
        target = module_path(base, dotted)
        if target is None and must_exist:
            return f"names `{dotted}`, which does not exist in the tree"
        if target == this:
            return f"makes the module import itself as `{dotted}`"
    return None


def count_relative_imports(folder: Path) -> tuple[int, int]:
    """Count relative import statements, and those whose first line has
    a noqa comment that suppresses FIS301."""
    total = suppressed = 0
    for path in python_files(folder):
        source = path.read_bytes()
        lines = source.decode("utf-8").splitlines()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and node.level:
                total += 1
                suppressed += suppresses_fis301(lines[node.lineno - 1])
    return total, suppressed


def python_files(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*.py")
        if not SKIPPED_FOLDERS.intersection(path.parts)
    )


def hashes(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(
            path.read_bytes()
        ).hexdigest()
        for path in python_files(folder)
    }


def check_fix(
    tree: Path, project: Project, config: Path, comparison: Comparison
) -> FixCheck:
    """Fix a copy of the tree twice and check the result."""
    copy = CACHE / "fixed" / project.slug
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(tree, copy, ignore=shutil.ignore_patterns("__pycache__"))
    package = Path(project.package_dir)
    original_hashes = hashes(copy / package)

    result = FixCheck()
    fisio_findings(copy, project, config, fix=True)
    first_hashes = hashes(copy / package)
    changed = sorted(
        name for name in first_hashes if first_hashes[name] != original_hashes[name]
    )
    print(f"  --fix changed {len(changed)} files")
    for name in changed:
        relative = package / name
        check_fixed_file(tree, copy, relative, project, result)

    compiled = subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(package)],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
    )
    if compiled.returncode != 0:
        result.errors.append(f"compileall failed: {compiled.stdout.strip()[-2000:]}")
    else:
        print("  python -m compileall -q: passed")

    remaining = fisio_findings(copy, project, config, fix=True)
    second_hashes = hashes(copy / package)
    if second_hashes != first_hashes:
        again = sorted(
            name
            for name in second_hashes
            if second_hashes[name] != first_hashes.get(name)
        )
        result.errors.append(f"a second --fix changed {len(again)} files: {again[:10]}")
    else:
        print("  a second --fix changed nothing (SHA-256 of every .py file)")
    left = Counter(item["code"] for item in remaining)
    print(f"  left after --fix: {dict(sorted(left.items())) or 'nothing'}")
    left_ruff = ruff_locations(copy, project)
    print(f"  ruff TID252 on the fixed copy: {len(set(left_ruff))} lines")
    unexplained = set(left_ruff) - {
        location
        for location, reason in comparison.only_ruff
        if reason.startswith("fisio-hooks reports")
    }
    if unexplained:
        result.errors.append(
            f"ruff still reports {len(unexplained)} relative imports:"
            f" {sorted(unexplained)[:10]}"
        )
    return result


# Reporting


def report_project(project: Project) -> bool:
    print(
        f"== {project.slug} (root-package = {project.root_package!r},"
        f" {project.package_dir}/)"
    )
    tree = fetch(project)
    config = write_config(project)
    files = len(python_files(tree / project.package_dir))
    findings = fisio_findings(tree, project, config)
    comparison = compare(tree, findings, ruff_locations(tree, project))

    total, suppressed = count_relative_imports(tree / project.package_dir)
    print(
        f"  {files} Python files, {total} relative import statements,"
        f" {suppressed} of them under a noqa comment"
    )
    print(f"  fisio-hooks: {dict(sorted(comparison.by_code.items()))}")
    print(
        f"  FIS301 lines: {len(set(comparison.fisio))};"
        f" ruff TID252 lines: {len(set(comparison.ruff))}"
        f" ({len(comparison.ruff)} diagnostics, one per imported name);"
        f" both: {comparison.agreed}"
    )
    for (path, line), why in comparison.only_ruff:
        print(f"  only ruff   {path}:{line}: {why}")
    for (path, line), why in comparison.only_fisio:
        print(f"  only fisio  {path}:{line}: {why}")
    for item in findings:
        if item["code"] not in ("FIS301", "FIS302"):
            print(f"  {item['code']} {item['path']}:{item['line']}: {item['message']}")

    fix = check_fix(tree, project, config, comparison)
    print(f"  relative imports rewritten to their resolved module: {fix.resolved}")
    for rewrite in fix.rewritten_implicit:
        print(f"  implicit import rewritten  {rewrite}")
    for error in fix.errors:
        print(f"  FIX ERROR  {error}")
    return not fix.errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "projects",
        nargs="*",
        metavar="PROJECT",
        help=f"projects to run (default: all): {', '.join(PROJECTS)}",
    )
    arguments = parser.parse_args(argv)
    unknown = [name for name in arguments.projects if name not in PROJECTS]
    if unknown:
        parser.error(
            f"unknown project {unknown[0]!r}; choose from {', '.join(PROJECTS)}"
        )
    CACHE.mkdir(exist_ok=True)
    passed = True
    try:
        for name in arguments.projects or PROJECTS:
            passed = report_project(PROJECTS[name]) and passed
    except RealWorldError as error:
        print(f"realworld: error: {error}", file=sys.stderr)
        return 2
    if passed:
        print("every fix check passed")
        return 0
    print("some fix checks failed: see the FIX ERROR lines above")
    return 1


if __name__ == "__main__":
    sys.exit(main())
