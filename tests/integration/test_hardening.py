"""What a red-team pass found (issue #17), against the real development server (`make run`).

REST metadata and oversize bodies, floods on one conversation, replayed web chat sessions and
the old room after "Nieuw gesprek", cross-origin writes, Markdown in echoed answers.
"""

from __future__ import annotations

import json
import queue
import sqlite3
import time
import uuid

import pytest
import requests

from bot.channels import flood, rest
from tests.integration.conftest import refusal_counts
from tests.unit.helpers import response_text

pytestmark = pytest.mark.server


def new_sender() -> str:
    return f"hard-{uuid.uuid4().hex[:12]}"


def stored_rows(rasa_server, sender):
    with sqlite3.connect(rasa_server.tracker_db) as db:
        return db.execute(
            "SELECT type_name, data FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()


def joined(replies) -> str:
    return "\n\n".join(reply.get("text", "") for reply in replies)


# ---- 1. REST metadata and body size ---------------------------------------------------------


def test_rest_metadata_is_not_stored_and_the_welcome_comes(rasa_server):
    sender = new_sender()
    response = requests.post(
        f"{rasa_server.url}/webhooks/rest/webhook",
        json={
            "sender": sender,
            "message": "hoi",
            "metadata": {"naam": "Sanne de Vries", "klas": "groep 5b", "geheim": "xyzzy-42"},
        },
        timeout=30,
    )
    assert response.status_code == 200
    assert joined(response.json()).startswith(response_text("utter_welcome"))
    rows = stored_rows(rasa_server, sender)
    assert rows
    for _, data in rows:
        assert "Sanne" not in data and "xyzzy-42" not in data and "naam" not in data
    slots = [json.loads(data) for kind, data in rows if kind == "slot"]
    for slot in slots:
        if slot["name"] == "session_started_metadata":
            assert not slot["value"]


def test_an_oversize_body_is_refused_in_dutch_and_nothing_is_stored(rasa_server):
    sender = new_sender()
    body = {"sender": sender, "message": "hoi", "metadata": {"blob": "x" * 50_000}}
    response = requests.post(f"{rasa_server.url}/webhooks/rest/webhook", json=body, timeout=30)
    assert response.status_code == 413
    assert response.json() == {
        "error": rest.TOO_LARGE,
        "message": rest.error_messages()[rest.TOO_LARGE],
    }
    assert stored_rows(rasa_server, sender) == []
    # The same through the HTTP API.
    api = requests.post(
        f"{rasa_server.url}/conversations/{sender}/messages",
        json={"text": "x" * 200_000, "sender": "user"},
        timeout=30,
    )
    assert api.status_code == 413
    assert stored_rows(rasa_server, sender) == []


# ---- 7. cross-origin writes in development ------------------------------------------------


@pytest.mark.parametrize(
    "path,body",
    [
        ("/webhooks/rest/webhook", '{"sender": "%s", "message": "hoi"}'),
        ("/conversations/%s/messages", '{"text": "hoi", "sender": "user"}'),
    ],
)
def test_a_foreign_page_cannot_post_into_the_local_bot(rasa_server, web_port, path, body):
    sender = new_sender()
    url = rasa_server.url + (path % sender if "%s" in path else path)
    data = body % sender if "%s" in body else body
    # A "simple" cross-origin request: text/plain, no preflight; the browser sends the Origin.
    refused = requests.post(
        url,
        data=data,
        headers={"Content-Type": "text/plain", "Origin": "http://evil.example"},
        timeout=30,
    )
    assert refused.status_code == 403
    assert refused.json()["message"] == rest.error_messages()[rest.ORIGIN_NOT_ALLOWED]
    assert stored_rows(rasa_server, sender) == []
    # The demo page's own origin, and programs without an Origin, still may.
    for headers in ({"Origin": f"http://127.0.0.1:{web_port}"}, {}):
        ok = requests.post(
            url, data=data, headers={"Content-Type": "application/json", **headers}, timeout=60
        )
        assert ok.status_code == 200


# ---- socket.io helpers ----------------------------------------------------------------------


class WebClient:
    def __init__(self, url: str, origin: str | None):
        import socketio

        self.replies: queue.Queue = queue.Queue()
        self.sessions: queue.Queue = queue.Queue()
        self.client = socketio.Client(
            reconnection=False, websocket_extra_options={"suppress_origin": True}
        )
        self.client.on("bot_uttered", self.replies.put)
        self.client.on("session_confirm", self.sessions.put)
        self.client.connect(
            url,
            headers={"Origin": origin} if origin else {},
            transports=["websocket"],
            socketio_path="/socket.io",
            wait_timeout=20,
        )

    def session(self, session_id=None, page_key=None) -> str:
        self.client.emit("session_request", {"session_id": session_id, "page_key": page_key})
        return self.sessions.get(timeout=20)

    def say(self, text: str) -> None:
        self.client.emit("user_uttered", {"message": text})

    def texts(self, first_within: float, quiet: float = 1.0) -> list:
        try:
            got = [self.replies.get(timeout=first_within)]
        except queue.Empty:
            return []
        while True:
            try:
                got.append(self.replies.get(timeout=quiet))
            except queue.Empty:
                return [reply.get("text") for reply in got]

    def close(self) -> None:
        self.client.disconnect()


@pytest.fixture
def origin(web_port) -> str:
    return f"http://127.0.0.1:{web_port}"


def page_key() -> str:
    return uuid.uuid4().hex + uuid.uuid4().hex


def events_of(rasa_server, session_id) -> list:
    tracker = requests.get(f"{rasa_server.url}/conversations/{session_id}/tracker", timeout=30)
    return tracker.json()["events"]


# ---- 3. web chat sessions -------------------------------------------------------------------


def test_a_replayed_session_id_without_its_page_key_gets_a_new_session(rasa_server, origin):
    alice = WebClient(rasa_server.url, origin)
    key = page_key()
    alice_id = alice.session(None, key)
    alice.say("hoi")
    assert alice.texts(30)
    try:
        # A client without an Origin header (not a browser) replays Alice's id.
        for replayer_origin, replayed_key in ((None, None), (None, page_key()), (origin, None)):
            mallory = WebClient(rasa_server.url, replayer_origin)
            try:
                assert mallory.session(alice_id, replayed_key) != alice_id
            finally:
                mallory.close()
        # Alice herself, after a reload (same tab, same page key), continues.
        again = WebClient(rasa_server.url, origin)
        try:
            assert again.session(alice_id, key) == alice_id
        finally:
            again.close()
    finally:
        alice.close()


def test_after_a_new_conversation_the_socket_hears_nothing_of_the_old_one(rasa_server, origin):
    key = page_key()
    first = WebClient(rasa_server.url, origin)
    old_id = first.session(None, key)
    first.say("hoi")
    assert first.texts(30)
    assert first.session(None, page_key()) != old_id  # "Nieuw gesprek"
    # Another tab of the old conversation (same storage) goes on talking in it.
    other = WebClient(rasa_server.url, origin)
    try:
        assert other.session(old_id, key) == old_id
        other.say("wat is disclosure?")
        assert other.texts(30)
        assert first.texts(3) == []
    finally:
        other.close()
        first.close()


# ---- 2. floods --------------------------------------------------------------------------------


def refusals_before(rasa_server, channel: str, reason: str) -> int:
    counts = refusal_counts(rasa_server.log_since(0), channel, reason)
    return counts[-1] if counts else 0


def test_a_flood_on_one_socket_loses_nothing_and_others_stay_fast(rasa_server, origin):
    flooder = WebClient(rasa_server.url, origin)
    session_id = flooder.session(None, page_key())
    count = 120
    busy = flood.notices()[flood.TOO_MANY_MESSAGES]
    mark = rasa_server.log_mark()
    before = refusals_before(rasa_server, "Web chat", flood.TOO_MANY_MESSAGES)
    try:
        for _ in range(count):
            flooder.say("/thank")
        # Meanwhile someone else asks a question: answered quickly.
        started = time.monotonic()
        assert rasa_server.send(new_sender(), "wat is disclosure?")
        assert time.monotonic() - started < 10
        texts = flooder.texts(30, quiet=5)
    finally:
        flooder.close()
    refused = texts.count(busy)
    answered = [e for e in events_of(rasa_server, session_id) if e["event"] == "user"]
    assert refused > 0
    assert len(answered) + refused == count  # every message answered or refused, none lost
    # Each refusal of this flood is logged with the running count, and only those.
    logged = refusal_counts(rasa_server.log_since(mark), "Web chat", flood.TOO_MANY_MESSAGES)
    assert logged == list(range(before + 1, before + refused + 1))


def test_a_rest_flood_on_one_conversation_gets_the_notice(rasa_server):
    import asyncio

    import aiohttp

    sender = new_sender()
    rasa_server.send(sender, "hoi")
    busy = flood.notices()[flood.TOO_MANY_MESSAGES]
    count = 40
    mark = rasa_server.log_mark()
    before = refusals_before(rasa_server, "REST webhook", flood.TOO_MANY_MESSAGES)

    async def all_at_once():
        # Each turn calls the action server (the form), so the turns overlap in the server.
        body = {"sender": sender, "message": "moet ik dit melden?"}
        async with aiohttp.ClientSession() as session:

            async def one():
                url = f"{rasa_server.url}/webhooks/rest/webhook"
                async with session.post(url, json=body) as response:
                    assert response.status == 200
                    return await response.json()

            return await asyncio.gather(*(one() for _ in range(count)))

    answers = asyncio.run(all_at_once())
    assert all(answers)  # nobody gets silence
    refused = sum(1 for a in answers if joined(a) == busy)
    answered = [e for e in events_of(rasa_server, sender) if e["event"] == "user"]
    assert refused > 0 and len(answered) - 1 + refused == count
    logged = refusal_counts(rasa_server.log_since(mark), "REST webhook", flood.TOO_MANY_MESSAGES)
    assert logged == list(range(before + 1, before + refused + 1))


# ---- 6. Markdown in echoed answers ------------------------------------------------------------


def test_a_link_typed_as_an_answer_is_echoed_as_text(rasa_server):
    from bot import melden_zonder_toestemming as mzt

    sender = new_sender()
    rasa_server.send(sender, "ik wil zonder toestemming melden, help me onderbouwen")
    link = "[klik](https://evil.example/login)"
    answers = [
        f"zie {link} voor het dossier",
        "nee, hulp met toestemming is al geprobeerd",
        "de ouders weigeren elk gesprek",
        "de bescherming van het kind weegt zwaarder",
        "alleen de feiten uit het dossier, aan veilig thuis",
    ]
    for answer in answers[: len(mzt.VRAGEN)]:
        replies = rasa_server.send(sender, answer)
    rationale = joined(replies)
    assert r"\[klik\](https://evil.example/login)" in rationale
    assert link not in rationale
