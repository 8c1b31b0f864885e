"""Correct solutions written differently from the references (another library, ES modules, other
ids, another style: solutions/challenge-NN/alternatives/*) score 100%: the checks follow the spec,
not one implementation. Graded in the local sandbox (the references are proved in both; what is
tested here is the suite, and the local sandbox grades these in a third of Docker's time). They
declare their packages; those the runtime does not curate (knex, for challenge-51's
node-esm-knex) are installed from the registry, once per machine (the dependency cache)."""

from __future__ import annotations

import pytest

from helpers import SOLUTIONS, challenge_ids, run_grade, seed_for


def _cases():
    for cid in challenge_ids():
        folder = SOLUTIONS / cid / "alternatives"
        for alt in sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []:
            yield pytest.param(cid, alt, id=f"{cid}-{alt.name}")


CASES = list(_cases())


def test_there_are_alternatives_to_grade():
    assert len(CASES) >= 40, [c.id for c in CASES]


@pytest.mark.parametrize("cid,alt", CASES)
def test_alternative_scores_100(cid, alt, tmp_path, request):
    g = run_grade([cid, str(alt), "--sandbox", "local", "--seed", str(seed_for(request.node.name))], tmp_path,
                  timeout=420)
    assert g.code == 0 and g.percent == 100.0, g.explain()
