"""Hidden suite for challenge-47, Event Emitters: an in-process emitter driven over HTTP. What a
listener received is read back from its subscription; every event name is fresh per check, so
checks never see each other's listeners."""

import string

import pytest

from grader.testing import assert_status, json_body


# --- helpers -------------------------------------------------------------------------------

def event_name(rng, prefix="evt"):
    return f"{prefix}.{''.join(rng.choice(string.ascii_lowercase) for _ in range(10))}"


def payload(rng):
    """A random JSON value of a random shape: a hard-coded answer cannot match it."""
    n = rng.randint(1, 10**6)
    return rng.choice([
        {"orderId": n, "items": [rng.randint(1, 9) for _ in range(3)], "note": None},
        [n, f"s{n}", {"nested": [True, False]}],
        f"text-{n}",
        n,
        n + 0.5,
        None,
    ])


def subscribe(client, event, **options):
    response = client.post("/subscriptions", json={"event": event, **options})
    assert_status(response, 201)
    sub = json_body(response)
    assert isinstance(sub, dict) and isinstance(sub.get("id"), str) and sub["id"], (
        f"POST /subscriptions must answer the subscription with a string id, got {sub!r}"
    )
    return sub


def publish(client, event, data=None):
    response = client.post("/events", json={"event": event, "payload": data})
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict), f"POST /events must answer a JSON object, got {body!r}"
    return body


def subscription(client, sub_id):
    response = client.get(f"/subscriptions/{sub_id}")
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict) and isinstance(body.get("events"), list), (
        f"GET /subscriptions/{sub_id} must answer the subscription with an \"events\" list, got {body!r}"
    )
    return body


def received(client, sub_id):
    """The (event, payload) pairs a subscription received, oldest first."""
    return [(e.get("event"), e.get("payload")) for e in subscription(client, sub_id)["events"]]


def seqs(client, sub_id):
    events = subscription(client, sub_id)["events"]
    assert all(isinstance(e.get("seq"), int) for e in events), f"every received event needs an integer seq, got {events!r}"
    return [e["seq"] for e in events]


def listener_count(client, event):
    response = client.get("/listeners", params={"event": event})
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict) and isinstance(body.get("count"), int), (
        f"GET /listeners?event={event} must answer {{\"event\", \"count\"}}, got {body!r}"
    )
    return body["count"]


def assert_published(result, event, listeners, errors, what):
    got = (result.get("event"), result.get("listeners"), result.get("errors"))
    assert got == (event, listeners, errors), (
        f"{what}: POST /events must answer event {event!r}, listeners {listeners}, errors {errors}; "
        f"got event {got[0]!r}, listeners {got[1]!r}, errors {got[2]!r}"
    )


# --- checks --------------------------------------------------------------------------------

@pytest.mark.public
@pytest.mark.points(2)
def test_subscriber_receives_payload(client, rng):
    """a subscriber receives a published event with its payload"""
    event = event_name(rng)
    sub = subscribe(client, event)
    expected = {"id": sub["id"], "event": event, "once": False, "fail": False, "active": True}
    assert {k: sub.get(k) for k in expected} == expected, f"POST /subscriptions must answer {expected}, got {sub!r}"
    data = payload(rng)
    publish(client, event, data)
    assert received(client, sub["id"]) == [(event, data)], f"the subscriber must have received ({event!r}, {data!r}) once"


@pytest.mark.public
@pytest.mark.points(2)
def test_publish_reports_listeners(client, rng):
    """POST /events answers how many listeners were called (0 when nobody listens)"""
    event = event_name(rng)
    assert_published(publish(client, event, payload(rng)), event, 0, 0, "an event nobody listens to")
    n = rng.randint(2, 4)
    for _ in range(n):
        subscribe(client, event)
    assert_published(publish(client, event, payload(rng)), event, n, 0, f"an event with {n} listeners")
    assert listener_count(client, event) == n, f"GET /listeners must count the {n} listeners of {event!r}"


@pytest.mark.public
@pytest.mark.points(3)
def test_events_arrive_in_publish_order(client, rng):
    """a subscriber receives every event of its name, in the order they were published"""
    event = event_name(rng)
    sub = subscribe(client, event)
    sent = [(event, payload(rng) if i % 2 else {"n": i}) for i in range(12)]
    for name, data in sent:
        publish(client, name, data)
    got = received(client, sub["id"])
    assert got == sent, f"expected the 12 events in publish order {[d for _, d in sent]}, got {[d for _, d in got]}"
    numbers = seqs(client, sub["id"])
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers), (
        f"seq must grow with every delivery, got {numbers}"
    )


@pytest.mark.points(2)
def test_only_matching_events(client, rng):
    """a subscriber receives nothing published for another event name"""
    mine, other = event_name(rng, "mine"), event_name(rng, "other")
    sub = subscribe(client, mine)
    other_sub = subscribe(client, other)
    publish(client, other, payload(rng))
    publish(client, mine + ".x", payload(rng))
    data = payload(rng)
    publish(client, mine, data)
    assert received(client, sub["id"]) == [(mine, data)], (
        f"a subscriber of {mine!r} must receive only its own event, got {received(client, sub['id'])!r}"
    )
    assert len(received(client, other_sub["id"])) == 1, f"the subscriber of {other!r} must have received exactly its one event"


@pytest.mark.points(2)
def test_listeners_called_in_subscription_order(client, rng):
    """the listeners of one event are called in the order they subscribed"""
    event = event_name(rng)
    subs = [subscribe(client, event) for _ in range(rng.randint(4, 6))]
    for _ in range(2):
        publish(client, event, payload(rng))
    per_sub = [seqs(client, s["id"]) for s in subs]
    for round_ in range(2):
        order = [numbers[round_] for numbers in per_sub]
        assert order == sorted(order) and len(set(order)) == len(order), (
            f"emit #{round_ + 1}: the listeners must be called in subscription order; their seq were {order}"
        )


@pytest.mark.points(3)
def test_once_fires_once(client, rng):
    """a once listener receives one event, then is inactive and no longer counted"""
    event = event_name(rng)
    regular = subscribe(client, event)
    once = subscribe(client, event, once=True)
    assert once.get("once") is True, f"a once subscription must answer once: true, got {once!r}"
    assert listener_count(client, event) == 2, "both listeners must be counted before the first emit"
    first = payload(rng)
    assert_published(publish(client, event, first), event, 2, 0, "the first emit (regular + once listener)")
    assert_published(publish(client, event, payload(rng)), event, 1, 0, "the second emit (the once listener is gone)")
    publish(client, event, payload(rng))
    got = subscription(client, once["id"])
    assert [(e.get("event"), e.get("payload")) for e in got["events"]] == [(event, first)], (
        f"the once listener must have received only the first event, got {got['events']!r}"
    )
    assert got.get("active") is False, f"a once listener that fired is no longer active, got active {got.get('active')!r}"
    assert listener_count(client, event) == 1, "a once listener that fired must no longer be counted"
    assert len(received(client, regular["id"])) == 3, "the regular listener must have received all three events"


@pytest.mark.points(3)
def test_unsubscribe(client, rng):
    """DELETE removes the listener: no more events, inactive, not counted; a second DELETE is 404"""
    event = event_name(rng)
    leaving, staying = subscribe(client, event), subscribe(client, event)
    before = payload(rng)
    publish(client, event, before)
    response = client.delete(f"/subscriptions/{leaving['id']}")
    assert_status(response, 204)
    assert_published(publish(client, event, payload(rng)), event, 1, 0, "an emit after one of two listeners left")
    got = subscription(client, leaving["id"])
    assert [(e.get("event"), e.get("payload")) for e in got["events"]] == [(event, before)], (
        f"after DELETE the listener must receive nothing more (what it had stays readable), got {got['events']!r}"
    )
    assert got.get("active") is False, f"an unsubscribed listener is no longer active, got {got.get('active')!r}"
    assert listener_count(client, event) == 1, "an unsubscribed listener must no longer be counted"
    assert len(received(client, staying["id"])) == 2, "the other listener must still receive every event"
    assert_status(client.delete(f"/subscriptions/{leaving['id']}"), 404)


@pytest.mark.public
@pytest.mark.points(5)
def test_throwing_listener_does_not_break_others(client, rng):
    """a listener that throws does not stop the ones after it, stays subscribed, and is counted"""
    event = event_name(rng)
    before = subscribe(client, event)
    failing = subscribe(client, event, fail=True)
    assert failing.get("fail") is True, f"a failing subscription must answer fail: true, got {failing!r}"
    after = [subscribe(client, event) for _ in range(2)]
    sent = [payload(rng) for _ in range(3)]
    for data in sent:
        assert_published(publish(client, event, data), event, 4, 1, "an emit with one throwing listener among four")
    expected = [(event, data) for data in sent]
    for sub, where in ((before, "before"), (after[0], "right after"), (after[1], "two after")):
        assert received(client, sub["id"]) == expected, (
            f"the listener subscribed {where} the throwing one must receive every event, got {received(client, sub['id'])!r}"
        )
    assert received(client, failing["id"]) == expected, "the throwing listener must be called on every emit (it stays subscribed)"
    assert subscription(client, failing["id"]).get("active") is True, "a listener that throws stays active"
    assert listener_count(client, event) == 4, "a listener that throws must stay subscribed"
    other = event_name(rng)
    assert_published(publish(client, other, None), other, 0, 0, "the server after the failures")


@pytest.mark.points(1)
def test_bad_bodies_are_400(client, rng):
    """bad subscription and publish bodies answer 400 with a JSON error"""
    event = event_name(rng)
    cases = [
        ("/subscriptions", {}), ("/subscriptions", {"event": ""}), ("/subscriptions", {"event": 42}),
        ("/subscriptions", {"event": event, "once": "yes"}), ("/subscriptions", {"event": event, "fail": 1}),
        ("/events", {}), ("/events", {"event": ""}), ("/events", {"event": ["a"], "payload": 1}),
    ]
    for path, body in cases:
        response = client.post(path, json=body)
        assert response.status_code == 400, f"POST {path} with {body!r}: expected status 400, got {response.status_code}"
        error = json_body(response)
        assert isinstance(error, dict) and isinstance(error.get("error"), str) and error["error"], (
            f"POST {path} with {body!r}: the body must be {{\"error\": \"...\"}}, got {error!r}"
        )
    assert listener_count(client, event) == 0, "a refused subscription must register nothing"


@pytest.mark.points(1)
def test_unknown_subscription_is_404(client, rng):
    """GET and DELETE of an unknown subscription answer 404"""
    sub_id = f"missing-{rng.randint(10**6, 10**7)}"
    assert_status(client.get(f"/subscriptions/{sub_id}"), 404)
    assert_status(client.delete(f"/subscriptions/{sub_id}"), 404)
