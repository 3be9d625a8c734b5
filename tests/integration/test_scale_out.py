"""Two Rasa instances behind a round-robin proxy, sharing PostgreSQL and Redis (as in production).

50 conversations at once, each walking into the afwegingskader with a question half-way, every
message going to the other instance than the one before; and conversations that get two
messages at the same moment, one at each instance. Afterwards each conversation's tracker
in PostgreSQL must hold every message exactly once, in order, with exactly the replies the
user got, and no lost slot.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid

import pytest
import requests
import yaml

from tests.integration.conftest import ROOT, VENV_BIN, free_port, wait_until
from tests.proxies import round_robin
from tests.unit.helpers import response_text

pytestmark = pytest.mark.server

CONVERSATIONS = 50
SIMULTANEOUS = 10
REDIS_DB = 12


@pytest.fixture(scope="module")
def two_instances(tmp_path_factory):
    import redis
    import sqlalchemy as sa

    workdir = tmp_path_factory.mktemp("scale-out")
    database = f"meldcode_scale_{uuid.uuid4().hex[:8]}"
    redis.StrictRedis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()
    model = subprocess.run(
        [sys.executable, "-m", "scripts.train", "--print-path"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    actions_port = free_port()
    endpoints = {
        "action_endpoint": {"url": f"http://127.0.0.1:{actions_port}/webhook"},
        "tracker_store": {
            "type": "addons.tracker_store.RedactingSQLTrackerStore",
            "dialect": "postgresql",
            "url": "127.0.0.1",
            "port": 5432,
            "db": database,
            "username": "postgres",
            "login_db": "postgres",
        },
        "lock_store": {
            "type": "addons.lock_store.AtomicRedisLockStore",
            "url": "127.0.0.1",
            "port": 6379,
            "db": REDIS_DB,
            "key_prefix": "scale",
        },
    }
    (workdir / "endpoints.yml").write_text(yaml.safe_dump(endpoints), encoding="utf-8")
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    processes, urls = [], []
    try:
        log = workdir / "actions.log"
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
                stdout=log.open("w"),
                stderr=subprocess.STDOUT,
            )
        )
        logs = []
        for number in (1, 2):
            port = free_port()
            log = workdir / f"rasa{number}.log"
            logs.append(log)
            processes.append(
                subprocess.Popen(
                    [
                        str(VENV_BIN / "rasa"),
                        "run",
                        "--enable-api",
                        "--interface",
                        "127.0.0.1",
                        "--port",
                        str(port),
                        "--model",
                        model,
                        "--endpoints",
                        str(workdir / "endpoints.yml"),
                        "--credentials",
                        str(ROOT / "credentials.yml"),
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=log.open("w"),
                    stderr=subprocess.STDOUT,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url, process, log in zip(urls, processes[1:], logs, strict=True):
            wait_until(f"{url}/status", process, log, ok=lambda r: bool(r.json().get("model_file")))
        wait_until(f"http://127.0.0.1:{actions_port}/health", processes[0], workdir / "actions.log")
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
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


async def send(session, url, sender, message):
    async with session.post(
        f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}
    ) as response:
        assert response.status == 200, await response.text()
        replies = await response.json()
        return message, "\n\n".join(r.get("text", "") for r in replies)


WALK = ["moet ik dit melden?", "/affirm", "wat is disclosure?", "/deny"]


async def walk(session, proxy_url, sender):
    """One conversation through the proxy: every message to the other instance."""
    return [await send(session, proxy_url, sender, message) for message in WALK]


async def simultaneous(session, urls, sender):
    """Start the afwegingskader, then two messages at the same moment, one per instance."""
    first = await send(session, urls[0], sender, "moet ik dit melden?")
    pair = await asyncio.gather(
        send(session, urls[0], sender, "/affirm"),
        send(session, urls[1], sender, "wat is disclosure?"),
    )
    return [first, *pair]


def turns(tracker: dict) -> list[tuple[str, str]]:
    """(user text, the bot texts that answered it) per user message, from the stored events."""
    result, pending_bot = [], []
    for event in tracker["events"]:
        if event["event"] == "user":
            result.append([event["text"], []])
            if len(result) == 1:
                result[0][1].extend(pending_bot)  # the welcome comes before the first message
        elif event["event"] == "bot":
            (result[-1][1] if result else pending_bot).append(event.get("text") or "")
    return [(text, "\n\n".join(bot)) for text, bot in result]


def test_two_instances_share_conversations_without_losing_or_doubling(two_instances):
    import aiohttp

    proxy = round_robin(two_instances)
    walkers = [f"scale-{n}-{uuid.uuid4().hex[:6]}" for n in range(CONVERSATIONS)]
    pairs = [f"pair-{n}-{uuid.uuid4().hex[:6]}" for n in range(SIMULTANEOUS)]

    async def run():
        timeout = aiohttp.ClientTimeout(total=300)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            return await asyncio.gather(
                *(walk(session, proxy.url, s) for s in walkers),
                *(simultaneous(session, two_instances, s) for s in pairs),
            )

    results = dict(zip(walkers + pairs, asyncio.run(run()), strict=True))

    for sender, exchanged in results.items():
        tracker = requests.get(
            f"{two_instances[0]}/conversations/{sender}/tracker", timeout=30
        ).json()
        stored = turns(tracker)
        timestamps = [event["timestamp"] for event in tracker["events"]]
        assert timestamps == sorted(timestamps), f"{sender}: events out of order"
        # Every message stored exactly once, each with exactly the replies the user got.
        if sender in walkers:
            assert stored == exchanged, sender
            assert (
                tracker["slots"]["vermoeden"] == "ja" and tracker["slots"]["onveiligheid"] == "nee"
            )
        else:
            assert stored[0] == exchanged[0], sender
            assert sorted(stored[1:]) == sorted(exchanged[1:]), sender
            assert tracker["slots"]["vermoeden"] == "ja", f"{sender}: answer lost"
        assert all(reply for _, reply in exchanged), f"{sender}: a message got no answer"

    # The walk really went through the afwegingskader on both instances in turn.
    first = results[walkers[0]]
    assert first[1][1] == response_text("utter_ask_onveiligheid")
