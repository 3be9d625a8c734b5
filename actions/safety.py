"""Actions of the safety layer (decided in bot/safety.py, predicted by addons.policies)."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionReverted, ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import safety


class ActionAcuteDanger(Action):
    """112 and Veilig Thuis first. A dialog in progress is paused with its answers kept."""

    def name(self) -> str:
        return safety.DANGER_ACTION

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        dispatcher.utter_message(response="utter_acute_danger")
        form = tracker.active_loop_name
        if form not in safety.FORMS:
            return []
        dispatcher.utter_message(response=safety.RESUME_BUTTON_RESPONSE)
        return [
            ActiveLoop(None),
            SlotSet("requested_slot", None),
            SlotSet(safety.PAUSED_FORM_SLOT, form),
        ]


class ActionResumeForm(Action):
    """ "Verder met de vragen": back into the paused dialog, at its next open question."""

    def name(self) -> str:
        return "action_resume_form"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        form = tracker.get_slot(safety.PAUSED_FORM_SLOT)
        if form not in safety.FORMS:
            dispatcher.utter_message(response="utter_nothing_to_resume")
            return [FollowupAction("action_listen")]
        return [SlotSet(safety.PAUSED_FORM_SLOT, None), FollowupAction(form)]


class _NoticeThenGoOn:
    """A notice before the answer; then the turn goes on as if it was not there
    (ActionReverted), so the rules and forms see the user's message unchanged. A mixin, not an
    Action: rasa_sdk registers every Action subclass by its name()."""

    response: str

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        dispatcher.utter_message(response=self.response)
        return [ActionReverted()]


class ActionNameReminder(_NoticeThenGoOn, Action):
    """Once per conversation: please type no names."""

    response = safety.REMINDER_RESPONSE

    def name(self) -> str:
        return safety.REMINDER_ACTION


class ActionDangerHedge(_NoticeThenGoOn, Action):
    """Danger possible, not clear: a first line with 112 and Veilig Thuis, then the answer."""

    response = safety.HEDGE_RESPONSE

    def name(self) -> str:
        return safety.HEDGE_ACTION
