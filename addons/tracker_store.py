"""A SQL tracker store that never writes personal data (SQLite and PostgreSQL alike).

Configured in ``endpoints.yml`` as ``type: addons.tracker_store.RedactingSQLTrackerStore``
with the usual SQL tracker store keys. Before events are written, user and bot texts, parse
data, entity values, slot values and channel metadata go through ``bot.privacy``; what is read
back is therefore the redacted conversation, with placeholders such as ``[NAAM]``.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker

from addons import action_guard, log_redaction, store_guard
from bot import privacy


class RedactingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args, **kwargs) -> None:
        log_redaction.install()
        # Not about privacy, but this store is what every server of the project loads:
        # no silence when the action server fails (see addons/action_guard.py).
        action_guard.install()
        store_guard.install()  # an unreachable database: an error reply, no empty conversation
        super().__init__(*args, **kwargs)
        # Check pooled connections before use, so the store recovers by itself after the
        # database was restarted or the network was gone for a while.
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    def redacted(self, tracker: DialogueStateTracker) -> DialogueStateTracker:
        events = [privacy.redact_event(event.as_dict()) for event in tracker.events]
        return DialogueStateTracker.from_dict(
            tracker.sender_id, events, self.domain.slots, tracker._max_event_history
        )

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(self.redacted(tracker))
