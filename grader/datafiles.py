"""Large data files a challenge's server reads (e.g. challenge 32 streams one back).

Declared in challenge.toml as `[[data]] name = "large.bin" size_mb = 300`. The grader writes them
into the run's own temporary space (never the container's memory-backed work dir) and mounts
them read-only; the server finds them in the directory named by the DATA_DIR environment
variable. The content is pseudo-random from the run's seed, so a server cannot precompute it,
and its SHA-256 is known to the suite (the `data_files` fixture).
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

BLOCK = 1024 * 1024


@dataclass(frozen=True)
class DataSpec:
    name: str
    size_mb: int


@dataclass(frozen=True)
class DataFile:
    name: str
    size: int
    sha256: str
    host_path: Path


def generate(spec: DataSpec, directory: Path, seed: int) -> DataFile:
    """Write `size_mb` MiB: a seeded random block, each copy stamped with its index (not periodic)."""
    rng = random.Random(f"{seed}:{spec.name}")
    block = bytearray(rng.randbytes(BLOCK))
    digest = hashlib.sha256()
    path = directory / spec.name
    with path.open("wb") as fh:
        for i in range(spec.size_mb):
            block[:8] = i.to_bytes(8, "big")
            fh.write(block)
            digest.update(block)
    path.chmod(0o644)
    return DataFile(spec.name, spec.size_mb * BLOCK, digest.hexdigest(), path)
