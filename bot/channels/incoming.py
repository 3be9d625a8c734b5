"""What every channel does with a user's text before the assistant sees it.

- ``clean_text``: characters that cannot be stored or shown are removed (control characters
  such as NUL, which PostgreSQL refuses in text, and lone UTF-16 surrogates, which cannot be
  written as UTF-8); white space at both ends goes.
- ``admitted``: a message longer than ``MAX_MESSAGE_CHARS`` is not read and not stored. The
  assistant gets the intent trigger ``/message_too_long`` instead, which it answers with a
  short Dutch explanation (``utter_message_too_long``, see ``bot.safety``); a dialog in
  progress stays where it was. Acute danger still comes first: an over-long message that
  ``bot.danger`` recognises as acute danger becomes ``/acute_danger``.

``prepared`` does both; every channel (REST, web chat, Teams) uses it. The web widget's text
box has the same limit (``maxlength`` in ``web/src/widget.js``).
"""

from __future__ import annotations

import unicodedata
from typing import Optional

from bot import danger

MAX_MESSAGE_CHARS = 2000
TOO_LONG_INTENT = "message_too_long"
# How much of an over-long message is searched for acute danger (keeps the time bounded).
DANGER_SCAN_CHARS = 20_000
_KEPT_CONTROLS = {"\n", "\t"}


def _unusable(character: str) -> bool:
    category = unicodedata.category(character)
    return (category == "Cc" and character not in _KEPT_CONTROLS) or category == "Cs"


def clean_text(text: str) -> str:
    """``text`` without control characters (except new line and tab) and lone surrogates."""
    if text.isprintable():  # the common case: nothing to do
        return text.strip()
    return "".join(" " if _unusable(c) else c for c in text).strip()


def prepared(text: str) -> Optional[str]:
    """What a channel hands to the assistant for ``text``: cleaned, and ``admitted``; None when
    nothing is left after cleaning."""
    cleaned = clean_text(text)
    return admitted(cleaned) if cleaned else None


def admitted(text: str) -> str:
    """The text the assistant gets: ``text`` itself, or an intent trigger when it is too long."""
    if len(text) <= MAX_MESSAGE_CHARS:
        return text
    if danger.is_acuut(text[:DANGER_SCAN_CHARS]):
        return f"/{danger.INTENT}"
    return f"/{TOO_LONG_INTENT}"
