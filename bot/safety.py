"""Safety first, in every state of the conversation: which action must come before anything else.

Used by ``addons.policies.SafetyPolicy``, which outranks the other policies. Four cases:
- acute danger (the ``acute_danger`` intent, or the patterns of ``bot.danger``): answer with
  112 and Veilig Thuis at once, pausing a dialog in progress;
- a message over the length limit (the channels send ``/message_too_long`` instead, see
  ``bot.channels.incoming``): say so, and wait for a shorter one; a dialog stays active at the
  same question;
- danger possible but not clear: a first line with 112 and Veilig Thuis, then the answer;
- a person's name in the message: remind the user, once per conversation, not to type names.
"""

from __future__ import annotations

from typing import Iterable, Optional

from bot import danger, privacy
from bot.channels import incoming

LISTEN = "action_listen"
DANGER_ACTION = "action_acute_danger"
REMINDER_ACTION = "action_name_reminder"
HEDGE_ACTION = "action_danger_hedge"
HEDGE_RESPONSE = "utter_danger_hedge"
REMINDER_RESPONSE = "utter_name_reminder"
TOO_LONG_RESPONSE = "utter_message_too_long"
RESUME_BUTTON_RESPONSE = "utter_acute_danger_resume"
# The dialogs (forms) that acute danger pauses and that "verder" resumes.
FORMS = ("afwegingskader_form", "melden_zonder_toestemming_form", "veilig_thuis_gesprek_form")
PAUSED_FORM_SLOT = "paused_form"


def reminder_given(bot_response_names: Iterable[Optional[str]]) -> bool:
    return REMINDER_RESPONSE in bot_response_names


def contains_name(text: Optional[str]) -> bool:
    """A name in the message: already replaced by the channel (``[NAAM]``), or found now."""
    return bool(text) and (privacy.NAAM in text or privacy.redact(text).bevat_naam)


def next_action(
    *,
    intent: Optional[str],
    text: Optional[str],
    last_action: Optional[str],
    reminder_already_given: bool,
    hedge: bool = False,
    hedge_already_given: bool = False,
) -> Optional[str]:
    """The action that must run now, or None to leave the choice to the other policies.

    ``hedge``: the NLU found danger possible, not clear (``addons.nlu.DangerDetector``); the
    answer then starts with a line naming 112 and Veilig Thuis, once for this message.
    """
    if last_action in (DANGER_ACTION, TOO_LONG_RESPONSE):
        return LISTEN
    if last_action != LISTEN or (not text and not intent):
        return None
    if intent == danger.INTENT or danger.is_acuut(text):
        return DANGER_ACTION
    if intent == incoming.TOO_LONG_INTENT:
        return TOO_LONG_RESPONSE  # the message was not read; a dialog stays where it was
    if (hedge or danger.mogelijk(text)) and not hedge_already_given:
        return HEDGE_ACTION
    if not reminder_already_given and contains_name(text):
        return REMINDER_ACTION
    return None
