"""Fixtures of the project's own test suite.

Docker-backed tests need a running engine and the runtime image; `scripts/test.sh` (the README's
test command, run by CI) provides both. They are never skipped silently: without an engine they
fail with the reason, unless GRADER_TESTS_NO_DOCKER=1 is set explicitly for a quick local run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import local_leftovers, owner

NO_DOCKER = os.environ.get("GRADER_TESTS_NO_DOCKER") == "1"

# the probe challenges (hostile corpus, services) have hidden suites of their own: they run under
# the grader, never as the project's tests
collect_ignore_glob = ["hostile/challenges/*", "fixtures/*/challenges/*"]


@pytest.fixture(scope="session")
def docker_ready() -> None:
    if NO_DOCKER:
        pytest.skip("GRADER_TESTS_NO_DOCKER=1: docker-backed tests deselected on purpose")
    from grader.sandbox import image
    from grader.sandbox.engine import client

    c = client()
    image.require(c)  # raises with a hint when the engine or the image is missing
    image.require(c, image.SERVICES)


@pytest.fixture(scope="session", autouse=True)
def nothing_left_behind():
    """After this worker's tests: no container, network, process or service directory of its
    gradings remains (service containers carry the same owner label; local service processes run
    in directories with the same prefix as the local sandbox's)."""
    yield
    tag = owner()
    problems = local_leftovers(tag)
    # the local services' directories (a PostgreSQL cluster, in /dev/shm where there is one)
    import glob
    import tempfile

    for root in {"/dev/shm", tempfile.gettempdir()}:
        problems += [f"directory {d}" for d in glob.glob(f"{root}/grader-local-{tag}-svc-*")]
    if not NO_DOCKER:
        from grader.sandbox.engine import LABEL, client

        try:
            c = client(timeout=10)
        except Exception:
            c = None
        if c is not None:
            flt = {"label": f"{LABEL}.owner={tag}"}
            problems += [f"container {x.name}" for x in c.containers.list(all=True, filters=flt)]
            problems += [f"network {n.name}" for n in c.networks.list(filters=flt)]
    assert not problems, f"left behind by the gradings: {problems}"


def pytest_collection_modifyitems(config, items):
    # the long docker gradings first, so both xdist workers stay busy to the end
    items.sort(key=lambda i: 0 if "docker" in i.keywords else 1)


def pytest_configure(config):
    Path(config.rootpath, "artifacts").mkdir(exist_ok=True)


def pytest_terminal_summary(terminalreporter):
    """One defect, one check: how many checks a mutant fails on average (the target is < 1.5)."""
    counts = [
        value
        for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", [])
        if report.when == "call"
        for name, value in report.user_properties
        if name == "mutant_failed_checks" and value is not None
    ]
    if counts:
        terminalreporter.write_line(
            f"mutants: mean failed checks per non-crashing mutant {sum(counts) / len(counts):.2f} "
            f"over {len(counts)} mutants (target < 1.5)"
        )
