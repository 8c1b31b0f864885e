"""Hidden suite for challenge-44, Scheduled Tasks: a task on the cron schedule of CRON_SCHEDULE,
its runs listed by GET /runs, no overlapping runs, stop/start over HTTP.

Every verdict compares times the server recorded with each other, or with the grader's clock
taken after an HTTP answer (both run on one machine, one clock). The bounds leave room for a
late timer on a loaded machine: a tick may fire a few hundred ms late, so spacing is checked with
wide lower bounds only, and a correct server cannot fail by timing; a wrong one (a tight loop, a
hard-coded interval, overlapping runs, a run after a stop) misses them by far.
"""

import time
from dataclasses import dataclass
from datetime import datetime, timezone

import pytest

from grader.testing import assert_status, json_body

POLL = 0.2  # seconds between two looks at GET /runs
CLOCK_SLACK = 0.02  # ms-rounded ISO times against the grader's float clock
EVEN_SECONDS = "*/2 * * * * *"
SLOW_RUN_MS = 1600  # longer than one tick of the every-second schedule, with room before the next
STOP_WATCH = 1.5  # seconds watched after a stop: any such window holds a tick of the every-second schedule


@dataclass
class Run:
    id: object
    started: float
    finished: float | None

    def show(self):
        def fmt(t):
            return "null" if t is None else datetime.fromtimestamp(t, timezone.utc).strftime("%H:%M:%S.%f")[:-3]
        return f"run {self.id!r} {fmt(self.started)} -> {fmt(self.finished)}"


def parse_time(value, what):
    assert isinstance(value, str), f"{what} must be an ISO 8601 string, got {value!r}"
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise AssertionError(f"{what} must be an ISO 8601 time, got {value!r}") from None
    if moment.tzinfo is None:  # a time without offset: read as UTC, as the spec asks for UTC
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def get_runs(client):
    response = client.get("/runs")
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict) and isinstance(body.get("runs"), list), (
        f'GET /runs must answer {{"runs": [...]}}, got {body!r}'
    )
    runs = []
    for n, item in enumerate(body["runs"]):
        what = f"GET /runs: runs[{n}]"
        assert isinstance(item, dict) and "startedAt" in item and "finishedAt" in item, (
            f"{what} must be an object with startedAt and finishedAt, got {item!r}"
        )
        finished = None if item["finishedAt"] is None else parse_time(item["finishedAt"], f"{what}.finishedAt")
        runs.append(Run(item.get("id"), parse_time(item["startedAt"], f"{what}.startedAt"), finished))
    starts = [r.started for r in runs]
    assert starts == sorted(starts), "GET /runs must list the runs oldest first (by startedAt)"
    return runs


def wait_for_runs(client, count, since, timeout, what, finished=True):
    """Polls GET /runs until `count` runs started at or after `since` have finished (or only started,
    with finished=False); returns those runs."""
    deadline = time.monotonic() + timeout
    while True:
        runs = [r for r in get_runs(client) if r.started >= since - CLOCK_SLACK]
        if sum(r.finished is not None or not finished for r in runs) >= count:
            return runs
        if time.monotonic() > deadline:
            shown = "; ".join(r.show() for r in runs[-5:]) or "none"
            state = "finished" if finished else "started"
            raise AssertionError(f"{what}: expected {count} {state} runs within {timeout:.0f} s, saw: {shown}")
        time.sleep(POLL)


def assert_spacing(runs, at_least, what):
    for a, b in zip(runs, runs[1:]):
        assert b.started - a.started >= at_least, (
            f"{what}: two runs started {b.started - a.started:.3f} s apart ({a.show()}; {b.show()}), "
            f"expected at least {at_least} s between starts"
        )


def scheduler_call(client, method, path, running):
    response = client.request(method, path)
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict) and body.get("running") is running, (
        f'{method} {path} must answer {{"running": {str(running).lower()}, ...}}, got {body!r}'
    )
    return body


def assert_none_after(client, since, what):
    late = [r for r in get_runs(client) if r.started > since + CLOCK_SLACK]
    assert not late, f"{what}: runs started after the stop was answered: " + "; ".join(r.show() for r in late)


@pytest.mark.public
@pytest.mark.points(3)
def test_runs_every_second(client):
    """the task runs on the every-second schedule: new runs keep coming, about a second apart"""
    runs = wait_for_runs(client, 3, 0, 10, "CRON_SCHEDULE='* * * * * *'")[-3:]
    # 0.4 s: a tick may fire late under load, but a run loop that restarts at once is far closer
    assert_spacing(runs, 0.4, "every-second schedule")


@pytest.mark.public
@pytest.mark.points(1)
def test_run_records(client, config):
    """each run records its start and its finish, at least TASK_DURATION_MS after the start"""
    duration = int(config["env"]["TASK_DURATION_MS"]) / 1000
    runs = wait_for_runs(client, 2, 0, 8, "runs of the every-second schedule")
    ids = [r.id for r in get_runs(client)]
    assert len(ids) == len(set(map(repr, ids))), f"every run needs its own id, got {ids!r}"
    for r in runs:
        if r.finished is not None:
            assert r.finished - r.started >= duration - CLOCK_SLACK, (
                f"{r.show()}: a run works TASK_DURATION_MS = {duration * 1000:.0f} ms, so finishedAt must be at "
                f"least that long after startedAt"
            )


@pytest.mark.public
@pytest.mark.points(1)
def test_scheduler_status(client, config):
    """GET /scheduler reports the schedule running, with the CRON_SCHEDULE expression"""
    body = scheduler_call(client, "GET", "/scheduler", True)
    assert body.get("schedule") == config["env"]["CRON_SCHEDULE"], (
        f"schedule must be CRON_SCHEDULE as given ({config['env']['CRON_SCHEDULE']!r}), got {body.get('schedule')!r}"
    )


@pytest.mark.points(3)
def test_schedule_from_env(client, server):
    """the schedule comes from CRON_SCHEDULE: with */2 in the seconds field, runs are two seconds apart"""
    server.restart(env={"CRON_SCHEDULE": EVEN_SECONDS})
    body = scheduler_call(client, "GET", "/scheduler", True)
    assert body.get("schedule") == EVEN_SECONDS, f"GET /scheduler must report {EVEN_SECONDS!r}, got {body!r}"
    runs = wait_for_runs(client, 2, 0, 10, f"CRON_SCHEDULE={EVEN_SECONDS!r}")
    # a tick may fire late under load; a one-second schedule is still far below 1.4 s
    assert_spacing(runs, 1.4, f"CRON_SCHEDULE={EVEN_SECONDS!r}")


@pytest.mark.points(4)
def test_no_overlapping_runs(client, server):
    """a run longer than the interval is never overlapped: the next starts only after it finished"""
    server.restart(env={"TASK_DURATION_MS": str(SLOW_RUN_MS)})
    # the second run's start decides: during the first run (overlap) or after it
    wait_for_runs(client, 2, 0, 12, f"TASK_DURATION_MS={SLOW_RUN_MS} on the every-second schedule", finished=False)
    runs = get_runs(client)
    for a, b in zip(runs, runs[1:]):
        assert a.finished is not None and b.started >= a.finished - CLOCK_SLACK, (
            f"with runs of {SLOW_RUN_MS} ms every second, {b.show()} started while {a.show()} was still running: "
            f"a tick during a run must be skipped"
        )


@pytest.mark.public
@pytest.mark.points(2)
def test_stop(client, server):
    """after POST /scheduler/stop no run starts, and GET /scheduler reports it stopped"""
    try:
        wait_for_runs(client, 1, 0, 5, "before the stop")
        scheduler_call(client, "POST", "/scheduler/stop", False)
        stopped_at = time.time()
        time.sleep(STOP_WATCH)
        assert_none_after(client, stopped_at, "after POST /scheduler/stop")
        scheduler_call(client, "GET", "/scheduler", False)
    finally:
        server.restart()  # the other checks expect the schedule running


@pytest.mark.points(2)
def test_start_resumes(client, server):
    """POST /scheduler/start after a stop resumes the schedule"""
    try:
        scheduler_call(client, "POST", "/scheduler/stop", False)
        time.sleep(0.3)
        scheduler_call(client, "POST", "/scheduler/start", True)
        wait_for_runs(client, 1, time.time(), 6, "after POST /scheduler/stop then POST /scheduler/start")
        scheduler_call(client, "GET", "/scheduler", True)
    finally:
        server.restart()


@pytest.mark.points(2)
def test_start_twice_keeps_one_schedule(client, server):
    """starting a running schedule adds no second one: still one run per tick, and one stop stops all"""
    try:
        scheduler_call(client, "POST", "/scheduler/start", True)
        scheduler_call(client, "POST", "/scheduler/start", True)
        # a doubled schedule starts two runs per tick: the first two runs are enough to tell
        runs = wait_for_runs(client, 2, time.time(), 8, "after two POST /scheduler/start")
        assert_spacing(runs, 0.4, "after two POST /scheduler/start on a running schedule")
        scheduler_call(client, "POST", "/scheduler/stop", False)
        stopped_at = time.time()
        time.sleep(STOP_WATCH)
        assert_none_after(client, stopped_at, "after two starts and one POST /scheduler/stop")
    finally:
        server.restart()
