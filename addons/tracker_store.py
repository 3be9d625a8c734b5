"""A SQL tracker store that never writes personal data (SQLite and PostgreSQL alike).

Configured in ``endpoints.yml`` as ``type: addons.tracker_store.RedactingSQLTrackerStore``
with the usual SQL tracker store keys. Before events are written, user and bot texts, parse
data, entity values, slot values and channel metadata go through ``bot.privacy``; what is read
back is therefore the redacted conversation, with placeholders such as ``[NAAM]``.
"""

from __future__ import annotations

import itertools
from typing import Any, Iterator, Optional

import sqlalchemy as sa
import sqlalchemy.orm
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

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


class RedactingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args, **kwargs) -> None:
        log_redaction.install()
        # Not about privacy, but this store is what every server of the project loads:
        # no silence when the action server fails (see addons/action_guard.py).
        action_guard.install()
        store_guard.install()  # an unreachable database: an error reply, no empty conversation
        speedups.install()  # CPU time stock Rasa spends for nothing (addons/speedups.py)
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
        # A broker gets the events it has not seen, worked out from the whole tracker: give it
        # the redacted conversation.
        await super().save(tracker if self.event_broker is None else self.redacted(tracker))
        setattr(tracker, _STORED, len(tracker.events))  # only once they really are stored

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        tracker = await super().retrieve(sender_id)
        if tracker is not None:
            # Rasa counts the stored events again before every save (a query per turn); the
            # tracker read here knows: every event it holds is stored. The conversation lock
            # keeps other instances from writing in between.
            setattr(tracker, _STORED, len(tracker.events))
        return tracker

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        """The events not stored yet, redacted. Only these: what is stored was redacted when
        it was written (redacting the whole conversation on every save cost O(length))."""
        stored = getattr(tracker, _STORED, None)
        if stored is None:  # a tracker that was not read from this store
            new_events = super()._additional_events(session, tracker)
        else:
            new_events = itertools.islice(tracker.events, stored, None)
        for event in new_events:
            yield Event.from_parameters(privacy.redact_event(event.as_dict()))
