"""Hidden suite for challenge-22 (request-logging): access.log in combined (production) or dev format."""

import calendar
import re
import string
import time

import pytest

from grader.testing import assert_status, json_body

LOG = "access.log"
WAIT = 2.0  # seconds a line may take to reach the file (morgan's stream writes asynchronously)

ANSI = re.compile(r"\x1b\[[0-9;]*m")
UVICORN_ACCESS = re.compile(r'^(\x1b\[[0-9;]*m)?[A-Z]+(\x1b\[[0-9;]*m)?:\s+\S+ - "')
COMBINED = re.compile(
    r'^(?P<addr>\S+) - (?P<user>\S+) \[(?P<date>[^\]]+)\] '
    r'"(?P<method>[A-Z]+) (?P<url>\S+) HTTP/(?P<version>\d(?:\.\d)?)" '
    r'(?P<status>\d{3}|-) (?P<length>\d+|-) "(?P<referrer>[^"]*)" "(?P<agent>[^"]*)"$'
)
DEV = re.compile(
    r"^(?P<method>[A-Z]+) (?P<url>\S+) (?P<status>\d{3}|-) (?P<time>\d+(?:\.\d+)?|-) ms - (?P<length>\d+|-)$"
)
CLF_DATE = re.compile(r"^(\d{2})/([A-Z][a-z]{2})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
COMBINED_SHAPE = ':remote-addr - :remote-user [:date[clf]] ":method :url HTTP/:http-version" :status :res[content-length] ":referrer" ":user-agent"'
DEV_SHAPE = ":method :url :status :response-time ms - :res[content-length]"


# --- random request data -------------------------------------------------------------------------

def tok(rng, n=8):
    return "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(n))


def marker(rng):
    return "m" + tok(rng, 12)


def user_agent(rng):
    return rng.choice([
        f"Mozilla/5.0 (X11; Linux x86_64) GraderBot/{rng.randint(1, 99)}.{rng.randint(0, 9)} (+https://{tok(rng)}.example.org)",
        f"curl/{rng.randint(7, 8)}.{rng.randint(0, 99)}.{rng.randint(0, 9)} probe-{tok(rng, 6)}",
        f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/{rng.randint(100, 140)}.0 id-{tok(rng, 6)}",
    ])


def referrer(rng):
    return f"https://{tok(rng)}.example.com/{tok(rng, 5)}/page?from={tok(rng, 4)}"


def query(rng):
    pairs = [f"{tok(rng, rng.randint(1, 6))}={tok(rng, rng.randint(0, 10))}" for _ in range(rng.randint(2, 4))]
    return "&".join(pairs)


# --- reading the log -----------------------------------------------------------------------------

def read_lines(server, source="file"):
    """The lines (ANSI codes removed) of access.log, or of the server's output for source="output";
    None when access.log does not exist."""
    if source == "output":
        # without uvicorn's own access log ('INFO:     1.2.3.4:5 - "GET / HTTP/1.1" 200 OK'): it is
        # the server's, not the candidate's logging
        text = "\n".join(line for line in server.logs().split("\n") if not UVICORN_ACCESS.match(line))
    else:
        try:
            text = server.read_file(LOG).decode("utf-8", errors="replace")
        except FileNotFoundError:
            return None
    return [ANSI.sub("", line).rstrip("\r") for line in text.split("\n")]


def wait_for(server, markers, file_only=False):
    """Poll access.log until every marker occurs in it; its lines. Unless file_only, the server's
    output counts too when the markers are there and not in the file: that the lines go to the
    file is the subject of the checks that pass file_only, so a logger writing to stdout loses
    those and not every check of what a line holds."""
    deadline = time.monotonic() + WAIT
    while True:
        lines = read_lines(server)
        missing = [m for m in markers if lines is None or not any(m in line for line in lines)]
        if not missing:
            return lines
        if not file_only:
            output = read_lines(server, "output")
            if all(any(m in line for line in output) for m in markers):
                return output
        if time.monotonic() >= deadline:
            if lines is None:
                raise AssertionError(
                    f"{LOG} does not exist in the server's working directory {WAIT:g}s after the requests: "
                    "the log lines must be written to that file (stdout alone does not count)"
                )
            tail = [line for line in lines if line][-4:]
            raise AssertionError(
                f"no line of {LOG} mentions the request marked {missing[0]!r} (in its URL or user agent) within {WAIT:g}s; "
                f"the file's last lines: {tail}"
            )
        time.sleep(0.05)


def complete_lines(server):
    """How many complete lines access.log and the server's output hold now: (file, output)."""
    return tuple(len(lines) - 1 if lines else 0 for lines in (read_lines(server), read_lines(server, "output")))


def wait_for_new(server, since, accept, what):
    """Poll until exactly one line written after `since` (complete_lines) satisfies `accept`, in
    access.log or else the server's output (as wait_for); that line."""
    deadline = time.monotonic() + WAIT
    while True:
        for lines, start in ((read_lines(server), since[0]), (read_lines(server, "output"), since[1])):
            found = [line for line in (lines or [])[start:] if accept(line)]
            if found:
                assert len(found) == 1, f"{what} must be logged exactly once; {len(found)} new lines: {found[:3]}"
                return found[0]
        if time.monotonic() >= deadline:
            tail = [line for line in (read_lines(server) or []) if line][-4:]
            raise AssertionError(f"no new line of {LOG} logs {what} within {WAIT:g}s; the file's last lines: {tail}")
        time.sleep(0.05)


def line_for(lines, mark):
    found = [line for line in lines if mark in line]
    assert len(found) == 1, f"each request must be logged exactly once; {len(found)} lines mention {mark!r}: {found[:3]}"
    return found[0]


def parse(line, pattern, shape):
    m = pattern.match(line)
    assert m, f"the line does not have the format {shape}:\n  {line!r}"
    return m


def expect_logged(m, response, *, referrer="-", agent="-", what="the request"):
    """Compare a parsed line with the request that was sent and the response that came back."""
    request = response.request
    sent_url = request.url.raw_path.decode("ascii")
    assert m["method"] == request.method, f"{what}: :method must be {request.method}, got {m['method']!r}"
    assert m["url"] == sent_url, (
        f"{what}: :url must be the request target as sent, with the query string ({sent_url!r}), got {m['url']!r}"
    )
    assert m["status"] == str(response.status_code), (
        f"{what}: :status must be {response.status_code}, got {m['status']!r}"
    )
    length = response.headers.get("content-length", "-")
    assert m["length"] == length, f"{what}: :res[content-length] must be the response's Content-Length ({length}), got {m['length']!r}"
    if "referrer" in m.groupdict():
        assert m["referrer"] == referrer, f'{what}: ":referrer" must be {referrer!r}, got {m["referrer"]!r}'
        assert m["agent"] == agent, f'{what}: ":user-agent" must be {agent!r}, got {m["agent"]!r}'


def combined_line(server, response, mark, **kw):
    lines = wait_for(server, [mark], file_only=True)
    m = parse(line_for(lines, mark), COMBINED, COMBINED_SHAPE)
    expect_logged(m, response, **kw)
    return m


def clf_epoch(text):
    m = CLF_DATE.match(text)
    assert m and m[2] in MONTHS, f"[:date[clf]] must look like 21/Nov/2025:14:03:07 +0000, got {text!r}"
    day, mon, year, hh, mm, ss, sign, oh, om = m.groups()
    epoch = calendar.timegm((int(year), MONTHS.index(mon) + 1, int(day), int(hh), int(mm), int(ss)))
    offset = (int(oh) * 60 + int(om)) * 60
    return epoch - offset if sign == "+" else epoch + offset


# --- checks --------------------------------------------------------------------------------------

@pytest.mark.public
@pytest.mark.points(2)
def test_routes_answer(client, rng):
    """GET / answers {"message": "ok"}, GET /users/:id echoes the id, POST /echo echoes the JSON body"""
    response = client.get("/")
    assert_status(response, 200)
    assert json_body(response) == {"message": "ok"}, 'GET / must answer {"message": "ok"}'
    uid = tok(rng, 6)
    response = client.get(f"/users/{uid}")
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict) and body.get("id") == uid, f'GET /users/{uid} must answer {{"id": "{uid}"}}, got {body!r}'
    payload = {"text": tok(rng), "n": rng.randint(1, 10**6), "list": [tok(rng, 3), True, None]}
    response = client.post("/echo", json=payload)
    assert_status(response, 200)
    assert json_body(response) == payload, "POST /echo must answer the JSON body it received"


@pytest.mark.public
@pytest.mark.points(3)
def test_request_logged_in_combined_format(client, server, rng):
    """In production a request is logged to access.log in the combined format, with its referrer and user agent"""
    mark = marker(rng)
    agent, ref = user_agent(rng), referrer(rng)
    response = client.get(f"/users/{mark}", headers={"User-Agent": agent, "Referer": ref})
    assert_status(response, 200)
    combined_line(server, response, mark, referrer=ref, agent=agent, what=f"GET /users/{mark}")


@pytest.mark.points(2)
def test_url_includes_query_string(client, server, rng):
    """The logged :url includes the query string exactly as sent"""
    marks = [marker(rng), marker(rng)]
    agent = user_agent(rng)
    responses = [
        client.get(f"/users/{marks[0]}?{query(rng)}", headers={"User-Agent": agent}),
        client.get(f"/?{query(rng)}&trace={marks[1]}", headers={"User-Agent": agent}),
    ]
    for response in responses:
        assert_status(response, 200)
    lines = wait_for(server, marks)
    for mark, response in zip(marks, responses):
        # only the :url field: the rest of the line is the combined-format check's subject
        sent_url = response.request.url.raw_path.decode("ascii")
        line = line_for(lines, mark)
        assert sent_url in line.split() or f" {sent_url} HTTP/" in line, (
            f":url must be the request target as sent, with the query string ({sent_url!r}): {line!r}"
        )


@pytest.mark.points(1)
def test_missing_referrer_and_agent_are_dashes(client, server, rng):
    """A request without Referer and User-Agent headers is logged with "-" for both"""
    mark = marker(rng)
    request = client.build_request("GET", f"/users/{mark}")
    del request.headers["user-agent"]
    response = client.send(request)
    assert_status(response, 200)
    line = line_for(wait_for(server, [mark]), mark)
    m = re.search(r'"(?P<referrer>[^"]*)" "(?P<agent>[^"]*)"$', line)
    assert m, f'the line must end with the quoted ":referrer" ":user-agent" fields: {line!r}'
    assert (m["referrer"], m["agent"]) == ("-", "-"), (
        f'without Referer and User-Agent both fields must be "-", got {m["referrer"]!r} and {m["agent"]!r}: {line!r}'
    )


@pytest.mark.points(2)
def test_not_found_and_post_logged(client, server, rng):
    """404 responses and POST requests are logged too, with their status and content length"""
    missing_mark = marker(rng)
    agent, ref = user_agent(rng), referrer(rng)
    missing = client.get(f"/{tok(rng, 5)}/{missing_mark}", headers={"User-Agent": agent, "Referer": ref})
    assert_status(missing, 404)
    missing_line = line_for(wait_for(server, [missing_mark]), missing_mark)
    # POST /echo has no path to mark, and its line need not carry the user agent or the query
    # string (other checks' subjects): it is the one new line naming POST and /echo
    since = complete_lines(server)
    posted = client.post("/echo", json={"value": tok(rng, rng.randint(10, 40))}, headers={"User-Agent": agent})
    assert_status(posted, 200)
    post_line = wait_for_new(server, since, lambda line: "POST" in line and "/echo" in line, "POST /echo")
    for line, response, what in ((missing_line, missing, "a request answered 404"), (post_line, posted, "POST /echo")):
        tokens = line.split()
        length = response.headers.get("content-length", "-")
        # only the status and length: the rest of the line is the combined-format check's subject
        assert f'"{response.request.method}' in tokens or response.request.method in tokens, (
            f"{what}: the line must name the method {response.request.method}: {line!r}"
        )
        assert str(response.status_code) in tokens, f"{what}: the line must carry :status {response.status_code}: {line!r}"
        assert length in tokens, f"{what}: the line must carry :res[content-length] {length}: {line!r}"


@pytest.mark.points(1)
def test_line_has_date_version_and_user(client, server, rng):
    """The combined line has a current [:date[clf]], HTTP/1.1, "-" as remote user and a remote address"""
    mark = marker(rng)
    before = time.time()
    response = client.get(f"/users/{mark}", headers={"User-Agent": user_agent(rng)})
    assert_status(response, 200)
    line = line_for(wait_for(server, [mark]), mark)
    m = re.match(r'^(?P<addr>\S+) - (?P<user>\S+) \[(?P<date>[^\]]+)\] "[A-Z]+ \S+ HTTP/(?P<version>[\d.]+)"', line)
    assert m, f'the line must start :remote-addr - :remote-user [:date[clf]] ":method :url HTTP/:http-version": {line!r}'
    assert m["version"] == "1.1", f"HTTP/:http-version must be HTTP/1.1 for the grader's requests, got HTTP/{m['version']}"
    assert m["user"] == "-", f":remote-user must be - (no authentication), got {m['user']!r}"
    assert m["addr"] not in ("", "-"), "the line must start with the client's address (:remote-addr)"
    logged = clf_epoch(m["date"])
    assert before - 120 <= logged <= time.time() + 120, (
        f"[:date[clf]] must be the time of the request, got {m['date']!r}"
    )


@pytest.mark.points(2)
def test_existing_lines_survive_restart(client, server, rng):
    """access.log is appended to: lines written before the server started are kept, new lines follow"""
    old_mark = marker(rng)
    old = "".join(
        f'10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)} - - [01/Jan/2025:00:00:0{i} +0000] '
        f'"GET /old/{old_mark}/{i} HTTP/1.1" 200 {rng.randint(2, 99)} "-" "old-agent/{i}"\n'
        for i in range(3)
    )
    server.restart(files={LOG: old})
    mark = marker(rng)
    response = client.get(f"/users/{mark}", headers={"User-Agent": user_agent(rng)})
    assert_status(response, 200)
    lines = wait_for(server, [mark], file_only=True)
    text = "\n".join(lines)
    assert text.startswith(old.rstrip("\n")), (
        f"the lines that were in {LOG} before the server started are gone or changed: open the file for "
        f"appending (flags 'a' / mode \"a\"), not for writing. The file now starts with: {lines[:2]}"
    )
    assert any(mark in line for line in lines[3:]), "the new request's line must come after the existing lines"


@pytest.mark.public
@pytest.mark.points(2)
def test_dev_format_in_development(client, server, rng):
    """With NODE_ENV=development requests are logged in the dev format"""
    server.restart(env={"NODE_ENV": "development"})
    marks = [marker(rng), marker(rng)]
    ok = client.get(f"/users/{marks[0]}?{query(rng)}", headers={"User-Agent": user_agent(rng)})
    assert_status(ok, 200)
    missing = client.get(f"/{tok(rng, 4)}-{marks[1]}", headers={"Referer": referrer(rng)})
    assert_status(missing, 404)
    lines = wait_for(server, marks)
    for mark, response in ((marks[0], ok), (marks[1], missing)):
        what = f"{response.request.method} {response.request.url.raw_path.decode()} in development"
        m = parse(line_for(lines, mark), DEV, DEV_SHAPE)
        # the shape, method and status: the :url's exactness is its own check's subject
        assert m["method"] == response.request.method, f"{what}: :method must be {response.request.method}, got {m['method']!r}"
        assert m["status"] == str(response.status_code), f"{what}: :status must be {response.status_code}, got {m['status']!r}"
