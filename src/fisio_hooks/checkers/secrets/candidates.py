"""A secret found by one check, before allowlists and the baseline apply."""

from typing import TYPE_CHECKING, NamedTuple

from fisio_hooks.engine.findings import Finding

if TYPE_CHECKING:
    from fisio_hooks.engine.rules import FileContext


def hash_secret(secret: str) -> str:
    """Return the SHA-1 hex digest detect-secrets stores in a baseline."""
    import hashlib

    return hashlib.sha1(secret.encode("utf-8")).hexdigest()


class Candidate(NamedTuple):
    """A possible secret; lines are 1-based, columns 1-based characters.

    ``secret_type`` is the detect-secrets type the baseline records it
    under, so ``detect-secrets audit`` can read every entry we write.
    ``secret`` is the raw value and never leaves this package unmasked.
    """

    code: str
    line: int
    column: int
    end_column: int
    secret: str
    secret_type: str
    message: str

    @property
    def hashed_secret(self) -> str:
        return hash_secret(self.secret)

    def overlaps(self, other: "Candidate") -> bool:
        return (
            self.line == other.line
            and self.column < other.end_column
            and other.column < self.end_column
        )

    def to_finding(self, context: "FileContext") -> Finding:
        return Finding(
            path=context.path,
            line=self.line,
            column=self.column,
            end_line=self.line,
            end_column=self.end_column,
            code=self.code,
            checker=context.checker_id,
            message=self.message,
        )

    def __repr__(self) -> str:
        # The default repr would print the secret in tracebacks and logs.
        return (
            f"Candidate(code={self.code!r}, line={self.line},"
            f" column={self.column}, secret_type={self.secret_type!r})"
        )
