"""Actions shared by every guided dialog (form)."""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict


class ActionExplainQuestion(Action):
    """'Waarom vraag je dit?': explains the question the active form is asking.

    Uses ``utter_explain_<requested slot>``; the form then asks the same question again.
    """

    def name(self) -> str:
        return "action_explain_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        question = tracker.get_slot("requested_slot")
        if question == "ak_bevestiging":  # confirming a reading: explain the question itself
            question = (tracker.get_slot("ak_lezing") or "").partition("=")[0] or None
        response = f"utter_explain_{question}"
        if tracker.active_loop_name and question and response in domain.get("responses", {}):
            dispatcher.utter_message(response=response)
        else:
            dispatcher.utter_message(response="utter_explain_no_question")
        return []
