"""Hidden suite for challenge-50, Distributed Tracing: a stock-api in front of an inventory-service
(a fake upstream) that creates/echoes/propagates X-Request-Id, continues a W3C traceparent on its
call and exports a server and a client span as OTLP/HTTP JSON to a collector (another fake upstream).

What the server passed on is read from the inventory-service's request log; what it exported, from
the collector's (`upstreams["collector"].requests()`, whose bodies are the posted JSON).
"""

import json
import re
import time
from pathlib import Path

import pytest

from grader.testing import json_body, load_module

INVENTORY, COLLECTOR = "inventory-service", "collector"
TRACEPARENT = re.compile(r"00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})")
HEX_DIGITS = {"traceId": 32, "spanId": 16}
HEX_ID = {key: re.compile(f"[0-9a-f]{{{n}}}") for key, n in HEX_DIGITS.items()}
SERVER_KIND, CLIENT_KIND = 2, 3
# The spec gives the server 3 s to export; twice that absorbs a loaded machine.
EXPORT_WAIT = 6.0


stock = load_module(Path(__file__).resolve().parent.parent / "upstreams" / "stock.py", "challenge50_stock")


def sku(rng):
    return f"SKU-{rng.randint(1, 999_999_999)}"


def hex_id(rng, digits):
    while True:
        value = f"{rng.getrandbits(digits * 4):0{digits}x}"
        if value.strip("0"):
            return value


def traceparent(rng, flags="01"):
    trace_id, parent_id = hex_id(rng, 32), hex_id(rng, 16)
    return f"00-{trace_id}-{parent_id}-{flags}", trace_id, parent_id


def lookup(client, code, headers=None):
    response = client.get(f"/api/stock/{code}", headers=headers or {})
    return response


def inventory_call(upstreams, code):
    """The one request the inventory-service received for `code`."""
    calls = [r for r in upstreams[INVENTORY].requests() if r["path"] == f"/stock/{code}"]
    assert calls, f"the inventory-service was never asked for /stock/{code}"
    assert len(calls) == 1, f"the inventory-service was asked {len(calls)} times for /stock/{code}, expected once"
    return calls[0]


def propagated(call, what):
    """The (trace id, parent id, flags) of the traceparent the inventory-service received."""
    header = call["headers"].get("traceparent")
    assert header, f"{what}: the call to the inventory-service carried no traceparent header"
    m = TRACEPARENT.fullmatch(header)
    assert m and m.group(1).strip("0") and m.group(2).strip("0"), (
        f"{what}: the inventory-service received an invalid traceparent {header!r} "
        "(expected 00-<32 hex>-<16 hex>-<2 hex>, ids not all zeros)"
    )
    return m.group(1), m.group(2), m.group(3)


def _attributes(items):
    """OTLP's [{"key", "value": {"stringValue"|"intValue"...}}] as a dict of plain values."""
    out = {}
    for item in items or []:
        if isinstance(item, dict) and isinstance(item.get("value"), dict) and item["value"]:
            out[item.get("key")] = next(iter(item["value"].values()))
    return out


def exports(collector):
    """Every POST the collector received, parsed: a list of (request, body or None)."""
    return [(r, _json_or_none(r["body"])) for r in collector.requests() if r["method"] == "POST"]


def _json_or_none(text):
    try:
        return json.loads(text)
    except ValueError:
        return None


def spans_in(body):
    """The spans of one OTLP JSON body, each with its resource's attributes under "_resource"."""
    found = []
    for rs in (body or {}).get("resourceSpans") or []:
        resource = _attributes(((rs or {}).get("resource") or {}).get("attributes"))
        for ss in (rs or {}).get("scopeSpans") or []:
            for span in (ss or {}).get("spans") or []:
                if isinstance(span, dict):
                    found.append({**span, "_resource": resource})
    return found


def wait_for_spans(upstreams, trace_id, count=2):
    """The exported spans of `trace_id`, once there are `count` (or whatever came in EXPORT_WAIT)."""
    deadline = time.monotonic() + EXPORT_WAIT
    while True:
        spans = [s for _, body in exports(upstreams[COLLECTOR]) for s in spans_in(body) if s.get("traceId") == trace_id]
        if len(spans) >= count or time.monotonic() > deadline:
            return spans
        time.sleep(0.1)


def one_of_kind(spans, kind, what):
    matching = [s for s in spans if s.get("kind") == kind]
    label = "server" if kind == SERVER_KIND else "client"
    assert len(matching) == 1, (
        f"{what}: expected exactly one {label} span (kind {kind}) of the trace, got {len(matching)}; "
        f"kinds exported: {[s.get('kind') for s in spans]}"
    )
    return matching[0]


def traced_request(client, upstreams, rng, code=None):
    """A lookup under a fresh caller trace context and the spans exported for it."""
    code = code or sku(rng)
    header, trace_id, parent_id = traceparent(rng)
    response = lookup(client, code, {"traceparent": header})
    spans = wait_for_spans(upstreams, trace_id)
    assert spans, (
        f"GET /api/stock/{code} with traceparent {header}: within {EXPORT_WAIT:g} s the collector received "
        f"no span of trace {trace_id} ({len(exports(upstreams[COLLECTOR]))} POST(s) in all)"
    )
    return response, spans, trace_id, parent_id, code


@pytest.mark.public
@pytest.mark.points(2)
def test_stock_lookup(client, upstreams, rng):
    """GET /api/stock/:sku answers the inventory's quantity; an unknown SKU answers 404"""
    code = sku(rng)
    response = lookup(client, code)
    assert response.status_code == 200, f"GET /api/stock/{code}: expected 200, got {response.status_code}"
    body = json_body(response)
    expected = {"sku": code, "quantity": stock.quantity(code)}
    assert isinstance(body, dict) and {k: body.get(k) for k in expected} == expected, (
        f"GET /api/stock/{code} must answer {expected}, got {body!r}"
    )
    inventory_call(upstreams, code)
    unknown = f"NOPE-{rng.randint(1, 10**6)}"
    missing = lookup(client, unknown)
    assert missing.status_code == 404, f"GET /api/stock/{unknown} (the inventory answers 404): expected 404, got {missing.status_code}"
    assert isinstance(json_body(missing).get("error"), str), 'the 404 body must be {"error": "..."}'


@pytest.mark.points(1)
def test_health(client, upstreams):
    """GET /health answers 200 {"status": "ok"} without calling the inventory"""
    response = client.get("/health")
    assert response.status_code == 200, f"GET /health: expected 200, got {response.status_code}"
    assert json_body(response) == {"status": "ok"}, 'GET /health must answer {"status": "ok"}'
    assert not upstreams[INVENTORY].requests(), "GET /health must not call the inventory-service"


@pytest.mark.public
@pytest.mark.points(2)
def test_request_id_created(client, rng):
    """without X-Request-Id, the response carries a new one, different for every request"""
    ids = []
    for _ in range(3):
        response = lookup(client, sku(rng))
        rid = response.headers.get("x-request-id", "")
        assert rid.strip() and len(rid) <= 128, (
            f"a request without X-Request-Id must get one created in the response's X-Request-Id, got {rid!r}"
        )
        ids.append(rid)
    assert len(set(ids)) == len(ids), f"every request needs its own id; three requests got {ids}"


@pytest.mark.public
@pytest.mark.points(3)
def test_request_id_echoed_and_propagated(client, upstreams, rng):
    """a caller's X-Request-Id is echoed and passed on; a created one is passed on too"""
    given = f"req-{hex_id(rng, 12)}"
    code = sku(rng)
    response = lookup(client, code, {"X-Request-Id": given})
    assert response.headers.get("x-request-id") == given, (
        f"X-Request-Id: {given} must come back in the response, got {response.headers.get('x-request-id')!r}"
    )
    sent = inventory_call(upstreams, code)["headers"].get("x-request-id")
    assert sent == given, f"the inventory-service must receive X-Request-Id: {given}, got {sent!r}"
    code = sku(rng)
    created = lookup(client, code).headers.get("x-request-id")
    sent = inventory_call(upstreams, code)["headers"].get("x-request-id")
    assert created and sent == created, (
        f"a created request id must be passed on too: the response said {created!r}, the inventory received {sent!r}"
    )


@pytest.mark.points(1)
def test_request_id_on_every_response(client, upstreams, rng):
    """404, 502 and /health answers carry an X-Request-Id too"""
    cases = [("GET /api/stock/<unknown>", lambda: lookup(client, f"NOPE-{rng.randint(1, 10**6)}")),
             ("GET /health", lambda: client.get("/health"))]
    for what, send in cases:
        response = send()
        assert response.headers.get("x-request-id", "").strip(), f"{what} ({response.status_code}) carried no X-Request-Id"
    upstreams[INVENTORY].respond_with(500)
    response = lookup(client, sku(rng))
    assert response.status_code == 502, f"GET /api/stock/:sku with the inventory answering 500: expected 502, got {response.status_code}"
    assert response.headers.get("x-request-id", "").strip(), "the 502 answer carried no X-Request-Id"


@pytest.mark.points(2)
def test_new_trace_started(client, upstreams, rng):
    """without a traceparent, the inventory call carries a valid one of a new trace per request"""
    traces = []
    for _ in range(2):
        code = sku(rng)
        lookup(client, code)
        traces.append(propagated(inventory_call(upstreams, code), f"GET /api/stock/{code} without traceparent")[0])
    assert traces[0] != traces[1], f"two requests without traceparent must start two traces, both got trace id {traces[0]}"


@pytest.mark.public
@pytest.mark.points(4)
def test_traceparent_continued(client, upstreams, rng):
    """a valid traceparent is continued: same trace id, a new span id, the caller's flags"""
    for flags in ("01", "00"):
        header, trace_id, parent_id = traceparent(rng, flags)
        code = sku(rng)
        lookup(client, code, {"traceparent": header})
        got_trace, got_parent, got_flags = propagated(inventory_call(upstreams, code), f"traceparent {header}")
        assert got_trace == trace_id, (
            f"traceparent {header}: the inventory call must keep trace id {trace_id}, it carried {got_trace}"
        )
        assert got_parent != parent_id, (
            f"traceparent {header}: the inventory call must name a new span of your server, not the caller's {parent_id}"
        )
        assert got_flags == flags, f"traceparent {header}: the flags {flags} must be kept, the call carried {got_flags}"


@pytest.mark.points(1)
def test_invalid_traceparent_ignored(client, upstreams, rng):
    """an invalid traceparent (zero ids, upper case, other version, garbage) starts a new trace"""
    trace_id, parent_id = hex_id(rng, 32), hex_id(rng, 16)
    invalid = [f"00-{'0' * 32}-{parent_id}-01", f"00-{trace_id}-{'0' * 16}-01",
               f"00-{trace_id.upper()}-{parent_id}-01", f"ff-{trace_id}-{parent_id}-01", f"00-{trace_id[:30]}-{parent_id}-01"]
    for header in invalid:
        upstreams[INVENTORY].reset()
        code = sku(rng)
        lookup(client, code, {"traceparent": header})
        got_trace, _, _ = propagated(inventory_call(upstreams, code), f"invalid traceparent {header}")
        assert got_trace not in header.lower(), (
            f"the invalid traceparent {header} must be ignored (a new trace), the inventory call carried trace id {got_trace}"
        )


@pytest.mark.points(3)
def test_spans_exported_as_otlp_json(client, upstreams, rng):
    """each request's server and client spans reach the collector's /v1/traces as OTLP JSON"""
    _, spans, trace_id, _, code = traced_request(client, upstreams, rng)
    posts = [r for r, body in exports(upstreams[COLLECTOR]) if any(s.get("traceId") == trace_id for s in spans_in(body))]
    for post in posts:
        assert post["path"] == "/v1/traces", f"spans must be posted to {{COLLECTOR_URL}}/v1/traces, not {post['path']}"
        content_type = post["headers"].get("content-type", "")
        assert content_type.startswith("application/json"), f"the export must be Content-Type application/json, got {content_type!r}"
    what = f"the spans of GET /api/stock/{code}"
    one_of_kind(spans, SERVER_KIND, what)
    one_of_kind(spans, CLIENT_KIND, what)
    for span in spans:
        for key in ("traceId", "spanId"):
            assert isinstance(span.get(key), str) and HEX_ID[key].fullmatch(span[key]), (
                f"{what}: {key} must be {HEX_DIGITS[key]} lower-case hex digits, got {span.get(key)!r}"
            )
        assert span["_resource"].get("service.name") == "stock-api", (
            f'{what}: the resource must have service.name "stock-api", got {span["_resource"]!r}'
        )


@pytest.mark.points(4)
def test_span_links(client, upstreams, rng):
    """caller -> server span -> client span -> the traceparent the inventory received"""
    _, spans, trace_id, parent_id, code = traced_request(client, upstreams, rng)
    what = f"GET /api/stock/{code} under a caller span {parent_id}"
    server, call = one_of_kind(spans, SERVER_KIND, what), one_of_kind(spans, CLIENT_KIND, what)
    assert server.get("parentSpanId") == parent_id, (
        f"{what}: the server span's parentSpanId must be the caller's {parent_id}, got {server.get('parentSpanId')!r}"
    )
    assert call.get("parentSpanId") == server.get("spanId"), (
        f"{what}: the client span's parentSpanId must be the server span's {server.get('spanId')!r}, got {call.get('parentSpanId')!r}"
    )
    _, sent_parent, _ = propagated(inventory_call(upstreams, code), what)
    assert call.get("spanId") == sent_parent, (
        f"{what}: the inventory received parent id {sent_parent}: it must be the client span's id {call.get('spanId')!r}"
    )
    # a request without a caller's context: the server span is the root
    upstreams[COLLECTOR].reset()
    code = sku(rng)
    lookup(client, code)
    root_trace, _, _ = propagated(inventory_call(upstreams, code), f"GET /api/stock/{code}")
    spans = wait_for_spans(upstreams, root_trace)
    root = one_of_kind(spans, SERVER_KIND, f"GET /api/stock/{code} without traceparent")
    assert not root.get("parentSpanId"), (
        f"without traceparent the server span starts the trace: no parentSpanId, got {root.get('parentSpanId')!r}"
    )


def _nanos(span, key, what):
    value = span.get(key)
    if isinstance(value, str) and value.isdigit():
        return int(value)
    assert isinstance(value, int) and not isinstance(value, bool), f"{what}: {key} must be nanoseconds (string or number), got {value!r}"
    return value


@pytest.mark.points(2)
def test_span_status_and_times(client, upstreams, rng):
    """the server span records the status answered; span times are real and nested"""
    before = time.time_ns()
    response, spans, _, _, code = traced_request(client, upstreams, rng, code=f"NOPE-{rng.randint(1, 10**6)}")
    after = time.time_ns()
    what = f"the spans of GET /api/stock/{code} ({response.status_code})"
    server, call = one_of_kind(spans, SERVER_KIND, what), one_of_kind(spans, CLIENT_KIND, what)
    status = _attributes(server.get("attributes")).get("http.response.status_code")
    assert str(status) == str(response.status_code) == "404", (
        f"{what}: the server span's http.response.status_code must be 404, got {status!r}"
    )
    s_start, s_end = _nanos(server, "startTimeUnixNano", what), _nanos(server, "endTimeUnixNano", what)
    c_start, c_end = _nanos(call, "startTimeUnixNano", what), _nanos(call, "endTimeUnixNano", what)
    slack = 2_000_000_000  # clocks of the grader and the server's machine may differ a little
    assert before - slack <= s_start <= s_end <= after + slack, (
        f"{what}: the server span must lie in the request's time (ns since the epoch {before}..{after}), got {s_start}..{s_end}"
    )
    assert s_start <= c_start <= c_end <= s_end, (
        f"{what}: the client span {c_start}..{c_end} must lie within the server span {s_start}..{s_end}"
    )


@pytest.mark.points(2)
def test_export_does_not_delay_answers(client, upstreams, rng):
    """a slow or absent collector neither delays nor breaks the answers"""
    upstreams[COLLECTOR].delay(5.0)
    for _attempt in range(2):
        code = sku(rng)
        started = time.monotonic()
        response = lookup(client, code)
        elapsed = time.monotonic() - started
        assert response.status_code == 200, f"with a slow collector, GET /api/stock/{code}: expected 200, got {response.status_code}"
        assert elapsed < 2.0, f"with a collector taking 5 s, GET /api/stock/{code} took {elapsed:.2f} s: export in the background"
    upstreams[COLLECTOR].reset()
    upstreams[COLLECTOR].down()
    for _attempt in range(3):
        code = sku(rng)
        response = lookup(client, code)
        assert response.status_code == 200, f"with the collector down, GET /api/stock/{code}: expected 200, got {response.status_code}"
    upstreams[COLLECTOR].up()
