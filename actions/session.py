"""Start of every conversation: the welcome with the bot notice."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted
from rasa_sdk.executor import CollectingDispatcher


class ActionSessionStart(Action):
    """Opens each session with ``utter_welcome``: an automated assistant, no names please.

    Slots are deliberately not carried over to a new session (privacy).
    """

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_welcome")
        return [SessionStarted(), ActionExecuted("action_listen")]
