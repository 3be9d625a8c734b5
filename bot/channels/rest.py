"""Reading a request to the REST webhook: ``{"sender": "...", "message": "..."}``.

Rasa's stock REST channel trusts the body: a JSON list or a number in ``message`` ends in a
server error, a missing ``sender`` puts the message in a conversation named "default" that
every such client shares, and a sender id longer than the database column fails on
PostgreSQL. ``read`` checks the body and says what is wrong (an error code; the Dutch
explanations are in ``rest_errors.yml`` beside this file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, NamedTuple, Optional, Union

import yaml

from bot.channels import incoming

MAX_SENDER_CHARS = 128

NOT_AN_OBJECT = "no_json_object"
BAD_SENDER = "bad_sender"
BAD_MESSAGE = "bad_message"
EMPTY_MESSAGE = "empty_message"
BAD_METADATA = "bad_metadata"
CODES = (NOT_AN_OBJECT, BAD_SENDER, BAD_MESSAGE, EMPTY_MESSAGE, BAD_METADATA)

_ERRORS_FILE = Path(__file__).with_name("rest_errors.yml")


class RestMessage(NamedTuple):
    sender: str
    text: str  # cleaned, and already replaced by an intent trigger when too long
    metadata: Optional[Dict[str, Any]]


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
    return RestMessage(body["sender"], text, metadata)


def error_messages() -> Dict[str, str]:
    """Code -> Dutch explanation, for the client's error response."""
    with _ERRORS_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)
