"""No network: detect-secrets' verification is off, and no socket opens."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from fisio_hooks.checkers.secrets import plugins
from tests.conftest import CliRun
from tests.secrets_support import make_project
from tests.test_secrets_prefilter import EXAMPLES

RunCli = Callable[[Sequence[str]], CliRun]


class NetworkUsed(AssertionError):
    """Raised by the socket guard on any connection or name lookup."""


@pytest.fixture
def socket_guard(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record and block every connection attempt and DNS lookup."""
    attempts: list[str] = []

    def blocked(name: str) -> Callable[..., Any]:
        def guard(*args: object, **kwargs: object) -> Any:
            attempts.append(name)
            raise NetworkUsed(f"network used: socket {name}")

        return guard

    monkeypatch.setattr(socket.socket, "connect", blocked("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", blocked("connect_ex"))
    monkeypatch.setattr(socket, "create_connection", blocked("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", blocked("getaddrinfo"))
    return attempts


def test_verification_filter_inactive() -> None:
    plugins.activate({})
    assert plugins.VERIFICATION_FILTER not in plugins.active_filters()


def test_baseline_verification_filter_removed() -> None:
    config = {
        "plugins_used": plugins.default_plugins(),
        "filters_used": [
            {"path": plugins.VERIFICATION_FILTER, "min_level": 2},
            {"path": "detect_secrets.filters.heuristic.is_sequential_string"},
        ],
    }
    plugins.activate(config)
    try:
        assert plugins.VERIFICATION_FILTER not in plugins.active_filters()
    finally:
        plugins.activate({})


def test_scan_opens_no_socket(
    socket_guard: list[str],
    run_cli: RunCli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every plugin's example, verifiable ones (AWS, Slack, Stripe, GitHub,
    # ...) included, in one file and scanned through the command line.
    examples = "\n".join(EXAMPLES.values()) + "\n"
    monkeypatch.chdir(make_project(tmp_path, {"examples.txt": examples}))
    result = run_cli(["check", "--checker", "secrets", "--format", "json", "."])
    assert socket_guard == []
    assert result.exit_code == 1
    codes = {str(finding["code"]) for finding in json.loads(result.stdout)}
    assert "FIS531" in codes


def test_baseline_with_verification_opens_no_socket(
    socket_guard: list[str],
    run_cli: RunCli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A baseline written by 'detect-secrets scan' lists the verification
    # filter; the hook must still not verify.
    baseline = {
        "version": "1.5.0",
        "plugins_used": plugins.default_plugins(),
        "filters_used": [{"path": plugins.VERIFICATION_FILTER, "min_level": 2}],
        "results": {},
    }
    files = {
        "examples.txt": "\n".join(EXAMPLES.values()) + "\n",
        ".secrets.baseline": json.dumps(baseline),
    }
    monkeypatch.chdir(make_project(tmp_path, files))
    try:
        result = run_cli(["check", "--checker", "secrets", "examples.txt"])
    finally:
        plugins.activate({})
    assert socket_guard == []
    assert result.exit_code == 1


def test_socket_guard_blocks_loopback(socket_guard: list[str]) -> None:
    # The guard itself is proven on the loopback address only.
    with pytest.raises(NetworkUsed):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    assert socket_guard == ["create_connection"]
