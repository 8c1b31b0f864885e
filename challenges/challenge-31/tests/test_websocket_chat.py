"""Hidden suite of challenge-31 (websocket-chat): Socket.io events, acks, rooms and namespaces."""

import contextlib
import queue
import string

import pytest
import socketio

from grader.testing import assert_status, json_body

WAIT = 3.0  # seconds to wait for an expected event
QUIET = 0.5  # seconds during which an unexpected event must not arrive
CHAT_EVENTS = ("joined", "left", "message", "announcement")


# --- helpers -------------------------------------------------------------------------------

def random_word(rng, prefix, length=8):
    return f"{prefix}-" + "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(length))


class Peer:
    """One python-socketio client that records the /chat events it receives."""

    def __init__(self, url, namespaces=("/chat",), auth=None, transports=("websocket",), label="client"):
        self.label = label
        self.transports = tuple(transports)
        self.sio = socketio.Client(reconnection=False)
        self.events = {event: queue.Queue() for event in CHAT_EVENTS}
        for event in CHAT_EVENTS:
            self.sio.on(event, self._recorder(event), namespace="/chat")
        try:
            self.sio.connect(url, namespaces=list(namespaces), auth=auth, transports=list(transports), wait_timeout=WAIT)
        except socketio.exceptions.ConnectionError as exc:
            self.close()
            raise AssertionError(
                f"{label}: a Socket.io client could not connect to {', '.join(namespaces)} "
                f"over {'/'.join(transports)} at {url}/socket.io: {exc}"
            ) from None

    def _recorder(self, event):
        def record(data=None, *rest):
            self.events[event].put(data)
        return record

    @property
    def chat_sid(self):
        return self.sio.get_sid(namespace="/chat")

    def emit(self, event, data, namespace="/chat"):
        self.sio.emit(event, data, namespace=namespace)

    def expect(self, event, why):
        try:
            return self.events[event].get(timeout=WAIT)
        except queue.Empty:
            raise AssertionError(f"{self.label} received no '{event}' event within {WAIT:g}s ({why})") from None

    def expect_nothing(self, event, why, wait=QUIET):
        try:
            data = self.events[event].get(timeout=wait)
        except queue.Empty:
            return
        raise AssertionError(f"{self.label} must not receive this '{event}' event ({why}), got {data!r}")

    def received(self, event, wait=QUIET):
        """Whether an `event` arrives within `wait` seconds."""
        try:
            self.events[event].get(timeout=wait)
        except queue.Empty:
            return False
        return True

    def join(self, room):
        self.emit("join", {"room": room})
        data = self.expect("joined", f"after emitting join {{'room': {room!r}}}")
        assert isinstance(data, dict) and data.get("room") == room, (
            f"'joined' must carry {{'room': {room!r}}}, got {data!r}"
        )

    def leave(self, room):
        self.emit("leave", {"room": room})
        data = self.expect("left", f"after emitting leave {{'room': {room!r}}}")
        assert isinstance(data, dict) and data.get("room") == room, (
            f"'left' must carry {{'room': {room!r}}}, got {data!r}"
        )

    def close(self):
        with contextlib.suppress(Exception):
            if self.transports == ("websocket",):
                self.sio.disconnect()
            else:
                # A polling client's graceful disconnect can wait up to 30 s for its pending long-poll
                # GET: close the Engine.IO session without waiting (its reader is a daemon thread).
                self.sio.eio.disconnect(abort=True)


@contextlib.contextmanager
def peers(server, *labels, **options):
    """Connected Peers, always disconnected afterwards."""
    opened = []
    try:
        for label in labels:
            opened.append(Peer(server.base_url, label=label, **options))
        yield opened if len(opened) > 1 else opened[0]
    finally:
        for peer in opened:
            peer.close()


def assert_message(data, room, text, sender):
    assert isinstance(data, dict), f"a 'message' must carry an object, got {data!r}"
    assert data.get("room") == room, f"message room must be {room!r}, got {data.get('room')!r}"
    assert data.get("text") == text, f"message text must be {text!r}, got {data.get('text')!r}"
    assert data.get("from") == sender, f"message from must be the sender's /chat socket id {sender!r}, got {data.get('from')!r}"


def ping(peer, payload):
    try:
        reply = peer.sio.call("ping", payload, namespace="/", timeout=WAIT)
    except socketio.exceptions.TimeoutError:
        raise AssertionError(f"'ping' was not acknowledged within {WAIT:g}s") from None
    assert isinstance(reply, dict), f"the ping acknowledgement must be an object, got {reply!r}"
    assert reply.get("pong") is True, f"the acknowledgement must have pong: true, got {reply!r}"
    assert reply.get("echo") == payload, f"the acknowledgement must echo {payload!r}, got {reply.get('echo')!r}"


def admin_refused(server, auth):
    """True when an /admin connection with this auth is refused."""
    client = socketio.Client(reconnection=False)
    try:
        client.connect(server.base_url, namespaces=["/admin"], auth=auth, transports=["websocket"], wait_timeout=WAIT)
    except socketio.exceptions.ConnectionError:
        return True
    finally:
        with contextlib.suppress(Exception):
            client.disconnect()
    return False


# --- checks --------------------------------------------------------------------------------

@pytest.mark.public
@pytest.mark.points(1)
def test_http_status(client):
    """GET / answers {"status": "ok"} next to Socket.io"""
    response = client.get("/")
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict) and body.get("status") == "ok", f'GET / must answer {{"status": "ok"}}, got {body!r}'


@pytest.mark.public
@pytest.mark.points(2)
def test_ping_is_acknowledged(server, rng):
    """ping on the default namespace is acknowledged with pong and the echoed payload"""
    with peers(server, "client", namespaces=("/",)) as peer:
        ping(peer, {"n": rng.randint(1, 10**6), "word": random_word(rng, "w"), "list": [rng.random(), None, True]})
        ping(peer, random_word(rng, "plain"))


@pytest.mark.public
@pytest.mark.points(2)
def test_room_message_reaches_members(server, rng):
    """A message to a room reaches every member, the sender included, with room, text and from"""
    room, text = random_word(rng, "room"), random_word(rng, "hello", 16)
    with peers(server, "alice", "bob") as (alice, bob):
        alice.join(room)
        bob.join(room)
        alice.emit("message", {"room": room, "text": text})
        assert_message(alice.expect("message", "the sender is in the room"), room, text, alice.chat_sid)
        assert_message(bob.expect("message", "bob is in the room"), room, text, alice.chat_sid)


@pytest.mark.points(2)
def test_outsiders_receive_nothing(server, rng):
    """Sockets outside the room receive none of its messages"""
    room, other_room = random_word(rng, "room"), random_word(rng, "other")
    text, other_text = random_word(rng, "secret", 16), random_word(rng, "elsewhere", 16)
    with peers(server, "alice", "bob", "carol", "dave") as (alice, bob, carol, dave):
        alice.join(room)
        bob.join(room)
        carol.join(other_room)
        # only receivers other than the sender: that the sender gets its own message is
        # its own check's subject
        bob.emit("message", {"room": room, "text": text})
        assert_message(alice.expect("message", "alice is in the room"), room, text, bob.chat_sid)
        carol.expect_nothing("message", f"carol is only in {other_room!r}")
        dave.expect_nothing("message", "dave joined no room", wait=0.1)
        dave.join(other_room)
        carol.emit("message", {"room": other_room, "text": other_text})
        assert_message(dave.expect("message", f"dave is in {other_room!r}"), other_room, other_text, carol.chat_sid)
        alice.expect_nothing("message", f"alice is not in {other_room!r}", wait=0.2)


@pytest.mark.points(2)
def test_leave_stops_messages(server, rng):
    """After leave (confirmed by 'left'), a socket no longer receives the room's messages"""
    room, text = random_word(rng, "room"), random_word(rng, "after", 16)
    with peers(server, "alice", "bob", "carol", "dave") as (alice, bob, carol, dave):
        alice.join(room)
        bob.join(room)
        carol.join(room)
        bob.leave(room)
        carol.emit("message", {"room": room, "text": text})
        assert_message(alice.expect("message", "alice is still in the room"), room, text, carol.chat_sid)
        if dave.received("message", wait=0.3):
            return  # dave joined no room: messages reach everyone, its own check's failure
        bob.expect_nothing("message", f"bob left {room!r}", wait=0)


@pytest.mark.points(2)
def test_admin_requires_token(server, config, rng):
    """/admin accepts ADMIN_TOKEN and refuses a missing or wrong token"""
    token = config["env"]["ADMIN_TOKEN"]
    with peers(server, "admin", namespaces=("/admin",), auth={"token": token}):
        pass
    assert admin_refused(server, None), "/admin must refuse a connection without an auth token"
    assert admin_refused(server, {"token": random_word(rng, "wrong", 20)}), "/admin must refuse a wrong token"
    assert admin_refused(server, {"token": token.upper()}), "/admin must refuse a token that differs in case"


@pytest.mark.points(2)
def test_admin_broadcast_reaches_all_chat_sockets(server, config, rng):
    """An admin broadcast reaches every /chat socket as an announcement"""
    text = random_word(rng, "notice", 16)
    with peers(server, "alice", "bob") as (alice, bob):
        alice.join(random_word(rng, "room"))
        with peers(server, "admin", namespaces=("/admin",), auth={"token": config["env"]["ADMIN_TOKEN"]}) as admin:
            admin.emit("broadcast", {"text": text}, namespace="/admin")
            for peer, why in ((alice, "alice is in a room"), (bob, "bob is in /chat without a room")):
                data = peer.expect("announcement", why)
                assert isinstance(data, dict) and data.get("text") == text, (
                    f"'announcement' must carry {{'text': {text!r}}}, got {data!r}"
                )


@pytest.mark.points(1)
def test_admin_token_from_environment(server, config, rng):
    """ADMIN_TOKEN is read from the environment"""
    token = random_word(rng, "token", 24)
    server.restart(env={"ADMIN_TOKEN": token})
    # the new token accepted; refusing other tokens is its own check's subject
    with peers(server, "admin", namespaces=("/admin",), auth={"token": token}):
        pass


@pytest.mark.points(1)
def test_long_polling_transport(server, rng):
    """The same works over HTTP long-polling: join and room messages"""
    room, text = random_word(rng, "room"), random_word(rng, "polled", 16)
    with peers(server, "poller", "listener", transports=("polling",)) as (peer, listener):
        peer.join(room)
        listener.join(room)
        peer.emit("message", {"room": room, "text": text})
        assert_message(listener.expect("message", "the listener is in the room"), room, text, peer.chat_sid)


@pytest.mark.points(1)
def test_socket_in_several_rooms(server, rng):
    """A socket in several rooms receives each room's messages, with the right room"""
    first, second = random_word(rng, "one"), random_word(rng, "two")
    with peers(server, "alice", "bob", "carol") as (alice, bob, carol):
        alice.join(first)
        alice.join(second)
        bob.join(first)
        carol.join(second)
        texts = {first: random_word(rng, "to-one", 12), second: random_word(rng, "to-two", 12)}
        bob.emit("message", {"room": first, "text": texts[first]})
        carol.emit("message", {"room": second, "text": texts[second]})
        got = [alice.expect("message", "alice is in both rooms") for _ in range(2)]
        senders = {first: bob.chat_sid, second: carol.chat_sid}
        for data in got:
            assert isinstance(data, dict) and data.get("room") in texts, f"unexpected message {data!r}"
            assert_message(data, data["room"], texts[data["room"]], senders[data["room"]])
        assert {d["room"] for d in got} == {first, second}, "alice must receive one message from each room"
        # that bob gets nothing of the second room is its own check's kind of case
