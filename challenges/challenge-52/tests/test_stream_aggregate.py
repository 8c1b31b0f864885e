"""Hidden suite for challenge-52 (stream-aggregate): POST /aggregate folds an NDJSON upload into
per-region totals.

Uploads are generated here per run and streamed from generators; the expected totals are computed
from the records, not by parsing the lines again. The 320 MiB upload repeats one ~1 MiB block, so
the grader never holds it and its totals are the block's times the repeat count.
"""

import json
import string
import time

import httpx
import pytest

from grader.testing import assert_status, word

MiB = 1024 * 1024
LARGE_BYTES = 320 * MiB  # above the sandbox's 256 MiB memory limit
MAX_REJECTED_LINES = 10
REGION_KEYS = {"region", "count", "sum", "min", "max"}
SUMMARY_KEYS = {"lines", "accepted", "rejected", "rejectedLines"}
# malformed lines, each rejected by the spec's rules (none contains a '\r' or a '\n')
MALFORMED = [
    "this is not json",
    '{"region": "eu", "amount": 12',
    '[{"region": "eu", "amount": 12}]',
    "null",
    "42",
    '{"amount": 17}',
    '{"region": "", "amount": 17}',
    '{"region": 7, "amount": 17}',
    '{"region": "eu"}',
    '{"region": "eu", "amount": "12"}',
    '{"region": "eu", "amount": 12.5}',
    '{"region": "eu", "amount": null}',
    '"{\\"region\\": \\"eu\\", \\"amount\\": 1}"',
]


# --- data ----------------------------------------------------------------------------------------

def region_names(rng, n, accented=False):
    names = set()
    while len(names) < n:
        name = word(rng, rng.randint(2, 6))
        if accented:
            name = rng.choice(["é", "ü", "東京", "ß", "ø-", "€"]) + name + rng.choice(["", "ñ", "京"])
        names.add(name)
    return sorted(names)


def records(rng, regions, n, note_len=(5, 40)):
    out = []
    for _ in range(n):
        note = word(rng, rng.randint(*note_len), alphabet=string.ascii_letters + " ")
        out.append({"region": rng.choice(regions), "amount": rng.randint(-1_000_000, 1_000_000), "note": note})
    return out


def record_line(rng, record):
    fields = list(record.items())
    rng.shuffle(fields)  # field order is free, and `region` is not always first
    return json.dumps(dict(fields), ensure_ascii=False)


def expected_totals(recs, times=1):
    totals = {}
    for r in recs:
        t = totals.setdefault(r["region"], {"region": r["region"], "count": 0, "sum": 0, "min": r["amount"], "max": r["amount"]})
        t["count"] += 1
        t["sum"] += r["amount"]
        t["min"] = min(t["min"], r["amount"])
        t["max"] = max(t["max"], r["amount"])
    for t in totals.values():
        t["count"] *= times
        t["sum"] *= times
    return totals


# --- the server's answer -------------------------------------------------------------------------

def post(client, body, length=None):
    headers = {"content-type": "application/x-ndjson"}
    if length is not None:  # a generator's body is sent chunked unless its length is given
        headers["content-length"] = str(length)
    return client.post("/aggregate", content=body, headers=headers)


def answer(response):
    """(regions by name, summary) from an answer, whatever its order and Content-Type."""
    assert_status(response, 200)
    regions, summaries = {}, []
    for n, line in enumerate(response.text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            raise AssertionError(f"line {n} of the answer is not JSON: {line[:200]!r} (the answer is NDJSON: one JSON object per line)") from None
        assert isinstance(obj, dict), f"line {n} of the answer must be a JSON object, got {line[:200]!r}"
        if "region" in obj:
            regions[obj["region"]] = obj
        else:
            summaries.append(obj)
    assert len(summaries) == 1, f"the answer must hold exactly one summary line (the object without 'region'), got {len(summaries)}: {response.text[:500]!r}"
    return regions, summaries[0]


def assert_totals(regions, expected, what):
    assert set(regions) == set(expected), (
        f"{what}: the answer must list the regions {sorted(expected)}, got {sorted(regions)}"
    )
    for name, want in expected.items():
        got = {k: regions[name].get(k) for k in ("count", "sum", "min", "max")}
        assert got == {k: want[k] for k in ("count", "sum", "min", "max")}, (
            f"{what}: region {name!r} must be {json.dumps(want, ensure_ascii=False)}, got {json.dumps(regions[name], ensure_ascii=False)}"
        )


def assert_summary(summary, lines, accepted, rejected, rejected_lines, what):
    want = {"lines": lines, "accepted": accepted, "rejected": rejected, "rejectedLines": rejected_lines}
    got = {k: summary.get(k) for k in SUMMARY_KEYS}
    assert got == want, f"{what}: the summary must be {json.dumps(want)}, got {json.dumps(summary)}"


def assert_alive(server, after):
    gone = server.gone()
    assert gone is None, f"the server died {after}: {gone} (its memory limit is 256 MiB: process the upload as a stream, never collect it whole)"


# --- checks --------------------------------------------------------------------------------------

@pytest.mark.public
@pytest.mark.points(3)
def test_totals_per_region(client, rng):
    """POST /aggregate answers the right count, sum, min and max of amount per region"""
    regions = region_names(rng, rng.randint(3, 6))
    recs = records(rng, regions, rng.randint(300, 600))
    body = "".join(record_line(rng, r) + "\n" for r in recs).encode()
    found, _ = answer(post(client, body))
    assert_totals(found, expected_totals(recs), f"an upload of {len(recs)} valid records")


@pytest.mark.public
@pytest.mark.points(1)
def test_ndjson_response_shape(client, rng):
    """The answer is application/x-ndjson: one line per region in ascending order, then the summary"""
    regions = region_names(rng, 5)
    recs = records(rng, regions, 60)
    rng.shuffle(recs)
    response = post(client, "".join(record_line(rng, r) + "\n" for r in recs).encode())
    assert_status(response, 200)
    ctype = response.headers.get("content-type", "")
    assert ctype.split(";")[0].strip().lower() == "application/x-ndjson", (
        f"the answer's Content-Type must be application/x-ndjson, got {ctype!r}"
    )
    text = response.text
    assert text.endswith("\n"), "every line of the answer, the last one too, must end with \\n"
    lines = [json.loads(line) for line in text[:-1].split("\n")]
    names = [obj.get("region") for obj in lines[:-1]]
    present = sorted({r["region"] for r in recs})
    assert names == present, f"the region lines must come first, one per region, in ascending order {present}; got {names}"
    for obj in lines[:-1]:
        assert set(obj) == REGION_KEYS, f"a region line has exactly the keys {sorted(REGION_KEYS)}, got {sorted(obj)}"
    assert isinstance(lines[-1], dict) and set(lines[-1]) == SUMMARY_KEYS, (
        f"the last line must be the summary with exactly the keys {sorted(SUMMARY_KEYS)}, got {lines[-1]!r}"
    )


@pytest.mark.public
@pytest.mark.points(2)
def test_malformed_lines_rejected(client, rng):
    """Malformed lines are rejected, counted and numbered; the valid records around them still count"""
    regions = region_names(rng, 3)
    recs = records(rng, regions, 80)
    bad = list(MALFORMED)
    rng.shuffle(bad)
    lines = [record_line(rng, r) for r in recs]
    rejected_at = sorted(rng.sample(range(1, len(lines) + len(bad)), len(bad)))
    for pos in rejected_at:  # 1-based line numbers, inserted in ascending order
        lines.insert(pos - 1, bad.pop())
    body = "".join(line + "\n" for line in lines).encode()
    found, summary = answer(post(client, body))
    what = f"an upload of {len(recs)} records and {len(rejected_at)} malformed lines"
    assert_summary(summary, len(lines), len(recs), len(rejected_at), rejected_at[:MAX_REJECTED_LINES], what)
    assert_totals(found, expected_totals(recs), what)


@pytest.mark.points(1)
def test_blank_lines_and_crlf(client, rng):
    """Blank lines are skipped but numbered, \\r\\n endings work, and a last line without \\n counts"""
    regions = region_names(rng, 2)
    recs = records(rng, regions, 20)
    lines, numbers = [], []
    for r in recs:
        for _ in range(rng.randint(0, 2)):
            lines.append(rng.choice(["", "   ", "\t", " \t "]))
        lines.append(record_line(rng, r))
        if rng.random() < 0.2:
            lines.append("not a record")
            numbers.append(len(lines))
    lines.append("broken {")
    numbers.append(len(lines))
    lines.append(record_line(rng, recs[0]))  # last line, without a line ending
    body = "".join(line + rng.choice(["\n", "\r\n"]) for line in lines[:-1]) + lines[-1]
    found, summary = answer(post(client, body.encode()))
    what = "an upload with blank lines, \\r\\n endings and no \\n at the end"
    assert_summary(summary, len(recs) + 1 + len(numbers), len(recs) + 1, len(numbers), numbers[:MAX_REJECTED_LINES], what)
    assert_totals(found, expected_totals(recs + [recs[0]]), what)


@pytest.mark.points(2)
def test_body_cut_into_pieces(client, rng):
    """A body sent in small pieces, cut inside lines and inside UTF-8 characters, gives the same totals"""
    regions = region_names(rng, 4, accented=True)
    recs = records(rng, regions, 40)
    body = "".join(record_line(rng, r) + "\n" for r in recs).encode()
    inside_chars = [i for i, b in enumerate(body) if 0x80 <= b <= 0xBF]  # continuation bytes
    cuts = set(rng.sample(inside_chars, min(15, len(inside_chars))))
    cuts |= set(rng.sample(range(1, len(body)), 15))
    cuts = sorted(cuts)

    def pieces():
        last = 0
        for cut in cuts:
            yield body[last:cut]
            last = cut
            time.sleep(0.015)  # TCP_NODELAY is on: each piece reaches the server on its own
        yield body[last:]

    found, summary = answer(post(client, pieces()))
    what = f"the body sent in {len(cuts) + 1} pieces, {len(inside_chars) and 15} of them cut inside a character"
    assert_totals(found, expected_totals(recs), what)
    assert_summary(summary, len(recs), len(recs), 0, [], what)


@pytest.mark.points(1)
def test_empty_body(client):
    """An empty body answers only the zero summary"""
    found, summary = answer(post(client, b""))
    assert found == {}, f"an empty body has no regions, got {sorted(found)}"
    assert_summary(summary, 0, 0, 0, [], "an empty body")


@pytest.mark.points(5)
def test_large_upload_bounded_memory(client, server, rng):
    """A 320 MiB upload (more than the server's memory) is aggregated right and the server survives"""
    if not server.isolated:
        pytest.skip("needs the Docker sandbox's 256 MiB memory limit: the local sandbox has none")
    regions = region_names(rng, rng.randint(4, 8))
    recs = records(rng, regions, 500, note_len=(1500, 2500))  # long lines: a block of ~1 MiB, fewer lines to parse
    lines = [record_line(rng, r) for r in recs]
    rejected_at = sorted(rng.sample(range(1, len(lines)), 3))
    for pos in rejected_at:
        lines.insert(pos - 1, rng.choice(MALFORMED[:3]))  # invalid JSON, whatever the number rules
    block = "".join(line + "\n" for line in lines).encode()
    repeats = -(-LARGE_BYTES // len(block))
    numbers = [pos + k * len(lines) for k in range(4) for pos in rejected_at][:MAX_REJECTED_LINES]

    def upload():
        for _ in range(repeats):
            yield block

    try:
        response = post(client, upload(), length=repeats * len(block))
    except httpx.HTTPError:
        assert_alive(server, f"during a {repeats * len(block) // MiB} MiB upload")
        raise
    assert_alive(server, f"during a {repeats * len(block) // MiB} MiB upload")
    found, summary = answer(response)
    what = f"a {repeats * len(block) // MiB} MiB upload ({repeats} x {len(lines)} lines)"
    assert_totals(found, expected_totals(recs, repeats), what)
    assert_summary(summary, repeats * len(lines), repeats * len(recs), repeats * 3, numbers, what)
    assert_alive(server, "after a large upload")
