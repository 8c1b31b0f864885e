"""Join the outputs of a batch's shards into one batch output: `grade merge SHARD_OUT... --out DIR`.

Refused (MergeRefused, exit 2, nothing written): a folder that is not a shard's output; shards
that disagree on what they were graded with (challenge, its folder's digest, seed, grader version,
checks, N) or on the listing they split (its size); one shard given twice; a submission that two
shards graded. Incomplete (a shard missing, or a submission a shard owned without a row): refused
too, unless `allow_missing`, when the merged batch.json says what is missing under "incomplete".

The merged folder is what one unsharded `grade batch` writes: runs/NAME.json (copied) and .html,
batch.json, batch.csv and index.html, by the batch's own writer.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .batch import write
from .errors import MergeRefused

# what every shard of one batch must agree on (batch_info), with the words used to say so
AGREED = {"challenge": "challenges", "challenge_digest": "challenge folders (digest)", "seed": "seeds",
          "grader_version": "grader versions", "checks": "checks (all or public)"}


@dataclass
class ShardOut:
    folder: Path
    info: dict  # batch.json without its rows
    rows: list[dict]

    @property
    def label(self) -> str:
        return f"{self.info['shard']['index']}/{self.info['shard']['count']}"


@dataclass
class Merged:
    info: dict
    rows: list[dict]
    missing_shards: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # submissions a shard owned but has no row for
    sources: dict[str, Path] = field(default_factory=dict)  # name -> the run's JSON result in its shard
    folders: list[Path] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing_shards and not self.missing


def load(folder: Path) -> ShardOut:
    path = folder / "batch.json" if folder.is_dir() else folder
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise MergeRefused(f"'{folder}' is not a batch output ({exc.__class__.__name__}: no readable batch.json)",
                           hint="pass the --out folders of `grade batch ... --shard K/N`") from None
    if not isinstance(data, dict) or not isinstance(data.get("shard"), dict) or "rows" not in data:
        raise MergeRefused(f"'{folder}' is not a shard's output (its batch.json records no shard)",
                           hint="grade each part with `grade batch ... --shard K/N`; an unsharded batch needs no merge")
    rows = data.pop("rows")
    for row in rows:  # a name becomes a file name under runs/: a folder's own name, nothing else
        name = str(row.get("name", ""))
        if Path(name).name != name or name in ("", ".", ".."):
            raise MergeRefused(f"'{folder}': a row names '{name}', not a submission folder", hint="merge untouched shard outputs")
    return ShardOut(path.parent, data, rows)


def check_agree(shards: list[ShardOut]) -> None:
    for key, words in {**AGREED, "count": "shard counts (N)", "listed": "listings (submission folders seen)"}.items():
        values: dict[str, list[str]] = {}
        for s in shards:
            value = s.info["shard"].get(key) if key in ("count", "listed") else s.info.get(key)
            values.setdefault(json.dumps(value), []).append(s.label)
        if len(values) > 1:
            said = "; ".join(f"{', '.join(labels)}: {value}" for value, labels in values.items())
            raise MergeRefused(f"the shards are not parts of one batch: different {words} ({said})",
                               hint="grade every shard with the same grader, challenge, --seed and N over the same folder")
    seen: dict[int, Path] = {}
    for s in shards:
        index = s.info["shard"]["index"]
        if index in seen:
            raise MergeRefused(f"shard {s.label} given twice ('{seen[index]}' and '{s.folder}')",
                               hint="pass each shard's output once")
        seen[index] = s.folder
    graded_by: dict[str, str] = {}
    for s in shards:
        for row in s.rows:
            if row["name"] in graded_by:
                raise MergeRefused(f"submission '{row['name']}' was graded by shards {graded_by[row['name']]} and {s.label}",
                                   hint="the shards did not split one listing: re-grade them from one copy of the folder")
            graded_by[row["name"]] = s.label


def merge(folders: list[Path]) -> Merged:
    if not folders:
        raise MergeRefused("no shard outputs given", hint="grade merge SHARD_OUT... --out DIR")
    shards = [load(f) for f in folders]
    check_agree(shards)
    count = shards[0].info["shard"]["count"]
    present = {s.info["shard"]["index"] for s in shards}
    missing_shards = [f"{i}/{count}" for i in range(count) if i not in present]
    missing = sorted(name for s in shards for name in set(s.info["shard"]["owned"]) - {r["name"] for r in s.rows})
    info = {k: v for k, v in shards[0].info.items() if k not in ("shard", "version")}
    info["shards"] = count
    rows = sorted((r for s in shards for r in s.rows), key=lambda r: r["name"])
    sources = {r["name"]: s.folder / r["result"] for s in shards for r in s.rows
               if r.get("result") and (s.folder / r["result"]).resolve().is_relative_to(s.folder.resolve())}
    return Merged(info, rows, missing_shards, missing, sources, [s.folder for s in shards])


def write_merged(merged: Merged, out_dir: Path) -> None:
    """Copy each run's JSON result into out_dir/runs and write the batch's outputs there."""
    if any(out_dir.resolve() == f.resolve() for f in merged.folders):
        raise MergeRefused(f"--out '{out_dir}' is one of the shard outputs", hint="merge into a new folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for row in merged.rows:
        row = dict(row)
        source = merged.sources.get(row["name"])
        if source is not None and source.is_file():
            dest = out_dir / "runs" / f"{row['name']}.json"
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)
            row["result"] = dest.relative_to(out_dir).as_posix()
        else:
            row["result"] = ""
        rows.append(row)
    info = dict(merged.info)
    if not merged.complete:
        info["incomplete"] = {"missing_shards": merged.missing_shards, "missing_submissions": merged.missing}
    write(info, rows, out_dir)
