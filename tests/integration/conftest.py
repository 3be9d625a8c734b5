"""Start the real action server and Rasa server on free local ports for the test session."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import yaml

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
START_TIMEOUT = 300  # seconds; a cold start takes ~40 s on 2 cores


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(url: str, process: subprocess.Popen, log: Path, ok=lambda r: True) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{url} process exited early:\n{log.read_text()[-3000:]}")
        try:
            response = requests.get(url, timeout=2)
            if response.ok and ok(response):
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    pytest.fail(f"{url} not ready after {START_TIMEOUT} s:\n{log.read_text()[-3000:]}")


def trained_model() -> str:
    """The path of the model trained for the current inputs; the test fails when there is none."""
    done = subprocess.run(
        [sys.executable, "-m", "scripts.train", "--print-path"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.fail(f"no trained model: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout.strip()


# The local PostgreSQL server (trust authentication), as in production.
POSTGRES = {"dialect": "postgresql", "host": "127.0.0.1", "port": 5432, "username": "postgres"}


@pytest.fixture
def postgres_store_settings():
    """Tracker store settings for a throw-away PostgreSQL database, dropped afterwards."""
    import uuid

    import sqlalchemy as sa

    name = f"meldcode_test_{uuid.uuid4().hex[:8]}"
    yield {**POSTGRES, "db": name, "login_db": "postgres"}
    admin = sa.create_engine(
        "postgresql://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


# The Teams app the tests pretend to be (fake Bot Framework on loopback, see
# tests/fake_botframework.py) and the web chat secret of the test server.
TEAMS_APP_ID = "11111111-2222-3333-4444-555555555555"
TEAMS_TENANT = "99999999-8888-7777-6666-555555555555"
WEB_SESSION_SECRET = "test-session-secret"


@pytest.fixture(scope="session")
def fake_botframework():
    from tests.fake_botframework import FakeBotFramework

    fake = FakeBotFramework(TEAMS_APP_ID, TEAMS_TENANT).start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def web_port() -> int:
    """The port of the demo page; the test server allows exactly this origin."""
    return free_port()


@dataclass
class RasaServer:
    url: str
    tracker_db: Path
    logs: list[Path]
    # Every request body the action server received (through a recording proxy).
    action_payloads: list[bytes]

    def send(self, sender: str, message: str) -> list[dict]:
        response = requests.post(
            f"{self.url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()

    def log_mark(self) -> int:
        """Where the Rasa server's log ends now; ``log_since`` reads what was written after."""
        return self.logs[-1].stat().st_size

    def log_since(self, mark: int = 0) -> str:
        return read_since(self.logs[-1], mark)


def read_since(log: Path, mark: int = 0) -> str:
    """What a server wrote to ``log`` after byte ``mark`` (its size at an earlier moment)."""
    with log.open("rb") as file:
        file.seek(mark)
        return file.read().decode("utf-8", errors="replace")


def refusal_counts(log: str, channel: str, reason: str) -> list:
    """The running counts in the log lines of ``bot.channels.flood.Refusals``."""
    line = re.compile(
        rf"{re.escape(channel)}: message refused \({re.escape(reason)}\); "
        r"(\d+) refused for this reason since start\."
    )
    return [int(count) for count in line.findall(log)]


@pytest.fixture(scope="session")
def rasa_server(tmp_path_factory, fake_botframework, web_port) -> RasaServer:
    model = trained_model()
    workdir = tmp_path_factory.mktemp("rasa-server")
    rasa_port, actions_port = free_port(), free_port()
    tracker_db = workdir / "rasa.db"
    # The project's own endpoints.yml, with the ports and the database file of this run.
    config = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    from tests.proxies import Proxy

    recorder = Proxy(lambda: f"http://127.0.0.1:{actions_port}")
    config["action_endpoint"]["url"] = f"{recorder.url}/webhook"
    config["tracker_store"]["db"] = str(tracker_db)
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(yaml.safe_dump(config), encoding="utf-8")
    # The project's own credentials.yml; Teams pointed at the fake Bot Framework.
    channels = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8"))
    channels["addons.teams_channel.TeamsInput"] = {
        "app_id": TEAMS_APP_ID,
        "app_password": "test-password",
        "tenant_id": TEAMS_TENANT,
        "openid_metadata_url": fake_botframework.openid_url,
        "login_base_url": fake_botframework.url,
        "min_key_refresh_seconds": 0,
    }
    credentials = workdir / "credentials.yml"
    credentials.write_text(yaml.safe_dump(channels), encoding="utf-8")
    env = {
        **os.environ,
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "MELDCODE_WEB_ORIGINS": f"http://127.0.0.1:{web_port}",
        "MELDCODE_WEB_SESSION_SECRET": WEB_SESSION_SECRET,
    }
    for name in [n for n in env if n.startswith("MELDCODE_TEAMS_")]:
        del env[name]  # the test's credentials file decides
    actions_log, rasa_log = workdir / "actions.log", workdir / "rasa.log"
    processes = []
    try:
        with actions_log.open("w") as out:
            processes.append(
                subprocess.Popen(
                    [
                        str(VENV_BIN / "rasa"),
                        "run",
                        "actions",
                        "--actions",
                        "actions",
                        "--port",
                        str(actions_port),
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
        with rasa_log.open("w") as out:
            processes.append(
                subprocess.Popen(
                    [
                        str(VENV_BIN / "rasa"),
                        "run",
                        "--enable-api",
                        "--interface",
                        "127.0.0.1",
                        "--port",
                        str(rasa_port),
                        "--model",
                        model,
                        "--endpoints",
                        str(endpoints),
                        "--credentials",
                        str(credentials),
                        # The most talkative log level: the privacy test checks that even
                        # debug lines carry no personal data.
                        "--debug",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
        wait_until(f"http://127.0.0.1:{actions_port}/health", processes[0], actions_log)
        wait_until(
            f"http://127.0.0.1:{rasa_port}/status",
            processes[1],
            rasa_log,
            ok=lambda r: bool(r.json().get("model_file")),
        )
        yield RasaServer(
            f"http://127.0.0.1:{rasa_port}", tracker_db, [actions_log, rasa_log], recorder.received
        )
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
