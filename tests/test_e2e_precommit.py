"""End to end: the hooks run through pre-commit itself on a real git
repository, as a user's ``pre-commit try-repo`` would run them.

pre-commit installs this checkout into its own virtual environment
(from PyPI for the dependencies), once per commit of this checkout, so
the first run takes a minute.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPOSITORY, write_files

pytestmark = pytest.mark.e2e

SAMPLE = {
    "fisio/__init__.py": "",
    "fisio/billing/__init__.py": "from .invoice import total\n",
    "fisio/billing/tax.py": "RATE = 0.2\n",
    "fisio/billing/invoice.py": (
        "import tax\n"
        "from .. import money  # the shared helpers\n"
        "\n"
        "\n"
        "def total(amount):\n"
        "    return money.round(amount * (1 + tax.RATE))\n"
    ),
    "fisio/money.py": "def round(amount):\n    return amount\n",
}


def environment(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def run(command: list[str], cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=cwd,
        env=environment(home),
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


def make_repository(root: Path, files: dict[str, str | bytes], home: Path) -> Path:
    write_files(root, files)
    for command in (["git", "init", "-q"], ["git", "add", "."]):
        assert run(command, root, home).returncode == 0
    return root


def try_repo(hook: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(REPOSITORY),
            hook,
            "--all-files",
        ],
        cwd,
        home,
    )


ALL_HOOKS_SAMPLE = {
    "fisio/__init__.py": "",
    "fisio/billing/__init__.py": "",
    "fisio/billing/queries.py": (
        "import logging\n"
        "\n"
        "LOG = logging.getLogger(__name__)\n"
        "\n"
        "\n"
        "def unpaid_invoices(db, sub_id):\n"
        '    logging.info("listing unpaid invoices")\n'
        '    return db.invoices.find({"paid": False})\n'
    ),
    "config/settings.yaml": (
        "mongo:\n"
        # pragma: allowlist nextline secret
        "  url: mongodb://billing:Ex4mple-not-real@db.internal:27017/billing"
        "  # pragma: allowlist secret\n"
    ),
    "config/production.yaml": (
        "mongo:\n"
        # pragma: allowlist nextline secret
        "  url: mongodb://billing:Ex4mple-not-real@db.internal:27017/billing\n"
    ),
}

CORRECTED_QUERIES = (
    "import logging\n"
    "\n"
    "LOG = logging.getLogger(__name__)\n"
    "\n"
    "\n"
    "def unpaid_invoices(db, subscription_id):\n"
    '    LOG.info("listing unpaid invoices")\n'
    "    return db.invoices.find(\n"
    '        {"info.owner.subID": subscription_id, "paid": False}\n'
    "    )\n"
)

HOOK_NAMES = {
    "subscription-filter": "fisio subscription filter",
    "subscription-id": "fisio subscription id",
    "absolute-imports": "fisio absolute imports",
    "logging-style": "fisio logging style",
    "secrets": "fisio secrets",  # pragma: allowlist secret
}


def test_every_hook_through_pre_commit(tmp_path: Path, pre_commit_home: Path) -> None:
    repository = make_repository(
        tmp_path / "project", ALL_HOOKS_SAMPLE, pre_commit_home
    )

    failing = try_repo_all(repository, pre_commit_home)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    output = failing.stdout
    for name in HOOK_NAMES.values():
        assert name in output
    assert "fisio/billing/queries.py:6:25: FIS201" in output
    assert "fisio/billing/queries.py:7:5: FIS403" in output
    assert "fisio/billing/queries.py:8:29: FIS101" in output
    assert "config/production.yaml:2:" in output
    assert "FIS501" in output
    assert "config/settings.yaml" not in output
    assert "Ex4mple-not-real" not in output

    write_files(
        repository,
        {
            "fisio/billing/queries.py": CORRECTED_QUERIES,
            "config/production.yaml": "mongo:\n  url: ${MONGO_URL}\n",
        },
    )
    assert run(["git", "add", "."], repository, pre_commit_home).returncode == 0
    clean = try_repo_all(repository, pre_commit_home)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.count("Passed") == len(HOOK_NAMES)


def test_manifest_lists_every_checker() -> None:
    from fisio_hooks.checkers import CHECKER_MODULES

    manifest = (REPOSITORY / ".pre-commit-hooks.yaml").read_text()
    for hook in CHECKER_MODULES:
        assert f"- id: {hook}\n" in manifest
        assert f"  entry: fisio-{hook}\n" in manifest


def test_readme_documents_every_hook() -> None:
    from fisio_hooks.checkers import CHECKER_MODULES

    readme = (REPOSITORY / "README.md").read_text()
    for hook in CHECKER_MODULES:
        assert f"      - id: {hook}\n" in readme
        assert f"`fisio-{hook}`" in readme


def try_repo_all(cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(REPOSITORY)]
    return run([*command, "--all-files"], cwd, home)


def test_absolute_imports_through_pre_commit(
    tmp_path: Path, pre_commit_home: Path
) -> None:
    repository = make_repository(tmp_path / "project", SAMPLE, pre_commit_home)

    failing = try_repo("absolute-imports", repository, pre_commit_home)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "fisio absolute imports" in failing.stdout
    for expected in (
        "fisio/billing/__init__.py:1:1: FIS301 relative import `.invoice`; "
        "import `fisio.billing.invoice` instead",
        "fisio/billing/invoice.py:1:8: FIS303 implicit import of `tax`",
        "fisio/billing/invoice.py:2:1: FIS301 relative import `..`; "
        "import `fisio` instead",
    ):
        assert expected in failing.stdout

    fixed = run(
        ["fisio-absolute-imports", "--fix", "fisio"], repository, pre_commit_home
    )
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    invoice = (repository / "fisio/billing/invoice.py").read_text()
    assert invoice.startswith(
        "from fisio.billing import tax\nfrom fisio import money  # the shared helpers\n"
    )

    assert run(["git", "add", "."], repository, pre_commit_home).returncode == 0
    clean = try_repo("absolute-imports", repository, pre_commit_home)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout
