"""Run a challenge's hidden pytest suite in this process against a running server."""

from __future__ import annotations

import contextlib
import io
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from .challenges import Challenge
from .pytest_plugin import GraderPlugin
from .results import CheckResult
from .server import Server

INI = Path(__file__).with_name("suite.ini")


def run_suite(
    challenge: Challenge,
    server: Server | None,
    *,
    seed: int,
    public_only: bool = False,
    unavailable: str | None = None,
    on_check: Callable[[CheckResult], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> list[CheckResult]:
    check_timeout = max(10.0, challenge.server.request_timeout * 3)
    plugin = GraderPlugin(
        challenge, server, seed=seed, public_only=public_only, unavailable=unavailable,
        on_check=on_check, on_start=on_start, check_timeout=check_timeout,
    )
    in_main = threading.current_thread() is threading.main_thread()
    args = [
        str(challenge.tests_dir),
        "-c", str(INI),
        "--rootdir", str(challenge.tests_dir),
        # no conftest.py outside the suite may join a grading (the corpus challenge lives under tests/)
        "--confcutdir", str(challenge.tests_dir),
        "-p", "no:cacheprovider",
        # pytest plugins no suite uses (suites use the grader's fixtures only, docs/authoring.md):
        # not loading them saves ~20 ms a grading (pdb alone is ~18 ms of imports)
        *[arg for name in ("debugging", "doctest", "junitxml", "pastebin", "stepwise", "setuponly",
                           "setupplan", "freeze_support") for arg in ("-p", f"no:{name}")],
        "-q",
        "-p", "pytest_timeout",
        "-o", f"timeout={check_timeout:g}",
        # signal-based timeouts interrupt a stuck check cleanly; they only work on the main thread
        "-o", f"timeout_method={'signal' if in_main else 'thread'}",
        "-W", "ignore::pytest.PytestAssertRewriteWarning",
    ]
    if not in_main:
        args += ["-o", "timeout=0"]
    # third-party plugins installed beside the grader must not change how suites run
    old = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        # pytest's own terminal output (and pytest-timeout's stack dumps) is not the grader's report
        with contextlib.redirect_stdout(io.StringIO()):
            pytest.main(args, plugins=[plugin])
    finally:
        if old is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = old
    if plugin.interrupted:
        raise KeyboardInterrupt
    return plugin.results
