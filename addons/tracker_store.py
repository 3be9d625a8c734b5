"""A SQL tracker store that never writes personal data (SQLite and PostgreSQL alike).

Configured in ``endpoints.yml`` as ``type: addons.tracker_store.RedactingSQLTrackerStore``
with the usual SQL tracker store keys. Before events are written, user and bot texts, parse
data, entity values, slot values and channel metadata go through ``bot.privacy``; what is read
back is therefore the redacted conversation, with placeholders such as ``[NAAM]``.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any, Dict, Iterator, Optional

import sqlalchemy as sa
import sqlalchemy.orm
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from addons import action_guard, log_redaction, speedups, store_guard
from bot import privacy

_STORED = "_meldcode_stored_events"  # on a tracker: how many of its events are stored


def _sqlite_write_ahead_log(connection: Any, _record: Any) -> None:
    """SQLite (the embedded default): readers do not wait for a writer, and a commit does not
    wait for the disk twice. A crash of the machine can lose the last turns, never corrupt the
    file; production uses PostgreSQL."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _make_sqlite_folder(settings: Dict[str, Any]) -> None:
    """The embedded default keeps its file in ``var/``, which a fresh clone does not have:
    create the folder, so that ``rasa run`` or ``rasa shell`` started directly (without
    ``make run``) works, instead of failing on "unable to open database file"."""
    if settings.get("dialect") != "sqlite":
        return
    db = settings.get("db")
    if db and db != ":memory:":
        Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)


class RedactingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args, **kwargs) -> None:
        log_redaction.install()
        # Not about privacy, but this store is what every server of the project loads:
        # no silence when the action server fails (see addons/action_guard.py).
        action_guard.install()
        store_guard.install()  # an unreachable database: an error reply, no empty conversation
        speedups.install()  # CPU time stock Rasa spends for nothing (addons/speedups.py)
        _make_sqlite_folder(kwargs)
        super().__init__(*args, **kwargs)
        # Check pooled connections before use, so the store recovers by itself after the
        # database was restarted or the network was gone for a while.
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_write_ahead_log)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    def redacted(self, tracker: DialogueStateTracker) -> DialogueStateTracker:
        events = [privacy.redact_event(event.as_dict()) for event in tracker.events]
        return DialogueStateTracker.from_dict(
            tracker.sender_id, events, self.domain.slots, tracker._max_event_history
        )

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Write the events not stored yet, redacted (Rasa's save, without the ORM objects)."""
        # A broker gets the events it has not seen, worked out from the whole tracker: give it
        # the redacted conversation.
        await self.stream_events(tracker if self.event_broker is None else self.redacted(tracker))
        with self.session_scope() as session:
            rows = [
                _row(tracker.sender_id, privacy.redact_event(event.as_dict()))
                for event in self._additional_events(session, tracker)
            ]
            if rows:
                session.execute(self.SQLEvent.__table__.insert(), rows)
            session.commit()
        setattr(tracker, _STORED, len(tracker.events))  # only once they really are stored

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        tracker = await super().retrieve(sender_id)
        if tracker is not None:
            # Rasa counts the stored events again before every save (a query per turn); the
            # tracker read here knows: every event it holds is stored. The conversation lock
            # keeps other instances from writing in between.
            setattr(tracker, _STORED, len(tracker.events))
        return tracker

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> Optional[DialogueStateTracker]:
        """Rasa's read, fetching only the event column (not whole ORM objects)."""
        with self.session_scope() as session:
            query = self._event_query(session, sender_id, fetch_events_from_all_sessions)
            events = [json.loads(data) for (data,) in query.with_entities(self.SQLEvent.data)]
        if not (self.domain and events):
            return None
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        """The events not stored yet. Only these are redacted and written: what is stored was
        redacted when it was written (redacting all on every save cost O(length))."""
        stored = getattr(tracker, _STORED, None)
        if stored is None:  # a tracker that was not read from this store
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, None)


def _row(sender_id: str, data: Dict[str, Any]) -> Dict[str, Any]:
    """The columns Rasa's SQL tracker store writes for one (already redacted) event."""
    return {
        "sender_id": sender_id,
        "type_name": data.get("event"),
        "timestamp": data.get("timestamp"),
        "intent_name": (data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }
