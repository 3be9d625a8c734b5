"""Reading a request to the REST webhook: ``{"sender": "...", "message": "..."}``.

Rasa's stock REST channel trusts the body: a JSON list or a number in ``message`` ends in a
server error, a missing ``sender`` puts the message in a conversation named "default" that
every such client shares, and a sender id longer than the database column fails on
PostgreSQL. ``read`` checks the body and says what is wrong (an error code; the Dutch
explanations are in ``rest_errors.yml`` beside this file).

``metadata`` may be sent (an object, as Rasa's clients do) but none of it is kept: stock Rasa
stores it in the ``session_started_metadata`` slot and in every user event, so a client could
write names or megabytes into the tracker store. A body over ``MAX_BODY_BYTES`` is refused
before it is read (status 413).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, NamedTuple, Union

import yaml

from bot.channels import incoming

MAX_SENDER_CHARS = 128
# A message is at most 2,000 characters (incoming.MAX_MESSAGE_CHARS); the body may carry a
# longer one (it is answered with the length notice), but no more than this.
MAX_BODY_BYTES = 32 * 1024

NOT_AN_OBJECT = "no_json_object"
BAD_SENDER = "bad_sender"
BAD_MESSAGE = "bad_message"
EMPTY_MESSAGE = "empty_message"
BAD_METADATA = "bad_metadata"
# Refused before the body is read: by size, by rate, and by the HTTP guard for every route
# (``bot.channels.guard``).
TOO_LARGE = "too_large"  # status 413
RATE_LIMITED = "rate_limited"  # status 429
ORIGIN_NOT_ALLOWED = "origin_not_allowed"  # status 403
UNAUTHORIZED = "unauthorized"  # status 401
CODES = (
    NOT_AN_OBJECT,
    BAD_SENDER,
    BAD_MESSAGE,
    EMPTY_MESSAGE,
    BAD_METADATA,
    TOO_LARGE,
    RATE_LIMITED,
    ORIGIN_NOT_ALLOWED,
    UNAUTHORIZED,
)

_ERRORS_FILE = Path(__file__).with_name("rest_errors.yml")


class RestMessage(NamedTuple):
    sender: str
    text: str  # cleaned, and already replaced by an intent trigger when too long


def _valid_sender(sender: Any) -> bool:
    return (
        isinstance(sender, str)
        and 0 < len(sender) <= MAX_SENDER_CHARS
        and sender.isprintable()
        and sender.strip() == sender
    )


def read(body: Any) -> Union[RestMessage, str]:
    """The message in a parsed JSON body, or the code of what is wrong with it."""
    if not isinstance(body, dict):
        return NOT_AN_OBJECT
    if not _valid_sender(body.get("sender")):
        return BAD_SENDER
    message = body.get("message")
    if not isinstance(message, str):
        return BAD_MESSAGE
    text = incoming.prepared(message)
    if text is None:
        return EMPTY_MESSAGE
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        return BAD_METADATA
    return RestMessage(body["sender"], text)  # the metadata is dropped


def error_messages() -> Dict[str, str]:
    """Code -> Dutch explanation, for the client's error response."""
    with _ERRORS_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)
