"""Hidden suite of challenge-36 (transactions): transfers between accounts kept in PostgreSQL.

Balances are read from the `accounts` table with the suite's own connection (the `pg` fixture).
Two tools make the verdicts independent of timing:

- an injected failure: a trigger of the suite's own on `accounts` raises for the accounts listed
  in its table `lg_poisoned`, so one UPDATE of a transfer fails while the other succeeds; the
  suite poisons the target in one transfer and the source in another, so whichever order a
  server updates in, one of the two fails midway and only a transaction undoes the first step;
- a held row lock: the suite locks the source account (SELECT ... FOR UPDATE on a connection of
  its own) while it sends concurrent transfers, waits until they queue on that lock, then lets go.
  A server that reads the balance without locking has then read it before any of them wrote, so
  check-then-write races are certain, not likely; a correct server just waits its turn.
"""

import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import psycopg
import pytest

from grader.testing import assert_error, assert_status, is_json_id, json_body
from grader.testing import url_path as path

OWNERS = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Ken", "Margaret", "Donald", "Frances", "Radia"]


def open_account(client, rng, balance=None):
    account = {"owner": f"{rng.choice(OWNERS)} {rng.randint(100, 99999)}",
               "balance": rng.randint(100, 900) if balance is None else balance}
    response = client.post("/accounts", json=account)
    assert 200 <= response.status_code < 300, f"opening a valid account must succeed (201), got {response.status_code}"
    body = json_body(response)
    assert isinstance(body, dict) and is_json_id(body.get("id")), f"the created account must have an id, got {body!r}"
    return {**account, "id": body["id"]}


def balance(pg, account):
    found = pg.execute("SELECT balance FROM accounts WHERE id::text = %s", (str(account["id"]),)).fetchone()
    assert found is not None, f"account {account['id']!r} must be a row of the accounts table"
    return found[0]


def balances(pg, *accounts):
    return [balance(pg, a) for a in accounts]


def transfers_between(pg, source, target):
    return pg.execute("SELECT count(*) FROM transfers WHERE from_id::text = %s AND to_id::text = %s",
                      (str(source["id"]), str(target["id"]))).fetchone()[0]


def send(client, source, target, amount):
    return client.post("/transfers", json={"from": source["id"], "to": target["id"], "amount": amount})


# --- accounts, one transfer -----------------------------------------------------------------
@pytest.mark.public
@pytest.mark.points(1)
def test_create_and_read_account(client, pg, rng):
    """POST /accounts answers 201 and writes the row; GET /accounts/:id reads it"""
    account = {"owner": f"{rng.choice(OWNERS)} {rng.randint(100, 99999)}", "balance": rng.randint(0, 5000)}
    response = client.post("/accounts", json=account)
    assert_status(response, 201)
    body = json_body(response)
    assert isinstance(body, dict) and is_json_id(body.get("id")), f"the account must have an id, got {body!r}"
    assert body.get("owner") == account["owner"] and body.get("balance") == account["balance"], (
        f"the created account must echo owner {account['owner']!r} and balance {account['balance']}, got {body!r}")
    assert balance(pg, body) == account["balance"], "the accounts row must hold the balance"
    pg.execute("UPDATE accounts SET balance = balance + 7 WHERE id::text = %s", (str(body["id"]),))
    response = client.get(path("accounts", body["id"]))
    assert_status(response, 200)
    got = json_body(response)
    assert isinstance(got, dict) and got.get("balance") == account["balance"] + 7 and str(got.get("id")) == str(body["id"]), (
        f"GET /accounts/:id must read the row (the suite added 7 with SQL): balance {account['balance'] + 7}, got {got!r}")


@pytest.mark.public
@pytest.mark.points(3)
def test_transfer_moves_money(client, pg, rng):
    """POST /transfers answers 201, moves the amount in both rows and records the transfer"""
    source, target = open_account(client, rng), open_account(client, rng)
    amount = rng.randint(1, source["balance"])
    response = send(client, source, target, amount)
    assert_status(response, 201)
    body = json_body(response)
    assert isinstance(body, dict) and is_json_id(body.get("id")), f"the transfer must have an id, got {body!r}"
    assert (str(body.get("from")), str(body.get("to")), body.get("amount")) == (str(source["id"]), str(target["id"]), amount), (
        f"the transfer must echo from, to and amount, got {body!r}")
    assert balances(pg, source, target) == [source["balance"] - amount, target["balance"] + amount], (
        f"after moving {amount}: balances must be {[source['balance'] - amount, target['balance'] + amount]}, "
        f"the table has {balances(pg, source, target)}")
    assert transfers_between(pg, source, target) == 1, "the transfers table must hold one row for this transfer"
    got = json_body(client.get(path("accounts", target["id"])))
    assert isinstance(got, dict) and got.get("balance") == target["balance"] + amount, (
        f"GET /accounts/:id of the target must show {target['balance'] + amount}, got {got!r}")

    rest = source["balance"] - amount
    if rest > 0:  # the whole remaining balance may go: funds equal to the amount suffice
        assert_status(send(client, source, target, rest), 201)
        assert balance(pg, source) == 0, "moving the whole balance must leave 0"


@pytest.mark.public
@pytest.mark.points(2)
def test_insufficient_funds_409(client, pg, rng):
    """a transfer of more than the balance answers 409 and changes nothing"""
    source, target = open_account(client, rng), open_account(client, rng)
    for amount in (source["balance"] + 1, source["balance"] + rng.randint(2, 10_000)):
        assert_error(send(client, source, target, amount), 409, f"moving {amount} out of a balance of {source['balance']}")
    assert balances(pg, source, target) == [source["balance"], target["balance"]], "a refused transfer must change no balance"
    assert transfers_between(pg, source, target) == 0, "a refused transfer must not be recorded"


@pytest.mark.points(2)
def test_unknown_account_404(client, pg, rng):
    """a transfer from or to an unknown account answers 404 and changes nothing"""
    source, target = open_account(client, rng), open_account(client, rng)
    for ghost in ("999999999", "nope", "00000000-0000-0000-0000-000000000000"):
        assert_error(client.post("/transfers", json={"from": source["id"], "to": ghost, "amount": 1}), 404,
                     f"a transfer to the unknown account {ghost!r}")
        assert_error(client.post("/transfers", json={"from": ghost, "to": target["id"], "amount": 1}), 404,
                     f"a transfer from the unknown account {ghost!r}")
    assert balances(pg, source, target) == [source["balance"], target["balance"]], (
        f"transfers with an unknown account must change no balance (a source debited before the target was found?); "
        f"expected {[source['balance'], target['balance']]}, the table has {balances(pg, source, target)}")
    assert_error(client.get(path("accounts", "nope")), 404, "GET /accounts/nope")


@pytest.mark.points(1)
def test_invalid_transfer_400(client, pg, rng):
    """invalid transfers (amount not a positive integer, same account, fields missing) answer 400 and change nothing"""
    source, target = open_account(client, rng), open_account(client, rng)
    cases = [({"to": target["id"], "amount": 5}, "no from"), ({"from": source["id"], "amount": 5}, "no to"),
             ({"from": source["id"], "to": target["id"]}, "no amount"),
             ({"from": source["id"], "to": source["id"], "amount": 5}, "from and to the same account")]
    for amount in (0, -5, 2.5, "10", True, None):
        cases.append(({"from": source["id"], "to": target["id"], "amount": amount}, f"amount {amount!r}"))
    for body, why in cases:
        assert_error(client.post("/transfers", json=body), 400, f"a transfer with {why}")
    assert balances(pg, source, target) == [source["balance"], target["balance"]], "invalid transfers must change no balance"
    assert transfers_between(pg, source, target) + transfers_between(pg, source, source) == 0, "invalid transfers must not be recorded"


# --- concurrency ----------------------------------------------------------------------------
def waiting_on_locks(pg):
    return pg.execute("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                      "WHERE NOT l.granted AND a.datname = current_database()").fetchone()[0]


def wait_until_queued(pg, expected, limit=4.0, settle=1.0):
    """Until `expected` sessions wait on a lock, or their number is >= 1 and settled (a server with
    fewer connections than requests queues the rest inside itself), or `limit` seconds."""
    start = last_change = time.monotonic()
    seen = -1
    while time.monotonic() - start < limit:
        now_waiting = waiting_on_locks(pg)
        if now_waiting >= expected:
            return
        if now_waiting != seen:
            seen, last_change = now_waiting, time.monotonic()
        elif seen >= 1 and time.monotonic() - last_change >= settle:
            return
        time.sleep(0.05)


def post_transfers(base_url, jobs, workers):
    """Each job (source, target, amount) as its own request, `workers` at a time; the statuses in order."""
    def one(job):
        source, target, amount = job
        with httpx.Client(base_url=base_url, timeout=15.0) as c:
            r = c.post("/transfers", json={"from": source["id"], "to": target["id"], "amount": amount})
            return r.status_code
    pool = ThreadPoolExecutor(max_workers=workers)
    return pool, [pool.submit(one, job) for job in jobs]


@pytest.mark.points(5)
def test_concurrent_transfers_never_overdraw(client, server, pg, rng):
    """concurrent transfers never overdraw, lose no update and keep the total constant"""
    # 1. eight at once from one account that can pay exactly three, queued on a lock the suite holds
    unit = rng.randint(20, 60)
    source = open_account(client, rng, balance=3 * unit + rng.randint(1, unit - 1))
    target = open_account(client, rng)
    locker = psycopg.connect(pg.info.dsn, password=pg.info.password)
    try:
        locker.execute("SELECT 1 FROM accounts WHERE id::text = %s FOR UPDATE", (str(source["id"]),))
        pool, futures = post_transfers(server.base_url, [(source, target, unit)] * 8, workers=8)
        wait_until_queued(pg, 8)
    finally:
        locker.commit()
        locker.close()
    statuses = [f.result(timeout=30) for f in futures]
    pool.shutdown()
    assert all(s == 201 or 400 <= s < 500 for s in statuses), (
        f"concurrent transfers must answer 201 or a 4xx refusal, got {statuses}")
    assert balance(pg, source) >= 0, (
        f"eight concurrent transfers of {unit} from a balance of {source['balance']} overdrew it to {balance(pg, source)} "
        f"(the balance was checked without locking the row)")
    assert statuses.count(201) == 3, (
        f"a balance of {source['balance']} pays exactly 3 transfers of {unit}; {statuses.count(201)} of 8 were accepted")
    assert balances(pg, source, target) == [source["balance"] - 3 * unit, target["balance"] + 3 * unit], (
        f"after 3 transfers of {unit}: balances must be {[source['balance'] - 3 * unit, target['balance'] + 3 * unit]}, "
        f"the table has {balances(pg, source, target)} (an update was lost)")
    assert transfers_between(pg, source, target) == 3, "exactly the 3 accepted transfers must be recorded"

    # 2. a random mix in both directions among four accounts
    accounts = [open_account(client, rng, balance=rng.randint(50, 150)) for _ in range(4)]
    jobs = []
    for _ in range(24):
        a, b = rng.sample(accounts, 2)
        jobs.append((a, b, rng.randint(10, 80)))
    pool, futures = post_transfers(server.base_url, jobs, workers=6)
    statuses = [f.result(timeout=60) for f in futures]
    pool.shutdown()
    assert all(s == 201 or 400 <= s < 500 for s in statuses), (
        f"concurrent transfers among the same accounts, in both directions, must answer 201 or a 4xx refusal, "
        f"never a 5xx (lock the accounts in a consistent order), got {statuses}")
    expected = {str(a["id"]): a["balance"] for a in accounts}
    for (a, b, amount), status in zip(jobs, statuses):
        if status == 201:
            expected[str(a["id"])] -= amount
            expected[str(b["id"])] += amount
    got = {str(a["id"]): balance(pg, a) for a in accounts}
    assert sum(got.values()) == sum(a["balance"] for a in accounts), (
        f"the total must stay {sum(a['balance'] for a in accounts)}, it is {sum(got.values())}: balances {got}")
    assert min(got.values()) >= 0, f"no account may go below 0: balances {got}"
    assert got == expected, f"each balance must be its start plus the accepted transfers: expected {expected}, got {got}"


# --- failure midway -------------------------------------------------------------------------
@pytest.fixture
def injector(pg):
    """poison(account) makes every UPDATE of that account's row fail until unpoison(); the trigger
    reads a table, so poisoning takes no lock a server's open transaction could hold. Installed at
    the first poison(), inside the check, so a missing accounts table is a failed check."""

    class Injector:
        installed = False

        def install(self):
            found = pg.execute("SELECT to_regclass('accounts') IS NOT NULL").fetchone()[0]
            assert found, "the accounts table must exist (created by the server at start-up)"
            pg.execute("SET lock_timeout = '5s'")
            pg.execute("CREATE TABLE IF NOT EXISTS lg_poisoned (account_id TEXT PRIMARY KEY)")
            pg.execute("CREATE OR REPLACE FUNCTION lg_injected_failure() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                       "IF EXISTS (SELECT 1 FROM lg_poisoned WHERE account_id = OLD.id::text) THEN "
                       "RAISE EXCEPTION 'failure injected by the grader'; END IF; RETURN NEW; END $$")
            pg.execute("CREATE OR REPLACE TRIGGER lg_injected_failure BEFORE UPDATE ON accounts "
                       "FOR EACH ROW EXECUTE FUNCTION lg_injected_failure()")
            self.installed = True

        def poison(self, account):
            if not self.installed:
                self.install()
            pg.execute("INSERT INTO lg_poisoned VALUES (%s) ON CONFLICT DO NOTHING", (str(account["id"]),))

        def unpoison(self):
            if self.installed:
                pg.execute("DELETE FROM lg_poisoned")

    handle = Injector()
    yield handle
    handle.unpoison()


@pytest.mark.points(4)
def test_failure_midway_rolls_back(client, pg, rng, injector):
    """a transfer that fails midway (an UPDATE the grader makes fail) answers 500 and leaves both balances unchanged"""
    # every account is opened first: this check is about the failed transfer, not what follows it
    pairs = {role: (open_account(client, rng), open_account(client, rng)) for role in ("target", "source")}
    for role, (source, target) in pairs.items():
        amount = rng.randint(1, source["balance"])
        injector.poison(target if role == "target" else source)
        try:
            response = send(client, source, target, amount)
        finally:
            injector.unpoison()
        assert_error(response, 500, f"a transfer whose {role}'s UPDATE fails in the database")
        assert balances(pg, source, target) == [source["balance"], target["balance"]], (
            f"the {role}'s UPDATE failed, so nothing of the transfer may remain: balances must stay "
            f"{[source['balance'], target['balance']]}, the table has {balances(pg, source, target)} "
            f"(the steps ran outside one transaction)")
        assert transfers_between(pg, source, target) == 0, f"a failed transfer ({role} failed) must not be recorded"


@pytest.mark.points(2)
def test_server_recovers_after_failed_transfers(client, server, pg, rng, injector):
    """after failed transfers the server keeps working: the next transfers succeed"""
    source, target = open_account(client, rng), open_account(client, rng)
    injector.poison(target)
    try:
        for _ in range(3):
            assert_status(send(client, source, target, 1), 500)
    finally:
        injector.unpoison()
    assert server.gone() is None, f"the server must survive failed transactions ({server.gone()})"
    payer, payee = open_account(client, rng, balance=1000), open_account(client, rng)
    for n in range(1, 7):
        response = send(client, payer, payee, n)
        assert response.status_code == 201, (
            f"transfer {n} after the failures must succeed, got {response.status_code} {response.text[:200]!r} "
            f"(a connection left inside a failed transaction, without ROLLBACK, went back to the pool?)")
    assert balances(pg, payer, payee) == [1000 - 21, payee["balance"] + 21], "the transfers after the failures must apply"
