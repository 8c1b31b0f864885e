"""Services for a grading (grader/services): every kind starts, answers and is removed, in Docker
(a pod) and locally; pods are isolated from each other and from the host; a missing service ends
with the documented exit 2; Ctrl-C, SIGTERM and `grade cleanup` cover service containers and
processes. Leftovers of the whole session are checked by conftest.nothing_left_behind."""

from __future__ import annotations

import os
import re
import shutil
import signal
import smtplib
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from helpers import ROOT, SOLUTIONS, owner, run_grade

FIXTURES = ROOT / "tests" / "fixtures"
BROKEN = FIXTURES / "broken"
KINDS = ["postgres", "redis", "mongo", "upstream", "smtp"]


def one_service_challenge(tmp_path: Path, kind: str):
    """A throw-away challenge folder asking for exactly one service of `kind`."""
    from grader import challenges

    folder = tmp_path / "challenge-98"
    folder.mkdir()
    extra = ""
    if kind == "upstream":
        shutil.copytree(FIXTURES / "services" / "upstreams", folder / "upstreams")
        extra = 'name = "echo-service"\napp = "upstreams/echo.py"\n'
    (folder / "challenge.toml").write_text(
        f'id = "challenge-98"\nslug = "s"\ntitle = "s"\ntier = 3\nminutes = 1\n\n[[service]]\nkind = "{kind}"\n{extra}')
    return challenges.load(folder)


def exercise(services, kind: str) -> None:
    """Use the service through its suite handle as a check would; fails unless it really answers."""
    ep = services.endpoints[0]
    handle = services.handle(ep)
    if kind == "postgres":
        handle.execute("CREATE TABLE t (v TEXT)")
        handle.execute("INSERT INTO t VALUES (%s)", ("it's",))
        assert handle.execute("SELECT v FROM t").fetchall() == [("it's",)]
        assert handle.execute("SELECT current_database()").fetchone()[0] == ep.database
    elif kind == "redis":
        handle.set("k", "v")
        assert handle.get("k") == "v" and handle.dbsize() == 1
    elif kind == "mongo":
        handle.users.create_index("email", unique=True)
        handle.users.insert_one({"email": "a@x.org"})
        import pymongo.errors

        with pytest.raises(pymongo.errors.DuplicateKeyError):
            handle.users.insert_one({"email": "a@x.org"})
        assert handle.users.count_documents({}) == 1
    elif kind == "upstream":
        base = f"http://{ep.host}:{ep.port}"
        assert httpx.get(f"{base}/things/7?q=1", headers={"X-Trace": "t1"}).json() == {"id": "7", "via": "echo"}
        log = handle.requests()
        assert [(r["method"], r["path"], r["query"], r["headers"].get("x-trace")) for r in log] == [("GET", "/things/7", "q=1", "t1")]
        handle.fail_next(2, status=503)
        assert [httpx.get(f"{base}/things/1").status_code for _ in range(3)] == [503, 503, 200]
        handle.reset_next(1)
        with pytest.raises(httpx.TransportError):
            httpx.get(f"{base}/things/9?r=1", headers={"X-Trace": "t2"})
        dropped = handle.requests()[-1]
        assert (dropped["path"], dropped["query"], dropped["headers"].get("x-trace"), dropped.get("dropped")) == \
            ("/things/9", "r=1", "t2", True)
        assert httpx.get(f"{base}/things/1").status_code == 200  # only the next one
        handle.respond_with(502)
        assert httpx.get(f"{base}/things/1").status_code == 502
        handle.reset()
        handle.delay(0.4)
        t0 = time.monotonic()
        assert httpx.get(f"{base}/things/1").status_code == 200 and time.monotonic() - t0 >= 0.35
        handle.down()
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{base}/things/1")
        handle.up()
        handle.reset()
        assert httpx.get(f"{base}/things/1").status_code == 200 and len(handle.requests()) == 1
        # the controls need the run's secret: what the candidate's server could send is refused
        assert httpx.post(f"http://{ep.host}:{ep.control_port}/reset").status_code == 403
        assert httpx.post(f"http://{ep.host}:{ep.control_port}/reset", headers={"x-grader-secret": "guess"}).status_code == 403
        assert len(handle.requests()) == 1
    elif kind == "smtp":
        with smtplib.SMTP(ep.host, ep.port, timeout=5) as smtp:
            smtp.sendmail("app@example.org", ["ada@example.org"], "Subject: Welcome\r\n\r\nHello Ada\r\n.dot line\r\n")
        (msg,) = handle.messages()
        assert msg["subject"] == "Welcome" and "Hello Ada" in msg.get_content() and ".dot line" in msg.get_content()
        handle.clear()
        assert handle.messages() == []


def _docker_containers(run_id: str) -> list:
    from grader.sandbox.docker import LABEL, client

    return client().containers.list(all=True, filters={"label": f"{LABEL}.run={run_id}"}, sparse=True)


@pytest.mark.docker
@pytest.mark.parametrize("kind", KINDS)
def test_service_in_docker_starts_answers_and_is_removed(kind, tmp_path, docker_ready, monkeypatch):
    from grader import services

    monkeypatch.setenv("GRADER_OWNER", owner())
    pod = services.start(one_service_challenge(tmp_path, kind), "docker")
    try:
        (container,) = _docker_containers(pod.run_id)
        container.reload()  # listed sparse: the full attributes
        attrs = container.attrs
        host_config = attrs["HostConfig"]
        # hardened like the sandbox: non-root, read-only root, no capabilities, limits, labelled
        assert attrs["Config"]["User"] in ("10003:10003", "10003") or container.image.attrs["Config"]["User"].startswith("10003")
        assert host_config["ReadonlyRootfs"] and host_config["CapDrop"] == ["ALL"]
        assert "no-new-privileges" in host_config["SecurityOpt"]
        assert host_config["Memory"] > 0 and host_config["PidsLimit"] > 0
        assert attrs["Config"]["Labels"]["live-grader.owner"] == owner()
        exercise(pod, kind)
    finally:
        pod.close()
    assert _docker_containers(pod.run_id) == []


@pytest.mark.parametrize("kind", KINDS)
def test_service_locally_starts_answers_and_is_removed(kind, tmp_path, monkeypatch):
    from grader import services

    monkeypatch.setenv("GRADER_OWNER", owner())
    local = services.start(one_service_challenge(tmp_path, kind), "local")
    pids = [p.pid for p in local.procs]
    workdir = local._tmp
    try:
        assert local.endpoints[0].host == "127.0.0.1"
        exercise(local, kind)
    finally:
        local.close()
    assert not workdir.exists()
    for pid in pids:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()


def test_service_validation_in_challenge_toml(tmp_path):
    from grader import challenges
    from grader.errors import ChallengeFormatError

    folder = tmp_path / "challenge-97"
    folder.mkdir()
    head = 'id = "challenge-97"\nslug = "s"\ntitle = "s"\ntier = 3\nminutes = 1\n'
    for body, message in [
        ('[[service]]\nkind = "mysql"\n', "kind 'mysql' is not one of"),
        ('[[service]]\nkind = "upstream"\napp = "upstreams/x.py"\n', "needs a name"),
        ('[[service]]\nkind = "upstream"\nname = "users-service"\napp = "upstreams/missing.py"\n', "is not a file"),
        ('[[service]]\nkind = "redis"\n[[service]]\nkind = "redis"\n', "asked for twice"),
        ('[[service]]\nkind = "redis"\nname = "cache"\n', "only an upstream takes a name"),
        ('[server]\nreplicas = 0\n', "replicas must be an integer from 1 to 4"),
    ]:
        (folder / "challenge.toml").write_text(head + body)
        with pytest.raises(ChallengeFormatError, match=re.escape(message)):
            challenges.load(folder)


# --- isolation ------------------------------------------------------------------------------
PROBE = r"""
// Starts as a challenge-34 server would, then tries three things and serves the verdicts:
// its own database at 127.0.0.1 (must work), another run's PostgreSQL at TARGET_DB (must not),
// and a PostgreSQL of the host through the bridge gateway (must not).
const { Client } = require('pg');
const fs = require('fs');
const http = require('http');
const cfg = JSON.parse(fs.readFileSync('targets.json', 'utf8'));
const verdicts = {};
async function attempt(name, connectionString) {
  const c = new Client({ connectionString, connectionTimeoutMillis: 2500 });
  try { await c.connect(); const r = await c.query('SELECT count(*) AS n FROM pg_tables'); verdicts[name] = 'REACHED ' + r.rows[0].n; }
  catch (e) { verdicts[name] = 'blocked: ' + (e.code || e.message); }
  finally { c.end().catch(() => {}); }
}
Promise.all([
  attempt('own', process.env.DATABASE_URL),
  attempt('other', `postgres://grader:grader@${cfg.other}:5432/app`),
  attempt('host', `postgres://grader:grader@${cfg.gateway}:${cfg.hostPort}/app`),
]).then(() => {
  // gateways of the routes (hex, little-endian): the only way out must be the internal bridge's
  verdicts.gateways = [...new Set(fs.readFileSync('/proc/net/route', 'utf8').split('\n').slice(1).filter(Boolean)
    .map((l) => l.split(/\s+/)[2]).filter((g) => g !== '00000000')
    .map((g) => g.match(/../g).reverse().map((b) => parseInt(b, 16)).join('.')))];
  http.createServer((req, res) => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify(verdicts)); })
    .listen(Number(process.env.PORT), '0.0.0.0');
});
"""


@pytest.fixture
def host_postgres(tmp_path, monkeypatch):
    """A PostgreSQL server of this machine listening on every address (the kind a hostile
    submission would look for through the bridge gateway)."""
    from grader import challenges
    from grader.services.local import LocalServices
    from grader.services import postgres

    monkeypatch.setenv("GRADER_OWNER", owner())
    folder = tmp_path / "hostpg"
    folder.mkdir()
    (folder / "challenge.toml").write_text('id = "hostpg"\n')
    spec = challenges.ServiceSpec("postgres", "postgres")
    fake = type("C", (), {"services": (spec,), "id": "host-postgres"})()
    local = LocalServices(fake)  # type: ignore[arg-type]
    original = postgres.Postgres.local_command

    def everywhere(self, ep, workdir):
        with open(workdir / "pg" / "pg_hba.conf", "a") as hba:
            hba.write("host all all 0.0.0.0/0 trust\n")
        return original(self, ep, workdir) + ["-c", "listen_addresses=*"]

    monkeypatch.setattr(postgres.Postgres, "local_command", everywhere)
    local.start()
    yield local.endpoints[0]
    local.close()


@pytest.mark.docker
def test_pods_are_isolated_from_each_other_and_from_the_host(tmp_path, docker_ready, host_postgres, monkeypatch):
    """Two pods of challenge-34 at once: each database holds only its rows; a server in one pod
    reaches its own PostgreSQL at 127.0.0.1 but neither the other pod's nor the host's (through
    the gateway: the host one is reachable from the host, the negative control), and has no
    default route (no internet)."""
    import psycopg

    from grader import challenges, services
    from grader.readiness import wait_until_ready
    from grader.sandbox.docker import DockerSandbox
    from grader.submission import detect

    monkeypatch.setenv("GRADER_OWNER", owner())
    ch = challenges.get("challenge-34")
    a = services.start(ch, "docker")
    b = services.start(ch, "docker")
    box = None
    try:
        pa, pb = a.handle(a.endpoints[0]), b.handle(b.endpoints[0])
        pa.execute("CREATE TABLE mine (v TEXT)")
        pa.execute("INSERT INTO mine VALUES ('a-only')")
        assert pb.execute("SELECT count(*) FROM pg_tables WHERE tablename = 'mine'").fetchone()[0] == 0

        gateway = ".".join(a.host.split(".")[:3] + ["1"])
        # the negative control: the host's PostgreSQL does answer on the gateway address, from the host
        with psycopg.connect(f"postgresql://grader@{gateway}:{host_postgres.port}/app", connect_timeout=3) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
        sub = tmp_path / "probe"
        sub.mkdir()
        (sub / "server.js").write_text(PROBE)
        (sub / "targets.json").write_text(
            f'{{"other": "{a.host}", "gateway": "{gateway}", "hostPort": {host_postgres.port}}}')
        box = DockerSandbox(detect(sub))
        box.pod = b.pod
        box.start({"PORT": "3000", **b.server_env()})
        wait_until_ready(box, 3000, 30)
        verdicts = httpx.get(f"http://{box.host}:3000/", timeout=10).json()
        assert verdicts["own"].startswith("REACHED"), verdicts
        assert verdicts["other"].startswith("blocked"), f"a server reached another run's database: {verdicts}"
        assert verdicts["host"].startswith("blocked"), f"a server reached the host's PostgreSQL: {verdicts}"
        # no internet: the pod's one network is `internal` (the engine forwards nothing off it), and
        # its only gateway is the host's bridge address, which the host firewall closes (just shown)
        from grader.sandbox.docker import SHARED_NETWORK, client

        network = client().networks.get(SHARED_NETWORK)
        assert network.attrs["Internal"] is True
        assert list(b.pod[0].attrs["NetworkSettings"]["Networks"]) == [SHARED_NETWORK]
        assert verdicts["gateways"] in ([], [gateway]), f"the pod routes through {verdicts['gateways']}"
    finally:
        if box is not None:
            box.close()
        b.close()
        a.close()


@pytest.mark.docker
def test_two_concurrent_gradings_of_34(tmp_path, docker_ready):
    """Two `grade` runs of challenge-34 at once, each against its own database: both 100% (the
    suite counts the rows of its table, so a shared database would fail them)."""
    results = {}

    def one(name: str, track: str) -> None:
        results[name] = run_grade(["challenge-34", str(SOLUTIONS / "challenge-34" / track), "--sandbox", "docker"],
                                  tmp_path / name)

    threads = [threading.Thread(target=one, args=(n, t)) for n, t in (("a", "node"), ("b", "python"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(240)
    assert all(results[n].code == 0 and results[n].percent == 100.0 for n in ("a", "b")), \
        [results[n].explain() for n in ("a", "b")]
    assert results["a"].result["services"] and results["b"].result["services"] != results["a"].result["services"]


# --- missing and given services -----------------------------------------------------------
def test_missing_service_exits_2_naming_both_ways(tmp_path):
    g = run_grade(["challenge-34", str(SOLUTIONS / "challenge-34" / "python"), "--sandbox", "local"], tmp_path,
                  env={"PG_BINDIR": str(tmp_path / "no-postgres-here")})
    assert g.code == 2, g.explain()
    lines = [ln for ln in g.stderr.splitlines() if ln.strip()]
    assert any("challenge-34 needs PostgreSQL" in ln for ln in lines), g.explain()
    assert "apt-get install postgresql" in g.stderr and "--service postgres=postgresql://" in g.stderr, g.explain()
    assert "Traceback" not in g.stderr


def test_given_postgres_gets_a_database_of_its_own(tmp_path, host_postgres):
    """--service postgres=URL: the grading creates a database of its own there and drops it."""
    import psycopg

    url = f"postgresql://grader:grader@127.0.0.1:{host_postgres.port}/postgres"
    g = run_grade(["challenge-34", str(SOLUTIONS / "challenge-34" / "python"), "--sandbox", "local",
                   "--service", f"postgres={url}"], tmp_path)
    assert g.code == 0 and g.percent == 100.0, g.explain()
    with psycopg.connect(url) as conn:
        left = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE 'lg\\_%'").fetchall()
    assert left == [], f"the grading's database was not dropped: {left}"


def test_service_option_is_refused_in_docker(tmp_path):
    g = run_grade(["challenge-34", str(SOLUTIONS / "challenge-34" / "python"), "--sandbox", "docker",
                   "--service", "postgres=postgresql://x@localhost/db"], tmp_path)
    assert g.code == 2 and "--service is for the local sandbox" in g.stderr, g.explain()


# --- interruption ---------------------------------------------------------------------------
def _hanging_grading_of_34(tag: str, sandbox: str):
    """A real `grade` of challenge-34 whose server never listens; returned once it has started
    its services (and, in Docker, its server's container)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "grader", "challenge-34", str(BROKEN / "never-listens-node"), "--sandbox", sandbox,
         "--startup-timeout", "60"], cwd=ROOT, env={**os.environ, "GRADER_OWNER": tag},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_things_of(tag, sandbox)) < 2:
        time.sleep(0.1)
    assert len(_things_of(tag, sandbox)) >= 2, f"the grading never started its service and server: {_things_of(tag, sandbox)}"
    return proc


def _things_of(tag: str, sandbox: str) -> list[str]:
    if sandbox == "docker":
        from grader.sandbox.docker import LABEL, client

        return [c.attrs["Names"][0] for c in client().containers.list(all=True, filters={"label": f"{LABEL}.owner={tag}"}, sparse=True)]
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if f"grader-local-{tag}-" in os.readlink(f"/proc/{pid}/cwd"):
                found.append(pid)
        except OSError:
            continue
    return found


@pytest.mark.parametrize("sandbox", [pytest.param("docker", marks=pytest.mark.docker), "local"])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["sigint", "sigterm"])
def test_signal_mid_grading_removes_the_services(sandbox, sig, request):
    if sandbox == "docker":
        request.getfixturevalue("docker_ready")
    tag = f"{owner()}-svc{int(sig)}{sandbox[0]}"
    proc = _hanging_grading_of_34(tag, sandbox)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "interrupted" in err, (proc.returncode, out, err)
    assert _things_of(tag, sandbox) == []


@pytest.mark.docker
def test_cleanup_removes_the_service_containers_of_a_killed_grader(docker_ready):
    tag = f"{owner()}-svckill"
    proc = _hanging_grading_of_34(tag, "docker")
    before = _things_of(tag, "docker")
    proc.kill()
    proc.communicate()
    assert any("grader-svc-" in name for name in before), before  # a service container was left to clean
    p = subprocess.run([sys.executable, "-m", "grader", "cleanup"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert _things_of(tag, "docker") == []


# --- replicas -------------------------------------------------------------------------------
@pytest.mark.parametrize("sandbox", [pytest.param("docker", marks=pytest.mark.docker), "local"])
def test_replicas_share_the_services_and_restart_together(sandbox, tmp_path, request):
    """[server] replicas = 2 (probe challenge-96): two servers on their own ports, one Redis,
    `replicas` and `server.replica_urls` in the suite, a restart with env reaching both and the
    default configuration restored for both afterwards."""
    if sandbox == "docker":
        request.getfixturevalue("docker_ready")
    g = run_grade(["challenge-96", str(FIXTURES / "services" / "replicas-node"), "--sandbox", sandbox], tmp_path,
                  env={"GRADER_CHALLENGES": str(FIXTURES / "services" / "challenges")})
    assert g.code == 0 and g.percent == 100.0, g.explain()


def test_kit_of_a_challenge_with_upstreams_ships_their_folder(tmp_path):
    """`grade export`: the fake upstreams' apps (and their sibling modules) are in the kit, so the
    kit's challenge.toml loads and its public checks can run; the hidden checks are not."""
    from grader import challenges
    from grader.export import export_kit

    source = challenges.get("challenge-46")
    kit = export_kit(source, tmp_path)
    shipped = sorted(p.name for p in (kit / "upstreams").iterdir())
    assert shipped == sorted(p.name for p in (source.path / "upstreams").iterdir() if p.suffix == ".py")
    loaded = challenges.load(kit)  # validates that every upstream app exists
    assert [s.name for s in loaded.services] == [s.name for s in source.services]


@pytest.mark.parametrize("sandbox", [pytest.param("docker", marks=pytest.mark.docker), "local"])
@pytest.mark.parametrize("alternative", ["python-asyncpg", "node-esm-text-ids"])
def test_challenge_34_alternatives_score_100(alternative, sandbox, tmp_path, request):
    """Correct solutions written differently (asyncpg with app-made UUIDs; ES modules, one
    pg.Client, TEXT ids without a column default) score 100% like the references."""
    if sandbox == "docker":
        request.getfixturevalue("docker_ready")
    g = run_grade(["challenge-34", str(SOLUTIONS / "challenge-34" / "alternatives" / alternative), "--sandbox", sandbox],
                  tmp_path)
    assert g.code == 0 and g.percent == 100.0, g.explain()
