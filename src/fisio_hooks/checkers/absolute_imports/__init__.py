"""absolute-imports: every import of fisio code names it from the root.

A relative import, or an import that works only because a folder inside
the root package is on ``sys.path``, behaves differently depending on
how the program is started, and the absolute form works from anywhere.
"""

from __future__ import annotations

from fisio_hooks.checkers.absolute_imports.detect import check
from fisio_hooks.engine.rules import Checker, Rule

RELATIVE_IMPORT = Rule(
    code="FIS301",
    name="relative-import",
    summary="A relative import inside the root package.",
    explanation=(
        "Relative imports (`from . import x`, `from ..a import b`) resolve\n"
        "against `__package__`, which depends on how the module was loaded:\n"
        "run as a script or with a different working directory, they fail\n"
        "or import another copy of the module. The absolute name is the\n"
        "same from everywhere and is what people search for. The fix is\n"
        "computed from the file's place in the package (the chain of\n"
        "folders with `__init__.py` up to the root package)."
    ),
    example="# fisio/billing/invoice.py\nfrom .tax import rate\nfrom .. import money",
    fixed_example=(
        "# fisio/billing/invoice.py\n"
        "from fisio.billing.tax import rate\n"
        "from fisio import money"
    ),
    fix="safe",
    settings=("root-package",),
)
RELATIVE_BEYOND_ROOT = Rule(
    code="FIS302",
    name="relative-import-beyond-root",
    summary="A relative import that climbs above the root package.",
    explanation=(
        "The import has more leading dots than the file has packages\n"
        "above it inside the root package, so it refers to something\n"
        "outside `fisio` (or fails with 'attempted relative import beyond\n"
        "top-level package'). There is no safe rewrite; import the module\n"
        "by its absolute name."
    ),
    example="# fisio/billing.py\nfrom ..shared import settings",
    fixed_example="# fisio/billing.py\nfrom shared import settings",
    settings=("root-package",),
)
IMPLICIT_IMPORT = Rule(
    code="FIS303",
    name="implicit-root-import",
    summary="An import of root-package code without the root package name.",
    explanation=(
        "`from imports.tenable import X`, where `imports` is a subpackage\n"
        "of `fisio`, and `import tax`, where `tax.py` sits next to the\n"
        "importing file (the Python 2 implicit relative import), work only\n"
        "when a folder inside `fisio` is on sys.path: from one working\n"
        "directory, in one test runner. They are reported only when no\n"
        "top-level module of that name exists in the source roots, and the\n"
        "name is not a standard-library module, a dependency declared in\n"
        "pyproject.toml, or listed in `third-party`. A module is never its\n"
        "own sibling: `import redis` in `redis.py` is the installed package.\n"
        "\n"
        "A `from` import is rewritten with the full name. A single-name\n"
        "`import tax` becomes `from fisio.billing import tax`, and\n"
        "`import a.b as c` becomes `import fisio.a.b as c`, which bind the\n"
        "same names. A plain dotted `import a.b` binds `a`, so it has no\n"
        "equivalent and is reported without a fix; so is a statement that\n"
        "imports several names, and a name that could mean both a sibling\n"
        "module and a subpackage of the root."
    ),
    example=(
        "# fisio/billing/invoice.py\nimport tax\nfrom imports.tenable import Scanner"
    ),
    fixed_example=(
        "# fisio/billing/invoice.py\nfrom fisio.billing import tax\n"
        "from fisio.imports.tenable import Scanner"
    ),
    fix="sometimes",
    settings=(
        "root-package",
        "absolute-imports.source-roots",
        "absolute-imports.third-party",
    ),
)

CHECKER = Checker(
    id="absolute-imports",
    rules=(RELATIVE_IMPORT, RELATIVE_BEYOND_ROOT, IMPLICIT_IMPORT),
    check=check,
    fixer="fisio_hooks.checkers.absolute_imports.fix:apply",
)
