"""Which submissions a shard of a batch grades: `grade batch ... --shard K/N`.

A submission belongs to shard `sha256(folder name) mod N`, so the split depends only on each
name and N: the same on every machine, whatever order (or file system) lists the folder, and a
submission added to the folder does not move the others to another shard. Shards are numbered
from 0, as Kubernetes' JOB_COMPLETION_INDEX and a 0-based Actions matrix number them.

What a shard records (in its batch.json, under "shard"), so that `grade merge` can tell a complete
set from an incomplete one: its K/N, the names it owned, and how many folders the whole listing held.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError

_SPEC = re.compile(r"^\s*(\d{1,4})\s*/\s*(\d{1,4})\s*$")


@dataclass(frozen=True)
class Shard:
    index: int  # 0 <= index < count
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def owns(self, name: str) -> bool:
        return shard_of(name, self.count) == self.index

    def select(self, subs: list[Path]) -> list[Path]:
        return [s for s in subs if self.owns(s.name)]

    def record(self, every: list[Path], owned: list[Path]) -> dict:
        return {"index": self.index, "count": self.count, "owned": sorted(s.name for s in owned), "listed": len(every)}


def shard_of(name: str, count: int) -> int:
    # a cryptographic hash only for its even spread and its stability (Python's hash() is salted per process)
    return int.from_bytes(hashlib.sha256(name.encode("utf-8", "surrogateescape")).digest()[:8], "big") % count


def parse(spec: str) -> Shard:
    m = _SPEC.match(spec or "")
    if not m:
        raise UsageError(f"--shard '{spec}' is not K/N", hint="e.g. --shard 0/3 for the first of three shards (K counts from 0)")
    index, count = int(m.group(1)), int(m.group(2))
    if count < 1 or not 0 <= index < count:
        raise UsageError(f"--shard {spec}: K must be 0 to N-1 and N at least 1",
                         hint=f"the shards of {max(count, 1)} are 0/{max(count, 1)} to {max(count, 1) - 1}/{max(count, 1)}")
    return Shard(index, count)
