"""What every channel does with a user's text before the assistant sees it.

- ``clean_text``: characters that cannot be stored or shown are removed (control characters
  such as NUL, which PostgreSQL refuses in text, and lone UTF-16 surrogates, which cannot be
  written as UTF-8); white space at both ends goes.
- ``admitted``: a message longer than ``MAX_MESSAGE_CHARS`` is not read and not stored. The
  assistant gets the intent trigger ``/message_too_long`` instead, which it answers with a
  short Dutch explanation (``utter_message_too_long``, see ``bot.safety``); a dialog in
  progress stays where it was. Acute danger still comes first: an over-long message that
  ``bot.danger`` recognises as acute danger becomes ``/acute_danger``.

- ``redacted``: personal data is replaced (``bot.privacy``) before the assistant sees the
  text, so the NLU, the tracker store, the action server and every log see ``[NAAM]``, never
  the name (the store redacts once more, for what does not come through a channel).
- An intent trigger is only a trigger when it looks like one (``/resume_form``, a button's
  payload): "/ mijn leerling is bewusteloos" is a message, and is read as one.

``prepared`` does all of it; every channel (REST, web chat, Teams) uses it. The web widget's
text box has the same limit (``maxlength`` in ``web/src/widget.js``).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

from bot import danger, privacy

MAX_MESSAGE_CHARS = 2000
TOO_LONG_INTENT = "message_too_long"
_KEPT_CONTROLS = {"\n", "\t"}
# What Rasa takes for an intent trigger: "/intent" or "/intent{...}" and nothing else.
_TRIGGER = re.compile(r"^/[A-Za-z_][\w/]*(?:\{.*\})?$", re.DOTALL)


def _unusable(character: str) -> bool:
    category = unicodedata.category(character)
    return (category == "Cc" and character not in _KEPT_CONTROLS) or category == "Cs"


def clean_text(text: str) -> str:
    """``text`` without control characters (except new line and tab) and lone surrogates."""
    if text.isprintable():  # the common case: nothing to do
        return text.strip()
    return "".join(" " if _unusable(c) else c for c in text).strip()


def prepared(text: str) -> Optional[str]:
    """What a channel hands to the assistant for ``text``: cleaned, ``admitted`` and redacted;
    None when nothing is left after cleaning."""
    cleaned = clean_text(text)
    if not cleaned:
        return None
    if cleaned.startswith("/") and not _TRIGGER.match(cleaned):
        # Not a trigger: without the slash Rasa reads it as a message (and the NLU sees it).
        cleaned = cleaned.lstrip("/ ").strip() or cleaned
    if _TRIGGER.match(cleaned):
        return cleaned
    return redacted(admitted(cleaned))


def admitted(text: str) -> str:
    """The text the assistant gets: ``text`` itself, or an intent trigger when it is too long.
    An over-long message is searched for acute danger in full (the patterns only: the
    classifier reads no more than the limit); its reply names 112 anyway."""
    if len(text) <= MAX_MESSAGE_CHARS:
        return text
    if danger.is_acuut(text):
        return f"/{danger.INTENT}"
    return f"/{TOO_LONG_INTENT}"


def redacted(text: str) -> str:
    """``text`` with personal data replaced; an intent trigger stays as it is."""
    if text.startswith("/"):
        return text
    return privacy.redact(text).tekst
