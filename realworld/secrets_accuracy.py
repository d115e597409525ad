"""Compare the secrets hook with ``detect-secrets scan`` on real corpora.

For every secret ``detect-secrets scan --no-verify --all-files`` records,
this script reports what the hook does with it: reports it under the same
plugin's code, reports it once under one of its own codes (a duplicate),
drops it as a placeholder, or misses it. It also counts what only the
hook reports, and times both tools once per corpus (use hyperfine for
benchmark numbers).

Corpora, downloaded or copied into ``realworld/.cache/`` (git-ignored):

- ``ds-test-data``: the ``test_data/`` folder of the Yelp/detect-secrets
  repository. The PyPI sdist does not ship it, so the files are copied
  into ``realworld/.cache/detect-secrets-test-data/test_data`` by hand;
  the corpus is skipped when that folder is missing.
- ``ds-sdist``: the detect-secrets 1.5.0 sdist, from ``pip download``.
- ``django-sdist``: the Django 5.1.4 sdist (about 6,800 files), from
  ``pip download``.
- ``fixtures``: this repository's ``fixtures/secrets``.

Usage: ``python realworld/secrets_accuracy.py [CORPUS ...]``. The output
is Markdown; secrets are never printed, only files, lines and types.
"""

from __future__ import annotations

import collections
import json
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
CACHE = REPOSITORY / "realworld" / ".cache"
BIN = Path(sys.executable).parent


@dataclass
class Tally:
    """The hook's outcome for each detect-secrets finding in one corpus."""

    files: int = 0
    detect_secrets: int = 0
    outcomes: collections.Counter[str] = field(default_factory=collections.Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    hook_codes: collections.Counter[str] = field(default_factory=collections.Counter)
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, outcome: str, where: str) -> None:
        self.outcomes[outcome] += 1
        self.examples.setdefault(outcome, [])
        if len(self.examples[outcome]) < 5:
            self.examples[outcome].append(where)


def sdist(name: str, version: str, folder: str) -> Path:
    """Download and unpack an sdist into the cache; return its folder."""
    target = CACHE / folder
    unpacked = sorted(path for path in target.glob("*") if path.is_dir())
    if unpacked:
        return unpacked[0]
    target.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--no-binary",
            ":all:",
            f"{name}=={version}",
            "-d",
            str(target),
        ],
        check=True,
    )
    archive = next(target.glob("*.tar.gz"))
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return sorted(path for path in target.glob("*") if path.is_dir())[0]


def corpora() -> dict[str, Path]:
    return {
        "ds-test-data": CACHE / "detect-secrets-test-data" / "test_data",
        "ds-sdist": sdist("detect-secrets", "1.5.0", "detect-secrets"),
        "django-sdist": sdist("django", "5.1.4", "django"),
        "fixtures": REPOSITORY / "fixtures" / "secrets",
    }


def detect_secrets_scan(folder: Path) -> dict[str, list[dict[str, object]]]:
    result = subprocess.run(
        [str(BIN / "detect-secrets"), "scan", "--no-verify", "--all-files", "."],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    results: dict[str, list[dict[str, object]]] = json.loads(result.stdout)["results"]
    return results


def hook_scan(folder: Path, config: Path) -> list[dict[str, object]]:
    result = subprocess.run(
        [
            str(BIN / "fisio-hooks"),
            "check",
            "--checker",
            "secrets",
            "--format",
            "json",
            "--config",
            str(config),
            "--exit-zero",
            ".",
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    findings: list[dict[str, object]] = json.loads(result.stdout)
    return findings


def classify(
    folder: Path, results: dict[str, list[dict[str, object]]], tally: Tally
) -> None:
    """Follow each detect-secrets finding through the hook's pipeline."""
    from fisio_hooks.checkers.secrets import scanning
    from fisio_hooks.checkers.secrets.placeholders import is_placeholder
    from fisio_hooks.checkers.secrets.prefilter import (
        PrefilterLimits,
        may_contain_plugin_secret,
    )
    from fisio_hooks.checkers.secrets.rules import PLUGIN_BY_TYPE
    from fisio_hooks.engine.rules import FileContext
    from fisio_hooks.engine.settings import Settings
    from fisio_hooks.engine.source import decode_text

    settings = Settings(project_root=folder)
    for filename, entries in sorted(results.items()):
        path = folder / filename
        source = decode_text(path, filename, path.read_bytes())
        context = FileContext(source, filename, settings, "secrets")
        lines = source.text.splitlines()
        passes = may_contain_plugin_secret(source.text, PrefilterLimits(), filename)
        own = scanning.own_candidates(context, lines)
        theirs = scanning.plugin_candidates(context, lines, None) if passes else []
        final = scanning.find_candidates(context)
        for entry in entries:
            tally.detect_secrets += 1
            where = f"{filename}:{entry['line_number']} {entry['type']}"
            code = PLUGIN_BY_TYPE[str(entry["type"])].code
            same = [
                candidate
                for candidate in theirs
                if candidate.secret_type == entry["type"]
                and candidate.hashed_secret == entry["hashed_secret"]
            ]
            if Path(filename).name == settings.secrets.baseline:
                tally.add("dropped: a baseline file, skipped by name", where)
            elif not passes:
                tally.add("missed: the prefilter skipped the file", where)
            elif not same:
                tally.add("missed: detect-secrets did not report it in the hook", where)
            elif any(
                item.code == code and item.hashed_secret == entry["hashed_secret"]
                for item in final
            ):
                tally.add(f"reported as {code}", where)
            elif any(
                item.overlaps(mine) for item in same for mine in own if mine in final
            ):
                mine_codes = sorted(
                    {mine.code for item in same for mine in own if item.overlaps(mine)}
                )
                tally.add(f"duplicate, reported as {'/'.join(mine_codes)}", where)
            elif all(is_placeholder(item.secret) for item in same):
                tally.add("dropped: placeholder", where)
            elif any(_allowlisted(filename, lines, item.line) for item in same):
                tally.add("dropped: allowlisted by a pragma comment", where)
            else:
                tally.add("dropped: other", where)


def _allowlisted(filename: str, lines: list[str], line: int) -> bool:
    from fisio_hooks.checkers.secrets.allowlist import is_line_allowlisted

    text = lines[line - 1] if 0 < line <= len(lines) else ""
    previous = lines[line - 2] if 1 < line <= len(lines) + 1 else ""
    return is_line_allowlisted(filename, text, previous)


def run_corpus(name: str, folder: Path) -> Tally:
    tally = Tally(files=sum(1 for path in folder.rglob("*") if path.is_file()))
    started = time.perf_counter()
    results = detect_secrets_scan(folder)
    tally.seconds["detect-secrets scan"] = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as scratch:
        config = Path(scratch) / "pyproject.toml"
        config.write_text(
            "[tool.fisio-hooks]\n"
            "[tool.fisio-hooks.secrets]\n"
            'baseline = "none.baseline"\n'
        )
        started = time.perf_counter()
        findings = hook_scan(folder, config)
        tally.seconds["fisio-hooks check --checker secrets"] = (
            time.perf_counter() - started
        )
    tally.hook_codes.update(str(finding["code"]) for finding in findings)
    classify(folder, results, tally)
    return tally


def report(name: str, folder: Path, tally: Tally) -> None:
    print(f"## {name}\n")
    print(f"{tally.files} files in `{folder.relative_to(REPOSITORY)}`.\n")
    print(f"detect-secrets findings: {tally.detect_secrets}\n")
    print("| outcome in the hook | count | examples |")
    print("| --- | --- | --- |")
    for outcome, count in sorted(tally.outcomes.items()):
        examples = "; ".join(tally.examples[outcome][:3])
        print(f"| {outcome} | {count} | {examples} |")
    print()
    codes = ", ".join(
        f"{code}: {count}" for code, count in sorted(tally.hook_codes.items())
    )
    print(f"Hook findings by code: {codes or 'none'}\n")
    for tool, seconds in tally.seconds.items():
        print(f"- {tool}: {seconds:.2f} s (one run)")
    print()


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(REPOSITORY / "src"))
    available = corpora()
    names = argv or list(available)
    for name in names:
        folder = available[name]
        if not folder.is_dir():
            print(f"## {name}\n\nskipped: {folder} is missing\n")
            continue
        report(name, folder, run_corpus(name, folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
