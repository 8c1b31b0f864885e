"""Hidden suite for challenge-43, Job Queue: jobs enqueued over HTTP into Redis, processed in the
background, retried with exponential backoff; status and result over HTTP.

The `flaky` job type appends the time of each attempt to a Redis list the grader names, so the
suite counts attempts and measures the waits between them in Redis, with the server's own clock.
Backoff bounds are lower bounds only (a loaded machine makes a timer late, never early), so a
correct queue cannot fail them; waits for a state are long deadlines that a correct queue meets
with seconds to spare.
"""

import time
import uuid

import pytest

from grader.testing import assert_status, json_body

POLL = 0.1  # seconds between two GET /jobs/:id
SETTLE = 12.0  # seconds a job gets to reach its final state
EARLY_SLACK = 0.95  # a wait may look a few ms short: ms clocks, RPUSH after the promotion


def settings(config):
    env = config["env"]
    return int(env["JOB_ATTEMPTS"]), int(env["JOB_BACKOFF_MS"])


def random_key(rng):
    return f"grader:flaky:{uuid.UUID(int=rng.getrandbits(128)).hex}"


def post_job(client, job_type, data):
    response = client.post("/jobs", json={"type": job_type, "data": data})
    what = f"POST /jobs type {job_type!r}"
    assert response.status_code == 202, f"{what}: expected status 202, got {response.status_code}"
    body = json_body(response)
    assert isinstance(body, dict) and isinstance(body.get("id"), str) and body["id"], (
        f'{what}: the body must be {{"id": "<non-empty string>", "status": "waiting"}}, got {body!r}'
    )
    assert body.get("status") == "waiting", f'{what}: status must be "waiting", got {body.get("status")!r}'
    return body["id"]


def get_job(client, job_id):
    response = client.get(f"/jobs/{job_id}")
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict) and "status" in body, f"GET /jobs/{job_id} must answer the job, got {body!r}"
    return body


def wait_for(client, job_id, final, timeout=SETTLE, seen=None):
    """Polls the job until its status is `final` (or another final state: then fails); returns it.
    `seen`, a set, collects every status observed on the way."""
    deadline = time.monotonic() + timeout
    while True:
        job = get_job(client, job_id)
        if seen is not None:
            seen.add(job["status"])
        if job["status"] == final:
            return job
        if job["status"] in ("completed", "failed"):
            raise AssertionError(f"job {job_id}: expected it to end {final!r}, it ended {job['status']!r}: {job!r}")
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id}: still {job['status']!r} after {timeout:.0f} s (expected {final!r}): {job!r}")
        time.sleep(POLL)


def attempt_times(redis_client, key):
    """The ms timestamps the flaky job's attempts pushed, oldest first."""
    values = redis_client.lrange(key, 0, -1)
    try:
        return [int(float(v)) for v in values]
    except ValueError:
        raise AssertionError(f"the Redis list {key} must hold times in ms, got {values!r}") from None


@pytest.mark.public
@pytest.mark.points(3)
def test_sum_job_completes(client, rng):
    """a sum job is queued with 202, processed in the background, and GET /jobs/:id serves its result"""
    numbers = [rng.randint(-1000, 1000) for _ in range(rng.randint(3, 8))] + [rng.randint(0, 99) + 0.5]
    job_id = post_job(client, "sum", {"numbers": numbers})
    job = wait_for(client, job_id, "completed")
    assert str(job.get("id")) == job_id, f"GET /jobs/{job_id}: id must be {job_id!r}, got {job.get('id')!r}"
    assert job.get("type") == "sum", f'GET /jobs/{job_id}: type must be "sum", got {job.get("type")!r}'
    result = job.get("result")
    assert isinstance(result, dict) and isinstance(result.get("sum"), (int, float)), (
        f'job {job_id}: result must be {{"sum": <number>}}, got {result!r}'
    )
    assert abs(result["sum"] - sum(numbers)) < 1e-9, f"job {job_id}: the sum of {numbers} is {sum(numbers)}, got {result['sum']}"
    assert job.get("attempts") == 1, f"job {job_id}: one attempt succeeded, so attempts must be 1, got {job.get('attempts')!r}"


@pytest.mark.public
@pytest.mark.points(1)
def test_unknown_job_is_404(client, rng):
    """GET /jobs/:id of an id that names no job answers 404 with a JSON error"""
    job_id = f"no-such-job-{rng.randrange(10**9)}"
    response = client.get(f"/jobs/{job_id}")
    assert response.status_code == 404, f"GET /jobs/{job_id}: expected status 404, got {response.status_code}"
    body = json_body(response)
    assert isinstance(body, dict) and isinstance(body.get("error"), str) and body["error"], (
        f'a 404 body must be {{"error": "<non-empty string>"}}, got {body!r}'
    )


@pytest.mark.public
@pytest.mark.points(1)
def test_invalid_jobs_are_400(client, rng):
    """POST /jobs with an unknown type or data that does not fit the type answers 400 with a JSON error"""
    key = random_key(rng)
    bad = [
        ["not", "an", "object"],
        {"type": "explode", "data": {}},
        {"data": {"numbers": [1]}},
        {"type": "sum"},
        {"type": "sum", "data": {"numbers": "1,2"}},
        {"type": "sum", "data": {"numbers": [1, "2"]}},
        {"type": "sleep", "data": {"ms": -1}},
        {"type": "sleep", "data": {"ms": 10001}},
        {"type": "sleep", "data": {"ms": "100"}},
        {"type": "flaky", "data": {"key": "", "failures": 1}},
        {"type": "flaky", "data": {"key": key, "failures": -1}},
        {"type": "flaky", "data": {"failures": 1}},
    ]
    for body in bad:
        response = client.post("/jobs", json=body)
        assert response.status_code == 400, f"POST /jobs {body!r}: expected status 400, got {response.status_code}"
        error = json_body(response)
        assert isinstance(error, dict) and isinstance(error.get("error"), str) and error["error"], (
            f'POST /jobs {body!r}: a 400 body must be {{"error": "<non-empty string>"}}, got {error!r}'
        )


@pytest.mark.points(2)
def test_post_does_not_wait(client):
    """POST /jobs answers before the job runs: a 2 s sleep job is seen active, then completed"""
    started = time.monotonic()
    job_id = post_job(client, "sleep", {"ms": 2000})
    elapsed = time.monotonic() - started
    # exact, not a race: a server that ran the job before answering took at least its 2 s
    assert elapsed < 2.0, f"POST /jobs took {elapsed:.2f} s for a 2 s sleep job: it must queue the job and answer at once"
    seen = set()
    job = wait_for(client, job_id, "completed", seen=seen)
    assert "active" in seen, f"job {job_id}: a 2 s sleep job must be seen 'active' while it runs, saw {sorted(seen)}"
    assert job.get("result") == {"slept": 2000}, f'job {job_id}: result must be {{"slept": 2000}}, got {job.get("result")!r}'


@pytest.mark.public
@pytest.mark.points(3)
def test_flaky_job_retried_until_success(client, redis_client, config, rng):
    """a job that fails fewer than JOB_ATTEMPTS times is retried and completes on the next attempt"""
    attempts, _ = settings(config)
    failures = rng.randint(1, attempts - 1)
    key = random_key(rng)
    job_id = post_job(client, "flaky", {"key": key, "failures": failures})
    job = wait_for(client, job_id, "completed")
    times = attempt_times(redis_client, key)
    assert len(times) == failures + 1, (
        f"job {job_id} (failures {failures}): expected {failures + 1} attempts in the Redis list {key}, found {len(times)}"
    )
    assert job.get("result") == {"attempts": failures + 1}, (
        f'job {job_id}: result must be {{"attempts": {failures + 1}}}, got {job.get("result")!r}'
    )
    assert job.get("attempts") == failures + 1, (
        f"job {job_id}: {failures} failed attempts and one that succeeded, so attempts must be {failures + 1}, "
        f"got {job.get('attempts')!r}"
    )


@pytest.mark.points(2)
def test_job_fails_after_all_attempts(client, redis_client, config, rng):
    """a job failing every attempt ends failed after exactly JOB_ATTEMPTS attempts, with its error"""
    attempts, backoff = settings(config)
    key = random_key(rng)
    job_id = post_job(client, "flaky", {"key": key, "failures": 1000})
    job = wait_for(client, job_id, "failed")
    assert job.get("attempts") == attempts, f"job {job_id}: attempts must be JOB_ATTEMPTS = {attempts}, got {job.get('attempts')!r}"
    assert isinstance(job.get("error"), str) and job["error"].strip(), (
        f"job {job_id}: a failed job's error must be its last attempt's message, got {job.get('error')!r}"
    )
    # longer than the wait a further retry would have had: nothing more may run
    time.sleep(backoff * 2 ** (attempts - 1) / 1000 + 0.3)
    times = attempt_times(redis_client, key)
    assert len(times) == attempts, f"job {job_id}: expected exactly {attempts} attempts in the Redis list {key}, found {len(times)}"
    assert get_job(client, job_id)["status"] == "failed", f"job {job_id} must stay failed"


@pytest.mark.points(3)
def test_exponential_backoff(client, redis_client, config, rng):
    """the waits between attempts double: JOB_BACKOFF_MS, then twice, then four times that"""
    attempts, backoff = settings(config)
    key = random_key(rng)
    job_id = post_job(client, "flaky", {"key": key, "failures": attempts - 1})
    wait_for(client, job_id, "completed")
    times = attempt_times(redis_client, key)
    assert len(times) == attempts, f"job {job_id}: expected {attempts} attempts in the Redis list {key}, found {len(times)}"
    gaps = [b - a for a, b in zip(times, times[1:])]
    wanted = [backoff * 2**k for k in range(len(gaps))]
    for k, (gap, want) in enumerate(zip(gaps, wanted), start=1):
        assert gap >= want * EARLY_SLACK, (
            f"job {job_id}: attempt {k + 1} ran {gap} ms after attempt {k}; after the {k}. failure the wait must be at "
            f"least JOB_BACKOFF_MS * 2^{k - 1} = {want} ms (all gaps: {gaps} ms)"
        )


@pytest.mark.points(1)
def test_worker_survives_failed_job(client, rng):
    """a job that failed for good does not stop the worker: the next job completes"""
    failing = post_job(client, "flaky", {"key": random_key(rng), "failures": 1000})
    wait_for(client, failing, "failed")
    numbers = [rng.randint(1, 100) for _ in range(3)]
    job = wait_for(client, post_job(client, "sum", {"numbers": numbers}), "completed")
    assert job.get("result") == {"sum": sum(numbers)}, f'result must be {{"sum": {sum(numbers)}}}, got {job.get("result")!r}'


@pytest.mark.points(2)
def test_two_jobs_at_once(client):
    """the worker processes two jobs at the same time: two 1.5 s sleep jobs are active together"""
    first, second = ids = [post_job(client, "sleep", {"ms": 1500}) for _ in range(2)]
    together = False
    deadline = time.monotonic() + SETTLE
    states = {}
    while time.monotonic() < deadline:
        # the first job is read before and after the second: a sleep job goes waiting -> active ->
        # completed once, so active on both sides means it was active while the second was read
        # active (two plain reads in a row could straddle the hand-over of a one-at-a-time worker)
        before = get_job(client, first)["status"]
        states = {second: get_job(client, second)["status"], first: get_job(client, first)["status"]}
        together = together or before == states[first] == states[second] == "active"
        if all(s in ("completed", "failed") for s in states.values()):
            break
        time.sleep(POLL)
    assert all(s == "completed" for s in states.values()), f"both sleep jobs must complete, got {states}"
    assert together, "two 1.5 s sleep jobs were never active at the same time: the worker must run at least two jobs at once"


@pytest.mark.points(2)
def test_jobs_survive_restart(client, server, redis_client, rng):
    """jobs live in Redis: they survive a restart, new ids never reuse theirs, emptying Redis forgets them"""
    server.restart()  # a fresh process first: an id counter kept in memory starts over in both
    numbers = [rng.randint(1, 1000) for _ in range(4)]
    old = post_job(client, "sum", {"numbers": numbers})
    wait_for(client, old, "completed")
    server.restart()
    job = get_job(client, old)
    assert job["status"] == "completed" and job.get("result") == {"sum": sum(numbers)}, (
        f"after a restart, job {old} must still be completed with its result {{'sum': {sum(numbers)}}}: got {job!r}"
    )
    new = post_job(client, "sum", {"numbers": [1, 2]})
    assert new != old, f"after a restart the new job got the id {new!r} of an existing job: ids must be unique in Redis"
    wait_for(client, new, "completed")
    assert get_job(client, old).get("result") == {"sum": sum(numbers)}, f"job {old} must keep its result after newer jobs"
    redis_client.flushdb()
    response = client.get(f"/jobs/{old}")
    # whether the answer is exactly 404 is test_unknown_job_is_404's business: here, only that the
    # job is gone
    try:
        body = response.json()
    except ValueError:
        body = None
    served = response.status_code == 200 and isinstance(body, dict) and "status" in body
    assert not served, (
        f"after the grader emptied Redis, GET /jobs/{old} still serves the job ({response.text[:200]!r}): jobs must "
        f"live in Redis, not in the server's memory or files"
    )
    server.restart()  # a queue library may keep state about its keys: start the next check clean
