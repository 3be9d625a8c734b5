"""Retention: conversations older than the retention period are deleted, others stay.

Against real databases: a SQLite file and a throw-away PostgreSQL database.
"""

from __future__ import annotations

import json
import time

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore

from addons import purge

DAY = 86400
NOW = time.time()


def fill(store: SQLTrackerStore) -> None:
    """Three conversations: last active 45 days ago, 31 days ago, and yesterday."""
    with store.session_scope() as session:
        for sender, days_ago in (("oud", 45), ("net-te-oud", 31), ("recent", 1)):
            for offset in (3 * DAY, DAY, 0):  # spread over a few days, newest last
                stamp = NOW - days_ago * DAY - offset
                session.add(
                    store.SQLEvent(
                        sender_id=sender,
                        type_name="user",
                        timestamp=stamp,
                        data=json.dumps({"event": "user", "text": "x", "timestamp": stamp}),
                    )
                )
        session.commit()


def senders(engine: sa.engine.Engine) -> list[str]:
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT DISTINCT sender_id FROM events"))
        return sorted(row[0] for row in rows)


def check(store: SQLTrackerStore) -> None:
    fill(store)
    assert purge.purge(store.engine, 30, now=NOW, dry_run=True) == (2, 6)
    assert senders(store.engine) == ["net-te-oud", "oud", "recent"]
    assert purge.purge(store.engine, 30, now=NOW) == (2, 6)
    assert senders(store.engine) == ["recent"]
    assert purge.purge(store.engine, 30, now=NOW) == (0, 0)
    with pytest.raises(ValueError):
        purge.purge(store.engine, 0)


def test_purge_sqlite(tmp_path):
    check(SQLTrackerStore(dialect="sqlite", db=str(tmp_path / "t.db")))


def test_purge_postgresql(postgres_store_settings):
    store = SQLTrackerStore(**postgres_store_settings)
    try:
        check(store)
    finally:
        store.engine.dispose()


def test_command_reads_endpoints_and_reports(tmp_path, capsys, monkeypatch):
    db = tmp_path / "rasa.db"
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        "tracker_store:\n"
        "  type: addons.tracker_store.RedactingSQLTrackerStore\n"
        '  dialect: "sqlite"\n'
        f'  db: "{db}"\n'
    )
    assert purge.main(["--endpoints", str(endpoints)]) == 0
    assert "niets op te schonen" in capsys.readouterr().out

    fill(SQLTrackerStore(dialect="sqlite", db=str(db)))
    monkeypatch.setenv("MELDCODE_RETENTION_DAYS", "40")
    assert purge.main(["--endpoints", str(endpoints)]) == 0
    assert capsys.readouterr().out.strip() == (
        "Bewaartermijn 40 dagen: 1 gesprek(ken) met 3 events verwijderd."
    )
    monkeypatch.setenv("MELDCODE_RETENTION_DAYS", "dertig")
    assert purge.main(["--endpoints", str(endpoints)]) == 2
    assert "heel getal" in capsys.readouterr().err
    assert purge.main(["--endpoints", str(tmp_path / "nee.yml"), "--days", "5"]) == 2
