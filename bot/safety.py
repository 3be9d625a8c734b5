"""Safety first, in every state of the conversation: which action must come before anything else.

Used by ``addons.policies.SafetyPolicy``, which outranks the other policies. Two cases:
- acute danger (the ``acute_danger`` intent, or the patterns of ``bot.danger``): answer with
  112 and Veilig Thuis at once, pausing a dialog in progress;
- a person's name in the message: remind the user, once per conversation, not to type names.
"""

from __future__ import annotations

from typing import Iterable, Optional

from bot import danger, privacy

LISTEN = "action_listen"
DANGER_ACTION = "action_acute_danger"
REMINDER_ACTION = "action_name_reminder"
REMINDER_RESPONSE = "utter_name_reminder"
RESUME_BUTTON_RESPONSE = "utter_acute_danger_resume"
# The dialogs (forms) that acute danger pauses and that "verder" resumes.
FORMS = ("afwegingskader_form", "melden_zonder_toestemming_form", "veilig_thuis_gesprek_form")
PAUSED_FORM_SLOT = "paused_form"


def reminder_given(bot_response_names: Iterable[Optional[str]]) -> bool:
    return REMINDER_RESPONSE in bot_response_names


def next_action(
    *,
    intent: Optional[str],
    text: Optional[str],
    last_action: Optional[str],
    reminder_already_given: bool,
) -> Optional[str]:
    """The action that must run now, or None to leave the choice to the other policies."""
    if last_action == DANGER_ACTION:
        return LISTEN
    if last_action != LISTEN or (not text and not intent):
        return None
    if intent == danger.INTENT or danger.is_acuut(text):
        return DANGER_ACTION
    if not reminder_already_given and text and privacy.redact(text).bevat_naam:
        return REMINDER_ACTION
    return None
