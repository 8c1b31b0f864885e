"""Hidden suite for challenge-55, Performance Monitoring: a small items API whose /metrics (Prometheus
text, read with prometheus_client's own parser) counts requests by method, route template and
status, observes their latency in a seconds histogram and carries the process metrics.

Every metric check reads /metrics before and after traffic it sends itself and asserts the change,
so it does not matter what earlier checks (or scrapes of /metrics and /health) added.
"""

import math
import time

import pytest
from prometheus_client.parser import text_string_to_metric_families

from grader.testing import json_body

# The route label of GET /api/items/<id>: Express's or Starlette's way of writing the template.
ITEM_ROUTES = {"/api/items/:id", "/api/items/{id}"}
REQUIRED_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
COUNTER = "http_requests_total"
HISTOGRAM = "http_request_duration_seconds"


class Scrape:
    """One read of /metrics: its families (as the parser typed them) and every sample."""

    def __init__(self, client):
        response = client.get("/metrics")
        assert response.status_code == 200, f"GET /metrics: expected status 200, got {response.status_code}"
        self.response = response
        try:
            self.families = list(text_string_to_metric_families(response.text))
        except Exception as err:  # the parser raises ValueError and friends on invalid text
            excerpt = response.text[:300]
            raise AssertionError(
                f"GET /metrics is not valid Prometheus text ({err}); it starts with: {excerpt!r}"
            ) from None
        self.samples = [s for family in self.families for s in family.samples]

    def value(self, name, *, method=None, routes=None, status=None, le=None):
        """The sum of the samples called `name` whose labels match (None: any value)."""
        total = 0.0
        for s in self.samples:
            if s.name != name:
                continue
            labels = s.labels
            if method is not None and labels.get("method") != method:
                continue
            if routes is not None and labels.get("route") not in routes:
                continue
            if status is not None and labels.get("status") != str(status):
                continue
            if le is not None and _le(labels.get("le")) != le:
                continue
            total += s.value
        return total

    def buckets(self, *, routes=None):
        """The distinct `le` bounds (floats) of the histogram's bucket series."""
        return sorted({_le(s.labels.get("le")) for s in self.samples
                       if s.name == f"{HISTOGRAM}_bucket" and (routes is None or s.labels.get("route") in routes)})


def _le(raw):
    try:
        return float(raw)
    except (TypeError, ValueError):
        return math.nan


def create_item(client, name):
    response = client.post("/api/items", json={"name": name})
    assert response.status_code == 201, f"POST /api/items {{'name': {name!r}}}: expected 201, got {response.status_code}"
    body = json_body(response)
    assert isinstance(body, dict) and "id" in body, f"POST /api/items must answer the created item with its id, got {body!r}"
    return body


def item_name(rng):
    return f"{rng.choice(['lamp', 'desk', 'chair', 'shelf', 'mug'])}-{rng.randint(1000, 999_999)}"


@pytest.mark.public
@pytest.mark.points(1)
def test_health(client):
    """GET /health answers 200 {"status": "ok", "uptime": <seconds since start>}"""
    first = client.get("/health")
    assert first.status_code == 200, f"GET /health: expected status 200, got {first.status_code}"
    body = json_body(first)
    assert isinstance(body, dict) and body.get("status") == "ok", f'GET /health must answer {{"status": "ok", ...}}, got {body!r}'
    uptime = body.get("uptime")
    assert isinstance(uptime, (int, float)) and not isinstance(uptime, bool) and uptime >= 0, (
        f'"uptime" must be a number of seconds >= 0, got {uptime!r}'
    )
    started = time.monotonic()
    time.sleep(0.6)
    second = json_body(client.get("/health")).get("uptime")
    elapsed = time.monotonic() - started
    assert isinstance(second, (int, float)) and 0.3 <= second - uptime <= elapsed + 0.2, (
        f'"uptime" must count seconds: {elapsed:.2f} s later it went from {uptime!r} to {second!r}'
    )


@pytest.mark.public
@pytest.mark.points(2)
def test_items_api(client, rng):
    """POST /api/items creates (201), GET lists and reads one (200), unknown 404, no name 400"""
    name = item_name(rng)
    item = create_item(client, name)
    assert item.get("name") == name, f"the created item must carry the name sent, got {item!r}"
    listed = client.get("/api/items")
    assert listed.status_code == 200, f"GET /api/items: expected 200, got {listed.status_code}"
    assert item in json_body(listed), f"GET /api/items must list the created item {item!r}"
    one = client.get(f"/api/items/{item['id']}")
    assert one.status_code == 200 and json_body(one) == item, (
        f"GET /api/items/{item['id']} must answer 200 with {item!r}, got {one.status_code} {one.text[:200]!r}"
    )
    missing = client.get(f"/api/items/{rng.randint(10**8, 10**9)}")
    assert missing.status_code == 404, f"GET /api/items/<unknown id>: expected 404, got {missing.status_code}"
    bad = client.post("/api/items", json={"title": name})
    assert bad.status_code == 400, f"POST /api/items without a name: expected 400, got {bad.status_code}"
    assert isinstance(json_body(bad).get("error"), str), 'the 400 body must be {"error": "..."}'


@pytest.mark.points(1)
def test_slow_and_fail(client, rng):
    """GET /api/slow?ms=N waits N ms and answers {"waited": N}; GET /api/fail answers 500"""
    ms = rng.randint(150, 300)
    started = time.monotonic()
    response = client.get("/api/slow", params={"ms": ms})
    elapsed = time.monotonic() - started
    assert response.status_code == 200, f"GET /api/slow?ms={ms}: expected 200, got {response.status_code}"
    assert json_body(response) == {"waited": ms}, f'GET /api/slow?ms={ms} must answer {{"waited": {ms}}}'
    assert elapsed >= ms / 1000 - 0.01, f"GET /api/slow?ms={ms} answered after {elapsed * 1000:.0f} ms: it must wait {ms} ms"
    assert client.get("/api/slow", params={"ms": 5000}).status_code == 400, "GET /api/slow?ms=5000 must answer 400"
    failed = client.get("/api/fail")
    assert failed.status_code == 500, f"GET /api/fail: expected 500, got {failed.status_code}"
    assert isinstance(json_body(failed).get("error"), str), 'the 500 body must be {"error": "..."}'


@pytest.mark.public
@pytest.mark.points(2)
def test_metrics_exposition(client):
    """GET /metrics is Prometheus text with http_requests_total (counter) and the duration histogram"""
    client.get("/api/items")
    scrape = Scrape(client)
    content_type = scrape.response.headers.get("content-type", "")
    assert content_type.startswith("text/plain"), f"GET /metrics must be text/plain, got {content_type!r}"
    types = {family.name: family.type for family in scrape.families}
    # The parser names a counter's family without its _total suffix.
    counter_type = types.get("http_requests") or types.get(COUNTER)
    assert counter_type == "counter", (
        f"{COUNTER} must be declared '# TYPE {COUNTER} counter'; the families found: {sorted(types)}"
    )
    assert types.get(HISTOGRAM) == "histogram", (
        f"{HISTOGRAM} must be declared '# TYPE {HISTOGRAM} histogram'; the families found: {sorted(types)}"
    )


@pytest.mark.public
@pytest.mark.points(4)
def test_counts_requests_by_route_template(client, rng):
    """http_requests_total grows by exactly the requests sent, under the route template /api/items/:id"""
    item = create_item(client, item_name(rng))
    n = rng.randint(3, 7)
    before = Scrape(client).value(COUNTER, method="GET", routes=ITEM_ROUTES, status=200)
    for _ in range(n):
        assert client.get(f"/api/items/{item['id']}").status_code == 200, "GET /api/items/:id of a created item must answer 200"
    after = Scrape(client)
    delta = after.value(COUNTER, method="GET", routes=ITEM_ROUTES, status=200) - before
    raw = sorted({s.labels.get("route") for s in after.samples if s.name == COUNTER
                  and str(item["id"]) in (s.labels.get("route") or "").split("/")})
    assert delta == n, (
        f'after {n} GET /api/items/{item["id"]}, {COUNTER}{{method="GET",route="/api/items/:id",status="200"}} '
        f"grew by {delta:g}" + (f"; found route labels with the raw path instead: {raw}" if raw else "")
    )


@pytest.mark.points(3)
def test_counts_by_status_and_method(client, rng):
    """every answer is counted under its method and status: 201, 400, 404 and 500 included"""
    cases = [  # (what, method, routes, status, send)
        ("POST /api/items", "POST", {"/api/items"}, 201, lambda: client.post("/api/items", json={"name": item_name(rng)})),
        ("POST /api/items without a name", "POST", {"/api/items"}, 400, lambda: client.post("/api/items", json={})),
        ("GET /api/items/<unknown>", "GET", ITEM_ROUTES, 404, lambda: client.get(f"/api/items/{rng.randint(10**8, 10**9)}")),
        ("GET /api/fail", "GET", {"/api/fail"}, 500, lambda: client.get("/api/fail")),
    ]
    counts = [rng.randint(1, 4) for _ in cases]
    before = Scrape(client)
    for (what, _, _, status, send), count in zip(cases, counts):
        for _ in range(count):
            got = send().status_code
            assert got == status, f"{what}: expected {status}, got {got}"
    after = Scrape(client)
    for (what, method, routes, status, _), count in zip(cases, counts):
        delta = (after.value(COUNTER, method=method, routes=routes, status=status)
                 - before.value(COUNTER, method=method, routes=routes, status=status))
        route = sorted(routes)[0]
        assert delta == count, (
            f'after {count} × {what} ({status}), {COUNTER}{{method="{method}",route="{route}",status="{status}"}} '
            f"grew by {delta:g}"
        )


@pytest.mark.points(4)
def test_histogram_observes_latency_in_seconds(client, rng):
    """the duration histogram's count, sum (in seconds) and buckets move with slow requests"""
    ms = rng.randint(300, 400)
    k = rng.randint(2, 3)
    labels = dict(method="GET", routes={"/api/slow"}, status=200)
    before = Scrape(client)
    slowest = 0.0
    for _ in range(k):
        started = time.monotonic()
        assert client.get("/api/slow", params={"ms": ms}).status_code == 200, f"GET /api/slow?ms={ms} must answer 200"
        slowest = max(slowest, time.monotonic() - started)
    after = Scrape(client)
    series = f'{HISTOGRAM}{{method="GET",route="/api/slow",status="200"}}'

    def delta(name, le=None):
        return after.value(name, le=le, **labels) - before.value(name, le=le, **labels)

    count = delta(f"{HISTOGRAM}_count")
    assert count == k, f"after {k} × GET /api/slow?ms={ms}, {series} _count grew by {count:g}"
    total = delta(f"{HISTOGRAM}_sum")
    low, high = k * ms / 1000, k * slowest + 0.05
    assert low - 0.01 <= total <= high, (
        f"after {k} requests of {ms} ms each, {series} _sum grew by {total:g}: expected about {low:g} "
        f"(seconds, between {low:g} and {high:g})"
    )
    bounds = after.buckets(routes={"/api/slow"})
    assert bounds, f"no {HISTOGRAM}_bucket series for route /api/slow"
    for le in bounds:
        grew = delta(f"{HISTOGRAM}_bucket", le=le)
        if le < ms / 1000:
            assert grew == 0, f'requests of {ms} ms must not land in the bucket le="{le:g}": it grew by {grew:g}'
        elif le >= slowest + 0.05:
            assert grew == k, f'requests of {ms} ms (at most {slowest:.3f} s) must all count in le="{le:g}": it grew by {grew:g}'


@pytest.mark.points(1)
def test_histogram_buckets(client):
    """the duration histogram's buckets include 0.05, 0.1, 0.25, 0.5, 1 and 2.5 seconds"""
    client.get("/api/items")
    bounds = Scrape(client).buckets()
    missing = [b for b in REQUIRED_BUCKETS if b not in bounds]
    assert not missing, f"{HISTOGRAM} lacks the buckets le={missing}; it has {bounds}"


@pytest.mark.points(1)
def test_process_metrics(client):
    """/metrics carries process_resident_memory_bytes (above zero) and process_cpu_seconds_total"""
    scrape = Scrape(client)
    names = {s.name for s in scrape.samples}
    assert "process_resident_memory_bytes" in names, "/metrics must carry process_resident_memory_bytes"
    assert "process_cpu_seconds_total" in names, "/metrics must carry process_cpu_seconds_total"
    rss = scrape.value("process_resident_memory_bytes")
    assert rss > 1_000_000, f"process_resident_memory_bytes must be the server's memory in bytes, got {rss:g}"


@pytest.mark.points(1)
def test_metrics_are_cumulative(client):
    """reading /metrics resets nothing: no counter goes down from one scrape to the next"""
    client.get("/api/items")
    first = Scrape(client)
    second = Scrape(client)
    series = {}
    for s in first.samples:
        if s.name == COUNTER:
            series[tuple(sorted(s.labels.items()))] = s.value
    assert any(value > 0 for value in series.values()), f"{COUNTER} shows no request at all"
    for s in second.samples:
        key = tuple(sorted(s.labels.items()))
        if s.name == COUNTER and key in series:
            assert s.value >= series[key], (
                f"{COUNTER}{dict(key)} went from {series[key]:g} to {s.value:g} between two scrapes: counters never go down"
            )
    lost = [dict(k) for k in series if not any(s.name == COUNTER and tuple(sorted(s.labels.items())) == k for s in second.samples)]
    assert not lost, f"{COUNTER} series vanished between two scrapes: {lost[:3]}"
