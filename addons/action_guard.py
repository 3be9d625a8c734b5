"""No silence when the action server is down, slow or failing.

Stock Rasa 3.6 waits up to 300 s for a custom action (longer than the 60 s a conversation
lock lives), and when the call fails it only logs "the actions events are lost": the user
gets nothing. ``install()`` changes two things in the Rasa server:

- the action call gives up after MELDCODE_ACTION_TIMEOUT seconds (default 10), well within
  the lock lifetime;
- when a custom action cannot be run, for whatever reason (no connection, timeout, 5xx, 413
  "payload too large", a connection reset while the tracker is sent, a broken answer:
  every exception but a form's rejection), the user gets the domain response
  ``utter_action_server_unavailable`` (once per message) before Rasa goes on. Errors that
  Rasa does not wrap itself (a bare ``ConnectionError``, ``aiohttp.ClientPayloadError`` and
  the like) are raised on as a ``RasaException``, so Rasa treats them all alike. The failed
  action's events are lost as before, so a form stays at its open question and the dialog
  continues there once the action server is back. One exception: a request that could not
  be written at all (a kept-alive connection that the action server had just closed) is sent
  once more, since nothing ran on the action server.

Installed by the tracker store (``addons.tracker_store``), i.e. wherever the project's
endpoints files are used. A rejection by a form (HTTP 400, "nothing to extract") is normal
dialog flow and is left alone.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any, List

from rasa.core.actions import action as rasa_action
from rasa.shared.exceptions import RasaException

logger = logging.getLogger(__name__)

RESPONSE = "utter_action_server_unavailable"
DEFAULT_TIMEOUT_SECONDS = 10
_MARK = "_meldcode_action_guard"
_told: dict = {}  # sender id -> the user message already told about a failure


def timeout_seconds() -> float:
    try:
        value = float(os.environ.get("MELDCODE_ACTION_TIMEOUT", DEFAULT_TIMEOUT_SECONDS))
    except ValueError:
        value = DEFAULT_TIMEOUT_SECONDS
    return max(1.0, value)


async def _tell_user(output_channel: Any, nlg: Any, tracker: Any) -> None:
    message_id = getattr(tracker.latest_message, "message_id", None)
    if _told.get(tracker.sender_id) == message_id:
        return  # one notice per user message, however many actions fail
    _told[tracker.sender_id] = message_id
    if len(_told) > 10_000:
        _told.clear()
    message = await nlg.generate(RESPONSE, tracker, output_channel.name())
    if message:
        await output_channel.send_response(tracker.sender_id, message)


def _stale_connection(error: BaseException) -> bool:
    """Whether ``error`` comes from writing to a connection that was already closing, seen
    under load when the action server drops an idle kept-alive connection (aiohttp's
    "Cannot write to closing transport")."""
    seen = 0
    while error is not None and seen < 5:
        if "Cannot write to closing transport" in str(error):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def install() -> None:
    """Patch RemoteAction once; later calls change nothing."""
    original = rasa_action.RemoteAction.run
    if getattr(original, _MARK, False):
        return
    rasa_action.DEFAULT_REQUEST_TIMEOUT = timeout_seconds()

    async def guarded_run(self, output_channel, nlg, tracker, domain) -> List[Any]:
        try:
            try:
                return await original(self, output_channel, nlg, tracker, domain)
            except RasaException as error:
                if not _stale_connection(error):
                    raise
                # The request was never written (a kept-alive connection the action server had
                # just closed): nothing ran there, so one new attempt is safe.
                logger.warning("Action server: '%s' on a closed connection: again.", self.name())
                return await original(self, output_channel, nlg, tracker, domain)
        except rasa_action.ActionExecutionRejection:
            raise
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - every failure is told alike
            logger.error("Action server: '%s' failed: %r", self.name(), error)
            try:
                await _tell_user(output_channel, nlg, tracker)
            except Exception:  # telling must never make it worse
                logger.exception("Action server: could not tell the user.")
            if isinstance(error, (RasaException, asyncio.TimeoutError)):
                raise
            raise RasaException(f"Failed to execute custom action: {error!r}") from error

    setattr(guarded_run, _MARK, True)
    rasa_action.RemoteAction.run = guarded_run
