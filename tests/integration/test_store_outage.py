"""The database behind the tracker store goes away mid-dialog, and comes back.

PostgreSQL is reached through a TCP relay on loopback that the test cuts. Rasa's own
fail-safe would start a new, empty conversation; here the user gets a clear error reply, an
error is logged, and once the database is back the dialog continues at the same question.
"""

from __future__ import annotations

import os
import subprocess
import uuid

import pytest
import requests
import sqlalchemy as sa
import yaml

from tests.integration.conftest import ROOT, VENV_BIN, free_port, trained_model, wait_until
from tests.proxies import TcpProxy
from tests.unit.helpers import response_text

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("store-outage")
    database = f"meldcode_outage_{uuid.uuid4().hex[:8]}"
    relay = TcpProxy("127.0.0.1", 5432)
    model = trained_model()
    actions_port, port = free_port(), free_port()
    endpoints = {
        "action_endpoint": {"url": f"http://127.0.0.1:{actions_port}/webhook"},
        "tracker_store": {
            "type": "addons.tracker_store.RedactingSQLTrackerStore",
            "dialect": "postgresql",
            "url": "127.0.0.1",
            "port": relay.port,
            "db": database,
            "username": "postgres",
            "login_db": "postgres",
        },
        "lock_store": {"type": "in_memory"},
    }
    (workdir / "endpoints.yml").write_text(yaml.safe_dump(endpoints), encoding="utf-8")
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    rasa_log = workdir / "rasa.log"
    processes = [
        subprocess.Popen(
            [str(VENV_BIN / "rasa"), "run", "actions", "--actions", "actions",
             "--port", str(actions_port)],
            cwd=ROOT, env=env, stdout=(workdir / "actions.log").open("w"),
            stderr=subprocess.STDOUT,
        ),
        subprocess.Popen(
            [str(VENV_BIN / "rasa"), "run", "--enable-api", "--interface", "127.0.0.1",
             "--port", str(port), "--model", model, "--endpoints", str(workdir / "endpoints.yml"),
             "--credentials", str(ROOT / "credentials.yml")],
            cwd=ROOT, env=env, stdout=rasa_log.open("w"), stderr=subprocess.STDOUT,
        ),
    ]  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until(
            f"{url}/status", processes[1], rasa_log, ok=lambda r: bool(r.json().get("model_file"))
        )
        wait_until(f"http://127.0.0.1:{actions_port}/health", processes[0], workdir / "actions.log")
        yield url, relay, rasa_log, database
    finally:
        for process in processes:
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


def test_unreachable_store_gets_an_error_reply_and_the_dialog_survives(server):
    url, relay, rasa_log, database = server
    sender = f"outage-{uuid.uuid4().hex[:8]}"

    def say(message: str) -> str:
        response = requests.post(
            f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60
        )
        assert response.status_code == 200
        return "\n\n".join(reply.get("text", "") for reply in response.json())

    say("moet ik dit melden?")
    assert say("/affirm") == response_text("utter_ask_onveiligheid")

    relay.cut()
    try:
        assert say("nee") == response_text("utter_tracker_store_unavailable")
    finally:
        relay.restore()
    assert "Tracker store unavailable" in rasa_log.read_text(encoding="utf-8")

    # Back: the same question, the earlier answer kept, no new conversation started.
    assert say("nee") == response_text("utter_ask_disclosure")
    engine = sa.create_engine(f"postgresql://postgres@127.0.0.1:5432/{database}")
    with engine.connect() as connection:
        starts = connection.execute(
            sa.text(
                "SELECT count(*) FROM events WHERE sender_id = :s AND type_name = 'session_started'"
            ),
            {"s": sender},
        ).scalar()
    engine.dispose()
    assert starts == 1
