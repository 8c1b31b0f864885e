#!/usr/bin/env python3
"""Build the candidate distribution: a wheel named `live-grader-candidate` that a candidate
installs with `pipx install` or `pip install` instead of cloning the repository.

    .venv/bin/python scripts/build-candidate-wheel.py --out dist/

It holds the `grader` package and, as its package data in `grader/candidate_kit/`:
- challenges/<id>/: what `grade export` writes for each challenge (spec, challenge.toml,
  starters, the fake upstreams' apps, the PUBLIC checks only; grader/export.py);
- the sources of both images (Dockerfile, Dockerfile.services and every file their builds read,
  grader/sandbox/image.py), at the repository's relative paths, so `grade image build` works from
  the installed wheel and tags the images with the same content hash as a checkout does;
- runtime/ (the curated package lists that `grade setup-local` and the dependency check read)
  and scripts/make-base-image.sh (the base image without a registry).
No solution, mutant, hidden check or test of the project is in it. The interviewer's install stays
the repository.

The wheel is built by setuptools (`pip wheel`, which fetches setuptools for its build env) from a staged
copy: the repository's own pyproject.toml is never changed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the checkout's grader, whichever interpreter runs this

from grader import challenges, paths  # noqa: E402
from grader.export import COPY_IGNORE, export_kit  # noqa: E402
from grader.sandbox.image import IMAGES  # noqa: E402

NAME = "live-grader-candidate"
# setup-local and grader/deps.py read the package lists; the base image's maker is named in the
# hint of a `grade image build` that can neither find nor pull debian:bookworm-slim
EXTRA_FILES = ("runtime/package.json", "runtime/requirements.txt", "scripts/make-base-image.sh")

DESCRIPTION = """\
# live-grader (candidate distribution)

The `grade` command with every challenge's spec, starters and public checks, for a candidate of a
live-coding interview. The interviewer grades with the hidden checks too; they are not in here.

    grade list                                   # the catalogue
    grade show challenge-13                      # a spec
    grade init challenge-13 ./work --lang node   # a starter
    grade image build                            # the Docker sandbox's images (once)
    grade challenge-13 ./work                    # grade against the public checks

Without Docker: `grade setup-local` (Node packages for the local sandbox; install with the
`[runtime]` extra for the python track) and `grade challenge-13 ./work --sandbox local`.
"""


def requirements(path: Path) -> list[str]:
    lines = (line.split("#")[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def toml_list(items: list[str]) -> str:
    return "[" + ", ".join('"' + i.replace("\\", "\\\\").replace('"', '\\"') + '"' for i in items) + "]"


def pyproject(project: dict) -> str:
    """The staged pyproject: the repository's dependencies and entry point, another name, the
    payload as package data, the python track's curated packages as the `runtime` extra."""
    package_data = ["py.typed", "suite.ini", "report/templates/*", f"{paths.KIT}/**/*", f"{paths.KIT}/**/.*"]
    return f"""\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "{NAME}"
version = "{project['version']}"
description = "live-grader for candidates: the grade CLI, every challenge's spec, starters and public checks"
readme = "CANDIDATE.md"
requires-python = "{project['requires-python']}"
license = {{ text = "{project['license']['text']}" }}
dependencies = {toml_list(project['dependencies'])}

[project.optional-dependencies]
runtime = {toml_list(requirements(ROOT / 'runtime' / 'requirements.txt'))}

[project.scripts]
grade = "grader.cli:main"

[tool.setuptools.packages.find]
include = ["grader", "grader.*"]
exclude = ["grader.{paths.KIT}", "grader.{paths.KIT}.*"]

[tool.setuptools.package-data]
grader = {toml_list(package_data)}
"""


def stage_payload(kit: Path) -> int:
    """Fill grader/candidate_kit/; the number of challenges exported."""
    items = challenges.all_challenges(ROOT / "challenges")
    for challenge in items:
        export_kit(challenge, kit / "challenges")
    image_files = {rel for spec in IMAGES for rel in spec.files()}
    for rel in sorted(image_files | set(EXTRA_FILES)):
        (kit / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, kit / rel)  # copy2 keeps the mode: the entry scripts stay executable
    return len(items)


def build(out: Path) -> Path:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="candidate-wheel-") as tmp:
        stage = Path(tmp)
        # the checkout's own package, without a payload folder of an earlier build left lying in it
        shutil.copytree(ROOT / "grader", stage / "grader",
                        ignore=lambda d, names: set(COPY_IGNORE(d, names)) | ({paths.KIT} & set(names)))
        count = stage_payload(stage / "grader" / paths.KIT)
        (stage / "pyproject.toml").write_text(pyproject(project), encoding="utf-8")
        (stage / "CANDIDATE.md").write_text(DESCRIPTION, encoding="utf-8")
        wheels = stage / "wheels"
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(stage)],
            capture_output=True, text=True,
        )
        if proc.returncode:
            raise SystemExit(f"pip wheel failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        (built,) = wheels.glob("*.whl")
        target = out / built.name
        shutil.copy(built, target)
    print(f"{target}: {count} challenges, public checks only")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="folder for the wheel (default: dist/)")
    build(parser.parse_args().out)


if __name__ == "__main__":
    main()
