"""A tracker store that cannot be reached means an error reply, never a new empty conversation.

Rasa 3.6 wraps every tracker store in a FailSafeTrackerStore: when reading fails it returns
"no conversation", so Rasa silently starts a new, empty one (a half-finished afwegingskader is
gone for the user), and when writing fails it writes to memory instead (lost on restart, and
invisible to other instances). ``install()`` changes that in the Rasa server:

- reading or writing a conversation that fails raises ``TrackerStoreUnavailable`` (logged as
  an error), instead of falling back;
- the message is then answered with the domain response ``utter_tracker_store_unavailable``.
  Nothing of that message is kept, so once the database is back the conversation goes on
  where it was.

Installed by the tracker store (``addons.tracker_store``).
"""

from __future__ import annotations

import logging
from typing import Any, List, Optional

from rasa.core import processor as rasa_processor
from rasa.core import tracker_store as rasa_tracker_store
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

RESPONSE = "utter_tracker_store_unavailable"
_MARK = "_meldcode_store_guard"


class TrackerStoreUnavailable(Exception):
    pass


def install() -> None:
    """Patch the fail-safe store and the message handling once; later calls change nothing."""
    failsafe = rasa_tracker_store.FailSafeTrackerStore
    if getattr(failsafe.retrieve, _MARK, False):
        return

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        try:
            return await self._tracker_store.retrieve(sender_id)
        except Exception as error:
            self.on_tracker_store_error(error)
            raise TrackerStoreUnavailable(str(error)) from error

    async def retrieve_full_tracker(self, sender_id: str) -> Optional[DialogueStateTracker]:
        try:
            return await self._tracker_store.retrieve_full_tracker(sender_id)
        except Exception as error:
            self.on_tracker_store_error(error)
            raise TrackerStoreUnavailable(str(error)) from error

    async def save(self, tracker: DialogueStateTracker) -> None:
        try:
            await self._tracker_store.save(tracker)
        except Exception as error:
            self.on_tracker_store_error(error)
            raise TrackerStoreUnavailable(str(error)) from error

    handle_message = rasa_processor.MessageProcessor.handle_message

    async def guarded_handle_message(self, message: Any) -> Optional[List[Any]]:
        try:
            return await handle_message(self, message)
        except TrackerStoreUnavailable:
            logger.error("Tracker store unavailable: message not handled, user told.")
            output = message.output_channel
            empty = DialogueStateTracker(message.sender_id, self.domain.slots)
            reply = await self.nlg.generate(RESPONSE, empty, output.name())
            if reply:
                await output.send_response(message.sender_id, reply)
            return output.messages if isinstance(output, CollectingOutputChannel) else None

    for function in (retrieve, retrieve_full_tracker, save, guarded_handle_message):
        setattr(function, _MARK, True)
    failsafe.retrieve = retrieve
    failsafe.retrieve_full_tracker = retrieve_full_tracker
    failsafe.save = save
    rasa_processor.MessageProcessor.handle_message = guarded_handle_message
