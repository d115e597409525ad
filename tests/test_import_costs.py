"""Heavy libraries stay out of a check's start-up path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import FISIO_PACKAGE, write_files

PROBE = """
import sys
from fisio_hooks.cli.main import main
main(sys.argv[1:])
heavy = {"libcst", "pymongo", "detect_secrets", "bson"}
loaded = {name.split(".")[0] for name in sys.modules} & heavy
print("LOADED", ",".join(sorted(loaded)), file=sys.stderr)
"""


def loaded_heavy_modules(cwd: Path, *arguments: str) -> set[str]:
    return probe_loaded(PROBE, cwd, *arguments)


def probe_loaded(probe: str, cwd: Path, *arguments: str) -> set[str]:
    """Run a probe script and return the module names its LOADED line lists."""
    result = subprocess.run(
        [sys.executable, "-c", probe, *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    line = next(
        line for line in result.stderr.splitlines() if line.startswith("LOADED")
    )
    return {name for name in line.removeprefix("LOADED ").split(",") if name}


def test_check_imports_no_libcst(tmp_path: Path) -> None:
    write_files(tmp_path, FISIO_PACKAGE)
    loaded = loaded_heavy_modules(tmp_path, "check", "--checker", "absolute-imports")
    assert loaded == set()


def test_fix_imports_libcst(tmp_path: Path) -> None:
    write_files(tmp_path, FISIO_PACKAGE)
    loaded = loaded_heavy_modules(
        tmp_path, "check", "--checker", "absolute-imports", "--fix"
    )
    assert loaded == {"libcst"}


START_UP_PROBE = """
import sys
from fisio_hooks.cli.scripts import absolute_imports
absolute_imports(sys.argv[1:])
avoided = ("shutil", "importlib.resources", "tree_sitter_python", "pathlib")
loaded = [name for name in avoided if name in sys.modules]
print("LOADED", ",".join(loaded), file=sys.stderr)
"""


def test_hook_start_up_skips_unused_standard_modules(tmp_path: Path) -> None:
    # argparse sizes help with shutil, tree-sitter-python's package
    # imports importlib.resources, and pathlib imports urllib.parse. The
    # hooks avoid all three (engine/syntax.py, cli/main.py, engine/paths.py).
    write_files(tmp_path, FISIO_PACKAGE)
    assert probe_loaded(START_UP_PROBE, tmp_path, "fisio") == set()
