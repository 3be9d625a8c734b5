"""Malformed and hostile input on the REST webhook and the web chat socket: property-based.

Hypothesis sends 1,000 REST requests and 400 socket.io events (plus 200 raw requests to the
socket.io endpoint) to the real server: invalid JSON, wrong types, empty and white-space
messages, 10,000+ characters, control characters, lone surrogates, emoji, right-to-left
text, HTML/JS, broken intent triggers, huge sender ids. Never a server error, never a crash,
an answer within a bounded time; a message over the length limit gets the Dutch explanation.
"""

from __future__ import annotations

import json
import queue
import time
import uuid

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels import incoming, rest
from bot.channels.incoming import MAX_MESSAGE_CHARS
from tests.unit.helpers import response_text

pytestmark = pytest.mark.server

TIME_LIMIT_S = 10  # one request, answer included
FUZZ = settings(
    max_examples=1000,
    deadline=None,
    database=None,  # nothing written into the project
    derandomize=True,  # the same cases on every run: a failure can be reproduced
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# ---- what hostile users type --------------------------------------------------------------

HOSTILE_TEXTS = st.sampled_from(
    [
        "",
        " ",
        "\n\t \r\n",
        "\x00",
        "nul\x00in het midden",
        "\x1b[31mrood\x1b[0m",
        "😟😟😟 mag ik melden? 👩‍👧",
        "مرحبا، هل يمكنني الإبلاغ؟",  # right-to-left
        "\u202emoet ik melden?\u202c",  # right-to-left override
        "<script>alert('x')</script>",
        '<img src=x onerror="alert(1)">',
        "'; DROP TABLE events; --",
        "{{7*7}} ${7*7}",
        "/",
        "//",
        "/affirm{",
        '/affirm{"vermoeden": ',
        "/onbekend_intent",
        "/faq/",
        "/restart",
        "/session_start",
        "/message_too_long",
        "\ud800 los surrogaat",
        "a" * (MAX_MESSAGE_CHARS + 1),
        "zorgen " * 2000,  # 14,000 characters
        "x" * 100_000,
        "mag ik melden zonder toestemming?",
    ]
)
TEXTS = st.one_of(HOSTILE_TEXTS, st.text(max_size=300), st.text(min_size=1900, max_size=2100))
SENDERS = st.one_of(
    st.builds(lambda: f"fuzz-{uuid.uuid4().hex[:12]}"),
    st.sampled_from(["", " ", "a" * 129, "a" * 10_000, "x\ny", "\x00", "ok\ud800"]),
    st.text(max_size=140),
    st.integers(),
    st.none(),
    st.lists(st.integers(), max_size=2),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(), children),
    max_leaves=8,
)


@st.composite
def rest_bodies(draw) -> tuple[bytes, object]:
    """(the bytes sent, the parsed JSON or a marker for invalid JSON)."""
    kind = draw(st.sampled_from(["shaped", "shaped", "shaped", "any_json", "bytes"]))
    if kind == "bytes":
        raw = draw(st.binary(max_size=200) | st.sampled_from([b"", b"{", b'{"sender":', b"\xff"]))
        try:
            return raw, json.loads(raw)
        except ValueError:
            return raw, INVALID
    if kind == "any_json":
        value = draw(JSON_VALUES)
    else:
        value = {}
        if draw(st.integers(0, 9)) > 0:
            value["sender"] = draw(SENDERS)
        if draw(st.integers(0, 9)) > 0:
            value["message"] = draw(TEXTS | JSON_VALUES)
        if draw(st.integers(0, 4)) == 0:
            value["metadata"] = draw(JSON_VALUES)
        if draw(st.integers(0, 9)) == 0:
            value["input_channel"] = draw(st.text(max_size=10))
    return json.dumps(value).encode(), value


INVALID = object()


def check_reply(status: int, body: object, sent: object, size: int = 0) -> None:
    """What the webhook must answer to what was sent (``size``: of the body, in bytes)."""
    assert status < 500
    if size > rest.MAX_BODY_BYTES:
        assert status == 413 and body["error"] == rest.TOO_LARGE
        return
    if sent is INVALID or not isinstance(sent, dict):
        assert status == 400 and body["error"] == rest.NOT_AN_OBJECT
        return
    read = rest.read(sent)
    if isinstance(read, str):
        assert status == 400 and body["error"] == read
        assert body["message"] == rest.error_messages()[read]  # Dutch, for the developer
        return
    assert status == 200 and isinstance(body, list)
    said = "\n\n".join(reply.get("text", "") for reply in body)
    if read.text == "/message_too_long":  # after the welcome, for a new conversation
        assert said.endswith(response_text("utter_message_too_long"))
    elif not read.text.startswith("/"):  # an intent trigger such as /restart may say nothing
        assert body, f"no answer to {read.text[:80]!r}"


def test_the_rest_webhook_survives_hostile_input(rasa_server):
    @FUZZ
    @given(rest_bodies())
    def one_request(case):
        raw, sent = case
        started = time.monotonic()
        response = requests.post(
            f"{rasa_server.url}/webhooks/rest/webhook",
            data=raw,
            headers={"Content-Type": "application/json"},
            timeout=TIME_LIMIT_S,
        )
        assert time.monotonic() - started < TIME_LIMIT_S
        check_reply(response.status_code, response.json(), sent, len(raw))

    one_request()
    assert_still_answering(rasa_server)


def assert_still_answering(rasa_server) -> None:
    assert requests.get(f"{rasa_server.url}/status", timeout=10).ok
    replies = rasa_server.send(f"fuzz-after-{uuid.uuid4().hex[:8]}", "wat is disclosure?")
    assert any("disclosure" in reply.get("text", "").lower() for reply in replies)


def test_an_over_long_message_inside_a_dialog_keeps_the_open_question(rasa_server):
    sender = f"fuzz-form-{uuid.uuid4().hex[:8]}"
    rasa_server.send(sender, "moet ik dit melden?")
    replies = rasa_server.send(sender, "Het gaat om het volgende. " * 200)
    assert "\n\n".join(r["text"] for r in replies) == response_text("utter_message_too_long")
    # The form is still at its first question: "ja" answers it and brings the second one.
    replies = rasa_server.send(sender, "/affirm")
    assert response_text("utter_ask_onveiligheid") in "\n\n".join(r["text"] for r in replies)


def test_acute_danger_in_an_over_long_message_is_not_missed(rasa_server):
    text = "Ik schrijf alles op wat ik heb gezien. " * 80 + "Hij heeft nu een mes en dreigt."
    replies = rasa_server.send(f"fuzz-danger-{uuid.uuid4().hex[:8]}", text)
    assert response_text("utter_acute_danger") in "\n\n".join(r["text"] for r in replies)


# ---- paths: every route, with and without slashes and odd spellings ------------------------

ROUTES = [
    "/webhooks/rest/webhook",
    "/webhooks/rest",
    "/webhooks/teams/webhook",
    "/webhooks/webchat",
    # Rasa's own API routes (/model/parse, /conversations/...) are left out: stock Rasa answers
    # some well-formed JSON objects there with a 500 (e.g. /model/parse without "text"); the
    # HTTP guard refuses what is not a JSON object, and in production they need the token.
    "/conversations/fuzz/tracker",
    "/status",
    "/version",
    "/socket.io",
    "",
]
PATH_CHANGES = st.sampled_from(
    ["", "/", "//", "/.", "/..", "/%2F", "%00", "/x", "?stream=true", "?x=%ff", "/webhook/", "#"]
)


@settings(FUZZ, max_examples=300)
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD", "PATCH"]),
    route=st.sampled_from(ROUTES),
    change=PATH_CHANGES,
    upper=st.booleans(),
    body=st.sampled_from([b"", b"{", b'{"sender": "fuzz-pad", "message": "hoi"}', b"[1]"]),
)
def test_no_path_gives_a_server_error(rasa_server, method, route, change, upper, body):
    """E.g. POST /webhooks/rest/webhook/ (trailing slash) was a 500 (issue #17)."""
    path = (route.upper() if upper else route) + change
    response = requests.request(
        method,
        rasa_server.url + (path if path.startswith("/") else "/" + path),
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=TIME_LIMIT_S,
    )
    assert response.status_code < 500, (method, path, response.text[:300])


def test_the_webhook_with_a_trailing_slash_answers_like_without(rasa_server):
    body = {"sender": f"fuzz-slash-{uuid.uuid4().hex[:8]}", "message": "wat is disclosure?"}
    response = requests.post(f"{rasa_server.url}/webhooks/rest/webhook/", json=body, timeout=30)
    assert response.status_code == 200
    assert any("disclosure" in reply.get("text", "").lower() for reply in response.json())
    bad = requests.post(f"{rasa_server.url}/webhooks/rest/webhook/", json=[1], timeout=30)
    assert bad.status_code == 400 and bad.json()["error"] == rest.NOT_AN_OBJECT


# ---- socket.io (the web chat widget's channel) --------------------------------------------

SOCKET_PAYLOADS = st.one_of(
    st.fixed_dictionaries({"message": TEXTS}),
    st.fixed_dictionaries({"message": TEXTS, "session_id": SENDERS}),
    JSON_VALUES,
    st.binary(max_size=50),
)
SOCKET_EVENTS = st.sampled_from(["user_uttered", "user_uttered", "session_request", "onbekend"])


@pytest.fixture
def web_client(rasa_server, web_port):
    import socketio

    # WebSocket, as the widget uses first (websocket-client would add a second Origin header
    # of its own: suppressed, ours is the allowed site).
    client = socketio.Client(reconnection=False, websocket_extra_options={"suppress_origin": True})
    replies: queue.Queue = queue.Queue()
    sessions: queue.Queue = queue.Queue()
    client.on("bot_uttered", replies.put)
    client.on("session_confirm", sessions.put)
    client.connect(
        rasa_server.url,
        headers={"Origin": f"http://127.0.0.1:{web_port}"},
        transports=["websocket"],
        socketio_path="/socket.io",
        wait_timeout=20,
    )
    client.emit("session_request", {"session_id": None})
    sessions.get(timeout=20)
    yield client, replies
    client.disconnect()


def drain(replies: queue.Queue, first_within: float) -> list:
    """The replies of one turn: the first within ``first_within`` s, then until quiet."""
    try:
        got = [replies.get(timeout=first_within)]
    except queue.Empty:
        return []
    while True:
        try:
            got.append(replies.get(timeout=0.3))
        except queue.Empty:
            return got


def test_the_web_chat_socket_survives_hostile_events(rasa_server, web_client):
    client, replies = web_client

    @settings(FUZZ, max_examples=400)
    @given(SOCKET_EVENTS, SOCKET_PAYLOADS)
    def one_event(event, payload):
        text = payload.get("message") if isinstance(payload, dict) else None
        cleaned = incoming.clean_text(text) if isinstance(text, str) else ""
        client.emit(event, payload)
        if event == "user_uttered" and cleaned:
            # An intent trigger such as /restart may say nothing: wait less, do not insist.
            got = drain(replies, 3 if cleaned.startswith("/") else TIME_LIMIT_S)
            assert got or cleaned.startswith("/"), f"no answer to {cleaned[:80]!r}"
            if len(cleaned) > MAX_MESSAGE_CHARS:
                texts = [reply.get("text") for reply in got]
                assert (
                    response_text("utter_message_too_long") in texts
                    or response_text("utter_acute_danger") in texts
                )
        assert client.connected

    one_event()
    assert client.connected
    client.emit("user_uttered", {"message": "wat is disclosure?"})
    assert drain(replies, TIME_LIMIT_S)
    assert_still_answering(rasa_server)


@settings(FUZZ, max_examples=200)
@given(
    method=st.sampled_from(["GET", "POST"]),
    query=st.dictionaries(
        st.sampled_from(["EIO", "transport", "sid", "t", "b64"]), st.text(max_size=30)
    ),
    body=st.binary(max_size=300),
)
def test_the_socket_endpoint_never_fails_on_garbage(rasa_server, method, query, body):
    response = requests.request(
        method, f"{rasa_server.url}/socket.io/", params=query, data=body, timeout=TIME_LIMIT_S
    )
    assert response.status_code < 500
