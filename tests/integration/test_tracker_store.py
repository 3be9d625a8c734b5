"""The redacting tracker store writes no personal data, on SQLite and on PostgreSQL.

Real databases: a SQLite file, and a throw-away database on the local PostgreSQL server
(127.0.0.1:5432, trust authentication), as in production.
"""

from __future__ import annotations

import io
import logging
import uuid

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons import log_redaction
from addons.tracker_store import RedactingSQLTrackerStore
from tests.unit.helpers import ROOT

pytestmark = pytest.mark.anyio

PLANTED = {
    "Sanne": "mijn leerling Sanne heeft blauwe plekken",
    "06-12345678": "je kunt moeder bellen op 06-12345678",
    "juf.anne@example.org": "mail mij op juf.anne@example.org",
    "Dorpsstraat 12a": "ze wonen op Dorpsstraat 12a",
}
DOMAIN = Domain.load(str(ROOT / "domain"))


def conversation(sender: str) -> DialogueStateTracker:
    events = [
        ActionExecuted("action_session_start"),
        SessionStarted(metadata={"teams_user": "Anne de Vries"}),
        ActionExecuted("action_listen"),
    ]
    for text in PLANTED.values():
        events += [
            UserUttered(
                text,
                intent={"name": "faq", "confidence": 0.8},
                parse_data={"text": text, "intent": {"name": "faq"}, "entities": []},
                metadata={"user_name": "Anne de Vries"},
            ),
            SlotSet("mzt_belang", text),
            BotUttered(f"Je schreef: {text}", metadata={"onderbouwing": text}),
            ActionExecuted("action_listen"),
        ]
    return DialogueStateTracker.from_events(sender, events, DOMAIN.slots)


def stored_rows(store: RedactingSQLTrackerStore, sender: str) -> list[str]:
    with store.engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT data FROM events WHERE sender_id = :sender ORDER BY id"),
            {"sender": sender},
        )
        return [row[0] for row in rows]


def assert_clean(texts: list[str]) -> None:
    joined = "\n".join(texts)
    for secret in [*PLANTED, "Anne de Vries"]:
        assert secret not in joined, f"'{secret}' was stored"


async def check_store(store: RedactingSQLTrackerStore) -> None:
    sender = f"privacy-{uuid.uuid4().hex[:8]}"
    tracker = conversation(sender)
    await store.save(tracker)

    rows = stored_rows(store, sender)
    assert len(rows) == len(tracker.events)
    assert_clean(rows)
    assert "[NAAM]" in "".join(rows) and "[TELEFOON]" in "".join(rows)

    # What is read back is the redacted conversation, placeholders in place.
    back = await store.retrieve(sender)
    assert back.latest_message.text == "ze wonen op [ADRES]"
    assert back.get_slot("mzt_belang") == "ze wonen op [ADRES]"

    # A next turn (as Rasa runs it: retrieve, update, save) adds only its own, redacted events.
    back.update(UserUttered("hij heet Daan", intent={"name": "faq"}))
    await store.save(back)
    rows = stored_rows(store, sender)
    assert len(rows) == len(tracker.events) + 1
    assert_clean(rows)
    assert "Daan" not in rows[-1] and "hij heet [NAAM]" in rows[-1]

    # Saving again writes nothing twice, also for a tracker that was not read from the store.
    await store.save(back)
    fresh = conversation(f"privacy-{uuid.uuid4().hex[:8]}")
    await store.save(fresh)
    fresh.update(UserUttered("nog een vraag", intent={"name": "faq"}))
    await store.save(fresh)
    await store.save(fresh)
    assert len(stored_rows(store, sender)) == len(tracker.events) + 1
    assert len(stored_rows(store, fresh.sender_id)) == len(fresh.events)


async def test_sqlite_store_keeps_no_personal_data(tmp_path):
    store = RedactingSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"))
    await check_store(store)
    # The database file and its write-ahead log (WAL mode), byte for byte.
    raw = b"".join(path.read_bytes() for path in tmp_path.glob("t.db*"))
    assert b"[NAAM]" in raw  # the conversation is in what was read
    for secret in PLANTED:
        assert secret.encode() not in raw


async def test_the_embedded_store_creates_its_folder(tmp_path):
    """A fresh clone has no var/: `rasa run` started directly must still store conversations."""
    db = tmp_path / "var" / "sub" / "rasa.db"
    store = RedactingSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(db))
    try:
        await check_store(store)
    finally:
        store.engine.dispose()
    assert db.is_file()


async def test_postgresql_store_keeps_no_personal_data(postgres_store_settings):
    store = RedactingSQLTrackerStore(domain=DOMAIN, **postgres_store_settings)
    try:
        await check_store(store)
    finally:
        store.engine.dispose()


@pytest.fixture
def record_factory():
    previous = logging.getLogRecordFactory()
    yield
    logging.setLogRecordFactory(previous)


def test_log_lines_are_redacted(record_factory):
    stream = io.StringIO()
    logger = logging.getLogger("meldcode.test.redaction")
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        log_redaction.install()
        log_redaction.install()  # twice changes nothing
        logger.debug("Received user message '%s'", PLANTED["Sanne"])
        logger.info("stap 3 en meldnorm 2, bel Veilig Thuis 0800-2000")
        logger.warning("bel %s", "06-12345678")
    finally:
        logger.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert lines == [
        "Received user message 'mijn leerling [NAAM] heeft blauwe plekken'",
        "stap 3 en meldnorm 2, bel Veilig Thuis 0800-2000",
        "bel [TELEFOON]",
    ]
