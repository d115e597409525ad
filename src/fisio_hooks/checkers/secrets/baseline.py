"""Reading detect-secrets' ``.secrets.baseline`` without importing it.

The baseline is detect-secrets' own JSON format: ``plugins_used`` and
``filters_used`` configure the scan, and ``results`` maps each file
(relative to the project root) to entries with a ``hashed_secret``, the
SHA-1 of the secret. A finding whose file and hash are listed is known
and not reported, whatever type the entry records.
"""

from pathlib import Path
from typing import Any, NamedTuple


class BaselineError(Exception):
    """An unreadable or invalid baseline file."""


class Baseline(NamedTuple):
    path: Path
    document: dict[str, Any]
    known: frozenset[tuple[str, str]] = frozenset()

    def is_known(self, relative_path: str, hashed_secret: str) -> bool:
        return (relative_path, hashed_secret) in self.known

    @property
    def scan_config(self) -> dict[str, Any]:
        """The ``plugins_used`` and ``filters_used`` the baseline records."""
        return {
            key: self.document[key]
            for key in ("plugins_used", "filters_used")
            if key in self.document
        }


_CACHE: dict[Path, tuple[int, Baseline]] = {}


def load_baseline(path: Path) -> Baseline | None:
    """Load the baseline at ``path``; return None when there is none."""
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    except OSError as error:
        raise BaselineError(f"cannot read baseline {path}: {error.strerror}") from None
    cached = _CACHE.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    baseline = parse_baseline(path, _read(path))
    _CACHE[path] = (stamp, baseline)
    return baseline


def _read(path: Path) -> Any:
    import json

    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BaselineError(f"cannot read baseline {path}: {error.strerror}") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise BaselineError(
            f"invalid baseline {path}: not JSON ({error}); regenerate it"
            " with 'fisio-hooks baseline'"
        ) from None


def parse_baseline(path: Path, document: Any) -> Baseline:
    if not isinstance(document, dict) or not isinstance(
        document.get("results", {}), dict
    ):
        raise BaselineError(
            f"invalid baseline {path}: expected a JSON object with a 'results'"
            " object, as detect-secrets writes"
        )
    known = set()
    for filename, entries in document.get("results", {}).items():
        if not isinstance(entries, list):
            raise BaselineError(
                f"invalid baseline {path}: results for {filename!r} is not a list"
            )
        for entry in entries:
            hashed = entry.get("hashed_secret") if isinstance(entry, dict) else None
            if not isinstance(hashed, str):
                raise BaselineError(
                    f"invalid baseline {path}: an entry for {filename!r}"
                    " has no hashed_secret"
                )
            known.add((Path(filename).as_posix(), hashed))
    return Baseline(path=path, document=document, known=frozenset(known))
