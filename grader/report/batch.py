"""Reports of a batch (`grade batch`): an overview page with one row per submission, sortable by
score, linking to each run's HTML page; and the rows as CSV.

Rows are those of batch.json: name, track, score, max_score, percent, status, duration, result
(the run's JSON, relative to the batch's output folder; "" when the grading produced none) and
optionally message. Batch reports are for the interviewer: they show every check.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .html import environment, render
from .load import result_from_dict
from .safe import neutral
from .view import save

COLUMNS = ("name", "track", "score", "max_score", "percent", "status", "duration", "result", "message")


def _as_dict(row: Mapping[str, Any] | Any) -> dict[str, Any]:
    # batch.json rows are dicts; the batch runner's own rows are dataclasses
    if isinstance(row, Mapping):
        data = dict(row)
    else:
        data = dataclasses.asdict(row)
    data.setdefault("message", "")
    # a row's name is the submission's folder name and its message can quote the server: both the
    # candidate's text, shown in a report (report/safe.py)
    data["name"], data["message"] = neutral(str(data["name"])), neutral(str(data["message"] or ""))
    return data


def write_run_html(result_dict: dict[str, Any], path: Path) -> Path:
    return save(path, render(result_from_dict(result_dict)))


def write_batch_html(rows: Iterable[Mapping[str, Any] | Any], out_dir: Path, challenge: str = "") -> Path:
    """Write out_dir/index.html, plus an HTML page beside every run's JSON it links to."""
    items = [_as_dict(r) for r in rows]
    for item in items:
        item["html"] = ""
        source = (out_dir / item["result"]).resolve() if item.get("result") else None
        # only runs inside the batch folder: a page is written beside each
        if source and source.is_file() and source.is_relative_to(out_dir.resolve()):
            page = Path(item["result"]).with_suffix(".html")
            write_run_html(json.loads(source.read_text(encoding="utf-8")), out_dir / page)
            item["html"] = page.as_posix()
    items.sort(key=lambda i: (-float(i["percent"]), i["name"]))  # best first; the page re-sorts on a click
    mean = sum(float(i["percent"]) for i in items) / len(items) if items else 0.0
    page_text = environment().get_template("batch.html.j2").render(
        rows=items, challenge=challenge, mean=mean, passed=sum(1 for i in items if i["status"] == "passed"))
    return save(out_dir / "index.html", page_text)


def write_batch_csv(rows: Iterable[Mapping[str, Any] | Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(COLUMNS), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(_as_dict(r) for r in rows)
    return path
