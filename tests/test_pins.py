"""The starters and reference solutions declare only what the runtime curates, at the runtime's
pins (runtime/package.json, runtime/requirements.txt): a grading of either never installs a
package, and a pin changed in runtime/ without its copies fails here rather than drifting. (The
alternatives in solutions/*/alternatives/ declare other packages on purpose.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import CHALLENGES, ROOT, SOLUTIONS, challenge_ids

RUNTIME_NODE = json.loads((ROOT / "runtime" / "package.json").read_text())["dependencies"]


def _python_pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            m = re.fullmatch(r"([A-Za-z0-9_.\-]+(?:\[[a-z,\-]+\])?)\s*==\s*(\S+)", line)
            assert m, f"{path}: {line!r} is not NAME==VERSION"
            pins[m.group(1).lower()] = m.group(2)
    return pins


RUNTIME_PYTHON = _python_pins(ROOT / "runtime" / "requirements.txt")


def _folders():
    for cid in challenge_ids():
        for track in ("node", "python"):
            for base in (CHALLENGES / cid / "starter" / track, SOLUTIONS / cid / track):
                yield pytest.param(base, track, id=str(base.relative_to(ROOT)))


@pytest.mark.parametrize("folder,track", list(_folders()))
def test_declared_packages_are_the_runtime_pins(folder, track):
    if track == "node":
        manifest = folder / "package.json"
        declared = json.loads(manifest.read_text()).get("dependencies", {}) if manifest.is_file() else {}
        runtime = RUNTIME_NODE
    else:
        manifest = folder / "requirements.txt"
        declared = _python_pins(manifest) if manifest.is_file() else {}
        runtime = RUNTIME_PYTHON
    wrong = {name: version for name, version in declared.items() if runtime.get(name) != version}
    assert not wrong, f"{manifest.relative_to(ROOT)} declares {wrong}; runtime/ pins " + \
        str({name: runtime.get(name, "nothing") for name in wrong})


@pytest.mark.parametrize("cid", challenge_ids())
def test_readme_states_the_generated_runtime_contract(cid):
    """Each spec carries the runtime contract as scripts/update-catalogue.py writes it (from
    runtime/ and challenge.toml): a hand edit of the block, or a pin changed in runtime/ without
    re-running the script, fails here."""
    from grader import challenges, specs

    challenge = challenges.get(cid)
    text = challenge.readme.read_text()
    assert specs.runtime_block(challenge) in text, f"{cid}: README.md lacks the runtime contract block"
    assert specs.with_runtime_block(text, challenge) == text, f"{cid}: run scripts/update-catalogue.py"
