#!/usr/bin/env python3
"""Rewrite the README's challenge catalogue from `grade list --markdown`, and the generated runtime
contract of every challenge's README (grader/specs.py); the tests check both match."""

import re
import subprocess
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
table = subprocess.run([sys.executable, "-m", "grader", "list", "--markdown"], cwd=root, check=True,
                       capture_output=True, text=True).stdout.strip()
readme = root / "README.md"
text = readme.read_text()
new = re.sub(r"(<!-- catalogue:start -->\n).*?(<!-- catalogue:end -->)", lambda m: m.group(1) + table + "\n" + m.group(2),
             text, flags=re.S)
readme.write_text(new)
print("README catalogue updated" if new != text else "README catalogue already up to date")

sys.path.insert(0, str(root))
from grader import challenges, specs  # noqa: E402 - after the catalogue, which runs the grader's CLI

changed = []
for challenge in challenges.all_challenges():
    spec = challenge.readme
    old = spec.read_text()
    fresh = specs.with_runtime_block(old, challenge)
    if fresh != old:
        spec.write_text(fresh)
        changed.append(challenge.id)
print(f"runtime contract rewritten in {', '.join(changed)}" if changed else "every runtime contract up to date")
