"""Hidden suite for challenge-53, WebSocket Chat Server: presence, rooms and private messages of a
Socket.io server, driven by many python-socketio clients at once.

The server's state outlives a check, and presence reaches every socket: each check uses fresh
random usernames and rooms and looks only at the events about them."""

import contextlib
import string
import threading
import time

import pytest
import socketio

from grader.testing import assert_status, json_body

WAIT = 4.0  # seconds to wait for an expected event or state
QUIET = 0.5  # seconds during which an unexpected event must not arrive
EVENTS = ("presence", "user_joined", "user_left", "room_message", "private_message")


# --- helpers -------------------------------------------------------------------------------

def word(rng, prefix, length=8):
    return f"{prefix}-" + "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(length))


def usernames(rng, n):
    base = "".join(rng.choice(string.ascii_lowercase) for _ in range(5))
    return [f"{base}_{i}{rng.choice(string.ascii_uppercase)}" for i in range(n)]


class Peer:
    """One python-socketio client of a user; records every chat event it receives."""

    def __init__(self, url, username, transports=("websocket",), label=None, auth=...):
        self.username = username
        self.label = label or username
        self.received = []  # (event, data), in arrival order
        self.changed = threading.Condition()
        self.sio = socketio.Client(reconnection=False)
        for event in EVENTS:
            self.sio.on(event, self._recorder(event))
        try:
            self.sio.connect(url, auth={"username": username} if auth is ... else auth,
                             transports=list(transports), wait_timeout=WAIT)
        except socketio.exceptions.ConnectionError as exc:
            self.close()
            raise AssertionError(f"{self.label}: could not connect with username {username!r} over "
                                 f"{'/'.join(transports)} at {url}/socket.io: {exc}") from None

    def _recorder(self, event):
        def record(data=None, *rest):
            with self.changed:
                self.received.append((event, data))
                self.changed.notify_all()
        return record

    def matching(self, event, data):
        with self.changed:
            return [d for e, d in self.received if e == event and d == data]

    def of(self, event, keep=lambda d: True):
        with self.changed:
            return [d for e, d in self.received if e == event and keep(d)]

    def expect(self, event, data, why):
        """Waits until `event` with exactly `data` arrived."""
        deadline = time.monotonic() + WAIT
        with self.changed:
            while not any(e == event and d == data for e, d in self.received):
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [d for e, d in self.received if e == event][-5:]
                    raise AssertionError(f"{self.label} received no '{event}' {data!r} within {WAIT:g}s ({why}); "
                                         f"its last '{event}' events: {seen!r}")
                self.changed.wait(left)

    def call(self, event, data):
        try:
            ack = self.sio.call(event, data, timeout=WAIT)
        except socketio.exceptions.TimeoutError:
            raise AssertionError(f"{self.label}: '{event}' {data!r} was not acknowledged within {WAIT:g}s") from None
        assert isinstance(ack, dict), f"{self.label}: the acknowledgement of '{event}' must be an object, got {ack!r}"
        return ack

    def ok(self, event, data):
        ack = self.call(event, data)
        assert ack.get("ok") is True, f"{self.label}: '{event}' {data!r} must be acknowledged with ok: true, got {ack!r}"
        return ack

    def refused(self, event, data, why):
        ack = self.call(event, data)
        assert ack.get("ok") is False, f"{self.label}: '{event}' {data!r} ({why}) must be acknowledged with ok: false, got {ack!r}"
        assert isinstance(ack.get("error"), str) and ack["error"], f"{self.label}: a refusal needs an error message, got {ack!r}"

    def join(self, room):
        ack = self.ok("join", {"room": room})
        assert ack.get("room") == room, f"{self.label}: the join acknowledgement must carry room {room!r}, got {ack!r}"
        return ack

    def close(self):
        # Dropping the Engine.IO session at once: the server sees the socket go either way, and a
        # graceful long-polling disconnect could wait for its pending GET.
        with contextlib.suppress(Exception):
            self.sio.eio.disconnect(abort=True)


class Crowd:
    """The peers of one check; every one still open is closed at the end."""

    def __init__(self, server):
        self.server = server
        self.peers = []

    def connect(self, username, **options):
        peer = Peer(self.server.base_url, username, **options)
        self.peers.append(peer)
        return peer

    def close_all(self):
        for peer in self.peers:
            peer.close()


@contextlib.contextmanager
def crowd(server):
    group = Crowd(server)
    try:
        yield group
    finally:
        group.close_all()


def quiet(peers, event, keep, why):
    """No peer receives a matching `event` during QUIET."""
    time.sleep(QUIET)
    for peer in peers:
        got = peer.of(event, keep)
        assert not got, f"{peer.label} must not receive '{event}' ({why}), got {got!r}"


def online(client):
    response = client.get("/users")
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict) and isinstance(body.get("online"), list), f'GET /users must answer {{"online": [...]}}, got {body!r}'
    return body["online"]


def wait_online(client, username, expected, why):
    """Polls GET /users until `username` is (or is not) listed."""
    deadline = time.monotonic() + WAIT
    while True:
        names = online(client)
        if (username in names) == expected:
            return names
        if time.monotonic() > deadline:
            raise AssertionError(f"GET /users must {'list' if expected else 'no longer list'} {username!r} ({why}), got {names!r}")
        time.sleep(0.05)


def refused(server, auth):
    """True when a connection with this handshake auth is refused."""
    try:
        Peer(server.base_url, None, auth=auth, label=f"a client with auth {auth!r}").close()
    except AssertionError:
        return True
    return False


def presence(username, is_online):
    return {"username": username, "online": is_online}


def about(username):
    return lambda d: isinstance(d, dict) and d.get("username") == username


# --- checks --------------------------------------------------------------------------------

@pytest.mark.public
@pytest.mark.points(2)
def test_online_users_list(server, client, rng):
    """a connected user appears in GET /users, sorted and once, and leaves it on disconnect"""
    first, second = sorted(usernames(rng, 2), reverse=True)
    with crowd(server) as group:
        group.connect(first)
        leaving = group.connect(second)
        names = wait_online(client, second, True, "after connecting")
        assert first in names, f"GET /users must list {first!r}, got {names!r}"
        assert names == sorted(names) and len(set(names)) == len(names), f"GET /users must be sorted, each name once: {names!r}"
        leaving.close()
        wait_online(client, second, False, "after its only socket disconnected")
        assert first in online(client), f"{first!r} is still connected and must stay listed"


@pytest.mark.public
@pytest.mark.points(2)
def test_invalid_username_refused(server, rng):
    """a missing or invalid username is refused; 1 to 32 letters, digits, _ and - are accepted"""
    for auth, why in (
        (None, "no auth payload"), ({}, "no username"), ({"username": ""}, "an empty username"),
        ({"username": "a" * 33}, "33 characters"), ({"username": "two words"}, "a space"),
        ({"username": "bad/name"}, "a slash"), ({"username": 12345}, "a number"),
    ):
        assert refused(server, auth), f"a connection with {why} ({auth!r}) must be refused"
    with crowd(server) as group:
        group.connect("".join(rng.choice(string.ascii_letters + string.digits + "_-") for _ in range(32)))
        group.connect(rng.choice(string.ascii_letters))


@pytest.mark.points(3)
def test_presence_events(server, rng):
    """others receive presence online when a user connects and offline when it disconnects, once each"""
    watcher_name, name = usernames(rng, 2)
    with crowd(server) as group:
        watcher = group.connect(watcher_name)
        newcomer = group.connect(name)
        watcher.expect("presence", presence(name, True), f"{name} connected")
        newcomer.close()
        watcher.expect("presence", presence(name, False), f"{name} disconnected")
        time.sleep(QUIET)
        got = watcher.of("presence", about(name))
        assert got == [presence(name, True), presence(name, False)], (
            f"{watcher_name} must receive exactly one online then one offline presence for {name}, got {got!r}"
        )


@pytest.mark.points(3)
def test_presence_with_several_sockets(server, client, rng):
    """a user with several sockets stays online until the last one disconnects, with no extra presence"""
    watcher_name, name = usernames(rng, 2)
    with crowd(server) as group:
        watcher = group.connect(watcher_name)
        phone = group.connect(name, label=f"{name} (phone)")
        watcher.expect("presence", presence(name, True), f"{name} connected a first socket")
        laptop = group.connect(name, label=f"{name} (laptop)")
        tablet = group.connect(name, label=f"{name} (tablet)")
        phone.close()
        tablet.close()
        quiet([watcher], "presence", lambda d: about(name)(d) and d != presence(name, True),
              f"{name} still has a socket connected")
        assert watcher.of("presence", about(name)) == [presence(name, True)], (
            f"more sockets of an online user must not announce it again, got {watcher.of('presence', about(name))!r}"
        )
        assert online(client).count(name) == 1, f"GET /users must list {name!r} once while a socket is connected"
        laptop.close()
        watcher.expect("presence", presence(name, False), f"the last socket of {name} disconnected")
        wait_online(client, name, False, "after its last socket disconnected")


@pytest.mark.public
@pytest.mark.points(2)
def test_join_answers_members_and_notifies(server, rng):
    """join is acknowledged with the room's members; the others in the room receive user_joined"""
    room = word(rng, "room")
    first, second = sorted(usernames(rng, 2), reverse=True)
    with crowd(server) as group:
        a, b = group.connect(first), group.connect(second)
        ack = a.join(room)
        assert ack.get("members") == [first], f"{first} joined an empty room: members must be [{first!r}], got {ack.get('members')!r}"
        ack = b.join(room)
        assert ack.get("members") == sorted([first, second]), (
            f"members must be every user in the room, sorted: {sorted([first, second])!r}, got {ack.get('members')!r}"
        )
        a.expect("user_joined", {"room": room, "username": second}, f"{second} joined {room}")
        quiet([b], "user_joined", lambda d: True, "the joiner is not notified of itself")


@pytest.mark.public
@pytest.mark.points(3)
def test_room_message_reaches_other_members_only(server, rng):
    """a room message reaches every other socket in the room and nobody else"""
    room, other_room = word(rng, "room"), word(rng, "other")
    text = word(rng, "hello", 16)
    names = usernames(rng, 5)
    with crowd(server) as group:
        sender, b, c, elsewhere, roomless = (group.connect(n) for n in names)
        for peer in (sender, b, c):
            peer.join(room)
        elsewhere.join(other_room)
        sender.ok("room_message", {"room": room, "text": text})
        expected = {"room": room, "from": sender.username, "text": text}
        for peer in (b, c):
            peer.expect("room_message", expected, f"{peer.username} is in {room}")
        quiet([sender, elsewhere, roomless], "room_message", lambda d: True, "only the other members of the room receive it")
        for peer in (b, c):
            assert len(peer.matching("room_message", expected)) == 1, f"{peer.username} must receive the message once"


@pytest.mark.points(2)
def test_non_member_message_refused(server, rng):
    """a room message from a socket outside the room, or without text, is refused and delivered to nobody"""
    room = word(rng, "room")
    with crowd(server) as group:
        member, outsider = (group.connect(n) for n in usernames(rng, 2))
        member.join(room)
        outsider.refused("room_message", {"room": room, "text": word(rng, "intruder")}, "the sender is not in the room")
        member.refused("room_message", {"room": room}, "no text")
        member.refused("room_message", {"room": room, "text": 42}, "a number as text")
        quiet([member, outsider], "room_message", lambda d: True, "refused messages are delivered to nobody")


@pytest.mark.points(2)
def test_leave(server, rng):
    """leave notifies the room and stops the deliveries; leaving again is refused"""
    room = word(rng, "room")
    with crowd(server) as group:
        stays, leaves = (group.connect(n) for n in usernames(rng, 2))
        stays.join(room)
        leaves.join(room)
        ack = leaves.ok("leave", {"room": room})
        assert ack.get("room") == room, f"the leave acknowledgement must carry room {room!r}, got {ack!r}"
        stays.expect("user_left", {"room": room, "username": leaves.username}, f"{leaves.username} left {room}")
        stays.ok("room_message", {"room": room, "text": word(rng, "after")})
        quiet([leaves], "room_message", lambda d: True, f"{leaves.username} left {room}")
        leaves.refused("leave", {"room": room}, "the socket is no longer in the room")


@pytest.mark.points(2)
def test_disconnect_leaves_rooms(server, rng):
    """a socket that disconnects leaves its rooms: the others receive user_left and the members drop it"""
    rooms = [word(rng, "room"), word(rng, "room")]
    stays_name, gone_name, late_name = usernames(rng, 3)
    with crowd(server) as group:
        stays, gone = group.connect(stays_name), group.connect(gone_name)
        for room in rooms:
            stays.join(room)
            gone.join(room)
        gone.close()
        for room in rooms:
            stays.expect("user_left", {"room": room, "username": gone_name}, f"{gone_name} disconnected while in {room}")
        late = group.connect(late_name)
        ack = late.join(rooms[0])
        assert ack.get("members") == sorted([stays_name, late_name]), (
            f"after {gone_name} disconnected, the members of {rooms[0]} must be {sorted([stays_name, late_name])!r}, "
            f"got {ack.get('members')!r}"
        )


@pytest.mark.public
@pytest.mark.points(3)
def test_private_message_reaches_every_socket_of_the_recipient(server, rng):
    """a private message reaches every socket of the recipient and nobody else"""
    sender_name, to_name, other_name = usernames(rng, 3)
    text = word(rng, "psst", 16)
    with crowd(server) as group:
        sender = group.connect(sender_name)
        devices = [group.connect(to_name, label=f"{to_name} (device {i})") for i in (1, 2)]
        bystander = group.connect(other_name)
        room = word(rng, "room")
        for peer in (sender, bystander, *devices):
            peer.join(room)  # sharing a room must not leak a private message
        sender.ok("private_message", {"to": to_name, "text": text})
        expected = {"from": sender_name, "to": to_name, "text": text}
        for device in devices:
            device.expect("private_message", expected, f"{device.label} belongs to the recipient")
        quiet([sender, bystander], "private_message", lambda d: True, "only the recipient receives a private message")
        for device in devices:
            assert len(device.matching("private_message", expected)) == 1, f"{device.label} must receive the message once"


@pytest.mark.points(2)
def test_private_to_offline_refused(server, rng):
    """a private message to a user who is not online is refused"""
    sender_name, gone_name = usernames(rng, 2)
    with crowd(server) as group:
        sender, gone = group.connect(sender_name), group.connect(gone_name)
        sender.refused("private_message", {"to": word(rng, "nobody"), "text": "hello?"}, "the recipient never connected")
        gone.close()
        sender.expect("presence", presence(gone_name, False), f"{gone_name} disconnected")
        sender.refused("private_message", {"to": gone_name, "text": "still there?"}, "the recipient went offline")
        sender.refused("private_message", {"to": sender_name}, "no text")


@pytest.mark.points(3)
def test_many_clients_at_once(server, rng):
    """with a dozen clients sending at once, every socket gets exactly the messages meant for it"""
    names = usernames(rng, 12)
    rooms = [word(rng, f"room{i}") for i in range(3)]
    with crowd(server) as group:
        peers = [group.connect(n) for n in names]
        room_of = {p.username: rooms[i % 3] for i, p in enumerate(peers)}
        for peer in peers:
            peer.join(room_of[peer.username])
        texts = {p.username: word(rng, "t", 12) for p in peers}
        target = {p.username: names[(i + 1) % len(names)] for i, p in enumerate(peers)}
        failures = []

        def talk(peer):
            try:
                peer.ok("room_message", {"room": room_of[peer.username], "text": texts[peer.username]})
                peer.ok("private_message", {"to": target[peer.username], "text": texts[peer.username]})
            except AssertionError as exc:
                failures.append(str(exc))

        threads = [threading.Thread(target=talk, args=(p,)) for p in peers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(WAIT * 3)
        assert not failures, failures[0]
        for peer in peers:
            me = peer.username
            for other in peers:
                if other is not peer and room_of[other.username] == room_of[me]:
                    peer.expect("room_message", {"room": room_of[me], "from": other.username, "text": texts[other.username]},
                                f"{other.username} wrote in {room_of[me]}")
            sender = names[(names.index(me) - 1) % len(names)]
            peer.expect("private_message", {"from": sender, "to": me, "text": texts[sender]}, f"{sender} wrote to {me}")
        time.sleep(QUIET)
        for peer in peers:
            rooms_got, private_got = peer.of("room_message"), peer.of("private_message")
            assert len(rooms_got) == 3 and all(d.get("room") == room_of[peer.username] for d in rooms_got), (
                f"{peer.username} must receive exactly the 3 messages of the others in its room, got {rooms_got!r}"
            )
            assert len(private_got) == 1, f"{peer.username} must receive exactly one private message, got {private_got!r}"


@pytest.mark.points(1)
def test_long_polling_transport(server, rng):
    """the same works over HTTP long-polling: join, room and private messages"""
    room = word(rng, "room")
    first, second = usernames(rng, 2)
    text = word(rng, "polled", 16)
    with crowd(server) as group:
        a = group.connect(first, transports=("polling",))
        b = group.connect(second, transports=("polling",))
        a.join(room)
        b.join(room)
        a.ok("room_message", {"room": room, "text": text})
        b.expect("room_message", {"room": room, "from": first, "text": text}, f"{second} is in {room}")
        b.ok("private_message", {"to": first, "text": text})
        a.expect("private_message", {"from": second, "to": first, "text": text}, f"{second} wrote to {first}")
