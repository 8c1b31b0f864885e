"""Reference: POST /aggregate folds an NDJSON upload into per-region totals while it streams in."""

import json
import os

import uvicorn
from starlette.applications import Starlette
from starlette.responses import StreamingResponse
from starlette.routing import Route

MAX_REJECTED_LINES = 10


def parse_record(line: bytes):
    try:
        record = json.loads(line)
    except ValueError:  # also UnicodeDecodeError
        return None
    if not isinstance(record, dict):
        return None
    region, amount = record.get("region"), record.get("amount")
    if not isinstance(region, str) or not region:
        return None
    if not isinstance(amount, int) or isinstance(amount, bool):
        return None
    return region, amount


class Totals:
    def __init__(self):
        self.regions = {}
        self.line_number = 0
        self.accepted = 0
        self.rejected = 0
        self.rejected_lines = []

    def add(self, line: bytes):
        self.line_number += 1
        if not line.strip():
            return
        record = parse_record(line)
        if record is None:
            self.rejected += 1
            if len(self.rejected_lines) < MAX_REJECTED_LINES:
                self.rejected_lines.append(self.line_number)
            return
        region, amount = record
        self.accepted += 1
        group = self.regions.get(region)
        if group is None:
            self.regions[region] = {"region": region, "count": 1, "sum": amount, "min": amount, "max": amount}
            return
        group["count"] += 1
        group["sum"] += amount
        group["min"] = min(group["min"], amount)
        group["max"] = max(group["max"], amount)

    def ndjson(self):
        for name in sorted(self.regions):
            yield json.dumps(self.regions[name], ensure_ascii=False) + "\n"
        summary = {
            "lines": self.accepted + self.rejected,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "rejectedLines": self.rejected_lines,
        }
        yield json.dumps(summary) + "\n"


async def aggregate(request):
    totals = Totals()
    rest = b""
    # splitting bytes on b"\n" is safe for UTF-8: that byte never occurs inside a character
    async for chunk in request.stream():
        lines = (rest + chunk).split(b"\n")
        rest = lines.pop()
        for line in lines:
            totals.add(line)
    if rest:
        totals.add(rest)
    return StreamingResponse(totals.ndjson(), media_type="application/x-ndjson")


routes = [Route("/aggregate", aggregate, methods=["POST"])]

app = Starlette(routes=routes)


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
