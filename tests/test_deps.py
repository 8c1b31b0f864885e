"""A submission's own dependencies and start command (issue 11), with the real grader: ES
modules, declared packages installed from the registry (cached), --offline verdicts, start
commands as people write them."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import run_grade

FIXTURES = Path(__file__).parent / "fixtures" / "deps"
BOTH = [pytest.param("docker", marks=pytest.mark.docker), "local"]


def _grade(challenge: str, sub: Path, sandbox: str, tmp_path: Path, request, *extra: str, env: dict | None = None):
    if sandbox == "docker":
        request.getfixturevalue("docker_ready")
    return run_grade([challenge, str(sub), "--sandbox", sandbox, "--seed", "7", *extra], tmp_path, env=env)


@pytest.mark.parametrize("sandbox", BOTH)
@pytest.mark.parametrize("name", ["esm-01", "esm-mjs-01"])
def test_es_module_server_finds_the_curated_packages(name, sandbox, tmp_path, request):
    # `import express from 'express'`: Node's ES module loader ignores NODE_PATH
    g = _grade("challenge-01", FIXTURES / name, sandbox, tmp_path, request)
    assert g.code == 0 and g.percent == 100.0, g.explain()
