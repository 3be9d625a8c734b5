"""Faults: the action server down, failing or hanging mid-form; the Rasa server restarted
mid-form. On SQLite and on PostgreSQL, with the project's redacting tracker store.

The action server is reached through a proxy on loopback that can refuse, fail (500) or hang,
so every fault is made on purpose and undone without restarting anything.
"""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import requests
import yaml

from tests.integration.conftest import (
    POSTGRES,
    ROOT,
    VENV_BIN,
    free_port,
    trained_model,
    wait_until,
)
from tests.proxies import Proxy
from tests.unit.helpers import response_text

pytestmark = pytest.mark.server

ACTION_TIMEOUT = 3  # seconds (MELDCODE_ACTION_TIMEOUT); production default 10
UNAVAILABLE = response_text("utter_action_server_unavailable")


class Servers:
    """An action server behind a fault proxy, and a Rasa server that can be restarted."""

    def __init__(self, workdir: Path, store: str):
        self.workdir = workdir
        self.env = {
            **os.environ,
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "MELDCODE_ACTION_TIMEOUT": str(ACTION_TIMEOUT),
        }
        self.model = trained_model()
        actions_port = free_port()
        self.actions = self._start(
            ["run", "actions", "--actions", "actions", "--port", str(actions_port)], "actions"
        )
        wait_until(f"http://127.0.0.1:{actions_port}/health", self.actions, workdir / "actions.log")
        self.proxy = Proxy(lambda: f"http://127.0.0.1:{actions_port}")
        self.database = f"meldcode_faults_{uuid.uuid4().hex[:8]}"
        tracker_store = {"type": "addons.tracker_store.RedactingSQLTrackerStore"}
        if store == "sqlite":
            tracker_store.update({"dialect": "sqlite", "db": str(workdir / "rasa.db")})
        else:
            tracker_store.update(
                {**POSTGRES, "url": POSTGRES["host"], "db": self.database, "login_db": "postgres"}
            )
            tracker_store.pop("host")
        endpoints = {
            "action_endpoint": {"url": f"{self.proxy.url}/webhook"},
            "tracker_store": tracker_store,
            "lock_store": {"type": "in_memory"},
        }
        self.endpoints = workdir / "endpoints.yml"
        self.endpoints.write_text(yaml.safe_dump(endpoints), encoding="utf-8")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.store = store
        self.rasa = None
        self.start_rasa()

    def _start(self, arguments, name):
        log = (self.workdir / f"{name}.log").open("a")
        return subprocess.Popen(
            [str(VENV_BIN / "rasa"), *arguments],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def start_rasa(self) -> None:
        self.rasa = self._start(
            [
                "run",
                "--enable-api",
                "--interface",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--model",
                self.model,
                "--endpoints",
                str(self.endpoints),
                "--credentials",
                str(ROOT / "credentials.yml"),
            ],
            "rasa",
        )
        wait_until(
            f"{self.url}/status",
            self.rasa,
            self.workdir / "rasa.log",
            ok=lambda r: bool(r.json().get("model_file")),
        )

    def stop_rasa(self) -> None:
        self.rasa.terminate()
        self.rasa.wait(timeout=30)

    def send(self, sender: str, message: str) -> str:
        response = requests.post(
            f"{self.url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=60,
        )
        response.raise_for_status()
        return "\n\n".join(reply.get("text", "") for reply in response.json())

    def close(self) -> None:
        for process in (self.rasa, self.actions):
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        if self.store == "postgresql":
            import sqlalchemy as sa

            admin = sa.create_engine(
                "postgresql://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT"
            )
            with admin.connect() as connection:
                connection.execute(
                    sa.text(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
                )
            admin.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def servers(request, tmp_path_factory):
    servers = Servers(tmp_path_factory.mktemp(f"faults-{request.param}"), request.param)
    yield servers
    servers.close()


def new_sender() -> str:
    return f"fault-{uuid.uuid4().hex[:12]}"


@pytest.mark.parametrize("fault", ["down", "error", "hang"])
def test_action_server_fault_mid_form_gets_a_message_and_the_form_waits(servers, fault):
    sender = new_sender()
    assert servers.send(sender, "moet ik dit melden?").endswith(
        response_text("utter_ask_vermoeden")
    )
    servers.proxy.mode = fault
    try:
        started = time.monotonic()
        reply = servers.send(sender, "/affirm")
        took = time.monotonic() - started
    finally:
        servers.proxy.mode = "forward"
    assert reply == UNAVAILABLE
    assert took < ACTION_TIMEOUT + 5, f"the user waited {took:.1f} s"
    # Back again: the same question is still open, and the answer now counts.
    assert servers.send(sender, "/affirm") == response_text("utter_ask_onveiligheid")


def test_rasa_restart_mid_form_continues_at_the_same_question(servers):
    sender = new_sender()
    servers.send(sender, "moet ik dit melden?")
    assert servers.send(sender, "/affirm") == response_text("utter_ask_onveiligheid")
    servers.stop_rasa()
    servers.start_rasa()
    assert servers.send(sender, "nee") == response_text("utter_ask_disclosure")
