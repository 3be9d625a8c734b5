"""The production settings (`make serve`) with real PostgreSQL and Redis: nothing is open.

Starts scripts/serve.py as an operator would and checks from outside: the HTTP API and the
REST webhook answer 401 without the token, CORS answers only the configured origin.
"""

from __future__ import annotations

import os
import queue
import secrets
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from requests.adapters import HTTPAdapter

from bot.channels import flood
from tests.integration.conftest import (
    ROOT,
    free_port,
    read_since,
    refusal_counts,
    wait_until,
)

pytestmark = pytest.mark.server

TOKEN = "prod-test-token-" + "x" * 24
ORIGIN = "https://www.school.example"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
RATE_LIMIT = "5/60"  # per client address: the rate-limit tests use an address of their own
RATE_BURST = int(RATE_LIMIT.split("/")[0])


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    import uuid

    import sqlalchemy as sa

    database = f"meldcode_prod_{uuid.uuid4().hex[:8]}"
    port = free_port()
    env = {
        **os.environ,
        "RASA_TELEMETRY_ENABLED": "false",
        "MELDCODE_API_TOKEN": TOKEN,
        "MELDCODE_ACTION_SERVER_URL": "http://127.0.0.1:9/webhook",
        "MELDCODE_DB_HOST": "127.0.0.1",
        "MELDCODE_DB_PORT": "5432",
        "MELDCODE_DB_NAME": database,
        "MELDCODE_DB_USER": "postgres",
        "MELDCODE_DB_PASSWORD": "",
        "MELDCODE_REDIS_HOST": "127.0.0.1",
        "MELDCODE_REDIS_PORT": "6379",
        "MELDCODE_REDIS_DB": "7",
        "MELDCODE_WEB_ORIGINS": ORIGIN,
        "MELDCODE_WEB_SESSION_SECRET": "prod-test-secret",
        "MELDCODE_INTERFACE": "127.0.0.1",
        "MELDCODE_PORT": str(port),
        "MELDCODE_RATE_LIMIT": RATE_LIMIT,
    }
    log = tmp_path_factory.mktemp("prod") / "rasa.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "scripts.serve"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(f"{url}/", process, log)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:  # the model is loaded after the first answer of /
            status = requests.get(f"{url}/status", headers=AUTH, timeout=10)
            if status.ok and status.json().get("model_file"):
                break
            time.sleep(1)
        production_server.pid = process.pid  # type: ignore[attr-defined]
        production_server.log = log  # type: ignore[attr-defined]
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        admin = sa.create_engine(
            "postgresql://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", "/status"),
        ("GET", "/conversations/someone/tracker"),
        ("POST", "/conversations/someone/messages"),
        ("POST", "/model/parse"),
        ("POST", "/webhooks/rest/webhook"),
    ],
)
def test_api_and_rest_webhook_refuse_requests_without_the_token(production_server, method, path):
    body = {"text": "hoi", "sender": "x", "message": "hoi"}
    response = requests.request(method, production_server + path, json=body, timeout=30)
    assert response.status_code == 401
    wrong = requests.request(
        method, production_server + path + "?token=wrong", json=body, timeout=30
    )
    assert wrong.status_code == 401
    # The right token in the URL does not count either: URLs end up in access logs.
    in_url = requests.request(
        method, production_server + path + f"?token={TOKEN}", json=body, timeout=30
    )
    assert in_url.status_code == 401
    assert TOKEN not in in_url.text


def test_with_the_token_in_the_header_they_answer(production_server):
    assert requests.get(f"{production_server}/status", headers=AUTH, timeout=30).ok
    parse = requests.post(
        f"{production_server}/model/parse", json={"text": "hoi"}, headers=AUTH, timeout=30
    )
    assert parse.json()["intent"]["name"] == "greet"
    rest = requests.post(
        f"{production_server}/webhooks/rest/webhook",
        json={"sender": "prod-test", "message": "hoi"},
        headers=AUTH,
        timeout=60,
    )
    assert rest.status_code == 200


def test_the_health_check_is_open_and_tells_no_version(production_server):
    import rasa

    health = requests.get(f"{production_server}/", timeout=10)
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    assert rasa.__version__ not in health.text
    assert requests.get(f"{production_server}/version", timeout=10).status_code == 401
    assert requests.get(f"{production_server}/version", headers=AUTH, timeout=10).ok


def test_the_token_is_not_on_the_command_line(production_server):
    from pathlib import Path

    cmdline = Path(f"/proc/{production_server_pid()}/cmdline").read_bytes().decode()
    assert "rasa" in cmdline and TOKEN not in cmdline  # `ps` shows this to every local user


def production_server_pid() -> int:
    return production_server.pid  # type: ignore[attr-defined]


def test_a_socket_without_origin_is_refused(production_server):
    import socketio

    client = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(production_server, transports=["polling"], wait_timeout=10)
    client.disconnect()


def test_channels_with_their_own_authentication_are_not_blocked(production_server):
    assert requests.get(f"{production_server}/webhooks/webchat/", timeout=10).status_code == 200
    assert (
        requests.post(
            f"{production_server}/webhooks/teams/webhook", json={"type": "message"}, timeout=10
        ).status_code
        == 401
    )  # Teams checks its own Bot Framework token


@pytest.mark.parametrize("origin,allowed", [(ORIGIN, True), ("https://evil.example", False)])
def test_cors_answers_only_the_configured_origin(production_server, origin, allowed):
    response = requests.options(
        f"{production_server}/webhooks/rest/webhook",
        headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
        timeout=10,
    )
    assert (response.headers.get("Access-Control-Allow-Origin") == origin) is allowed
    assert response.headers.get("Access-Control-Allow-Origin") != "*"
    socket = requests.get(
        f"{production_server}/socket.io/?EIO=4&transport=polling",
        headers={"Origin": origin},
        timeout=10,
    )
    assert (socket.status_code == 200) is allowed


def test_serve_refuses_to_start_without_a_token():
    env = {k: v for k, v in os.environ.items() if not k.startswith("MELDCODE_")}
    result = subprocess.run(
        [sys.executable, "-m", "scripts.serve", "--check", "--model", "m.tar.gz"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "Not started" in result.stderr


# ---- rate limits: each test is a client (loopback address) of its own ------------------------


def own_client_address() -> str:
    """A fresh loopback address: the server counts the rate limit per client address, so a
    test from its own address does not share its budget with the other tests."""
    return "127.{}.{}.{}".format(*(secrets.randbelow(254) + 1 for _ in range(3)))


class SourceAddressAdapter(HTTPAdapter):
    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, source_address=(self.address, 0), **kwargs)


def session_from(address: str) -> requests.Session:
    session = requests.Session()
    session.mount("http://", SourceAddressAdapter(address))
    return session


def production_log(mark: int = 0) -> str:
    return read_since(production_server.log, mark)  # type: ignore[attr-defined]


def production_log_mark() -> int:
    return production_server.log.stat().st_size  # type: ignore[attr-defined]


def rate_limit_counts(log: str, channel: str) -> list:
    return refusal_counts(log, channel, flood.RATE_LIMITED)


def test_one_client_is_rate_limited_with_a_dutch_explanation(production_server):
    from bot.channels import rest

    address = own_client_address()
    before = (rate_limit_counts(production_log(), "REST webhook") or [0])[-1]
    mark = production_log_mark()

    def post(number):
        return session_from(address).post(
            f"{production_server}/webhooks/rest/webhook",
            json={"sender": f"prod-rate-{address}-{number}", "message": "hoi"},
            headers=AUTH,
            timeout=60,
        )

    # All at once: the burst is used up long before the bucket refills (one per 12 s).
    count = RATE_BURST + 2
    with ThreadPoolExecutor(count) as pool:
        responses = list(pool.map(post, range(count)))
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] * RATE_BURST + [429] * (count - RATE_BURST)
    for refused in responses:
        if refused.status_code == 429:
            assert refused.json() == {
                "error": rest.RATE_LIMITED,
                "message": rest.error_messages()["rate_limited"],
            }
    logged = rate_limit_counts(production_log(mark), "REST webhook")
    assert logged == list(range(before + 1, before + count - RATE_BURST + 1))
    # Another client is not affected.
    other = session_from(own_client_address()).post(
        f"{production_server}/webhooks/rest/webhook",
        json={"sender": "prod-rate-other", "message": "hoi"},
        headers=AUTH,
        timeout=60,
    )
    assert other.status_code == 200


def test_one_socket_client_is_rate_limited_with_a_dutch_notice(production_server):
    import socketio

    notice = flood.notices()[flood.RATE_LIMITED]
    before = (rate_limit_counts(production_log(), "Web chat") or [0])[-1]
    mark = production_log_mark()
    replies: queue.Queue = queue.Queue()
    sessions: queue.Queue = queue.Queue()
    # Long polling through a session bound to an address of its own (see own_client_address).
    client = socketio.Client(reconnection=False, http_session=session_from(own_client_address()))
    client.on("bot_uttered", replies.put)
    client.on("session_confirm", sessions.put)
    client.connect(
        production_server, headers={"Origin": ORIGIN}, transports=["polling"], wait_timeout=20
    )
    count = RATE_BURST + 3
    texts: list = []
    try:
        client.emit("session_request", {"session_id": None, "page_key": uuid.uuid4().hex * 2})
        assert sessions.get(timeout=20)
        for _ in range(count):
            client.emit("user_uttered", {"message": "hoi"})
        while True:  # every reply, until the socket has been quiet for 5 s
            try:
                texts.append(replies.get(timeout=5)["text"])
            except queue.Empty:
                break
    finally:
        client.disconnect()
    assert texts.count(notice) == count - RATE_BURST
    logged = rate_limit_counts(production_log(mark), "Web chat")
    assert logged == list(range(before + 1, before + count - RATE_BURST + 1))
