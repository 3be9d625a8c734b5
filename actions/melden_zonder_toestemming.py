"""Melden zonder toestemming: tracker <-> bot.melden_zonder_toestemming."""

from __future__ import annotations

from datetime import date
from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import melden_zonder_toestemming as mzt
from bot import vrije_tekst


def answers(tracker: Tracker) -> Dict[str, Any]:
    return {vraag: tracker.get_slot(slot) for vraag, slot in mzt.SLOTS.items()}


class ValidateMeldenZonderToestemmingForm(FormValidationAction):
    """Takes free text as the answer to the open question (``bot.vrije_tekst.lees``): an answer,
    "weet ik niet" or "overslaan" is kept, tidy (folded, length-limited); a question, "stop"
    or danger is not, and the form's rules handle it."""

    def name(self) -> str:
        return "validate_melden_zonder_toestemming_form"

    def _extract(self, slot: str, tracker: Tracker) -> Dict[str, Any]:
        if tracker.get_slot("requested_slot") != slot:
            return {}
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        text = message.get("text")
        reading = vrije_tekst.lees(text, intent)
        return {slot: reading.waarde} if vrije_tekst.is_answer(text, intent) else {}

    def _clean(self, slot: str, value: Any) -> Dict[str, Any]:
        return {slot: vrije_tekst.schoon_antwoord(value if isinstance(value, str) else None)}

    async def extract_mzt_belang(self, _d: Any, tracker: Tracker, _dom: Any) -> Dict[str, Any]:
        return self._extract("mzt_belang", tracker)

    async def extract_mzt_alternatief(self, _d: Any, tracker: Tracker, _dom: Any) -> Dict[str, Any]:
        return self._extract("mzt_alternatief", tracker)

    async def extract_mzt_toestemming(self, _d: Any, tracker: Tracker, _dom: Any) -> Dict[str, Any]:
        return self._extract("mzt_toestemming", tracker)

    async def extract_mzt_afweging(self, _d: Any, tracker: Tracker, _dom: Any) -> Dict[str, Any]:
        return self._extract("mzt_afweging", tracker)

    async def extract_mzt_informatie(self, _d: Any, tracker: Tracker, _dom: Any) -> Dict[str, Any]:
        return self._extract("mzt_informatie", tracker)

    def validate_mzt_belang(self, value: Any, *_: Any) -> Dict[str, Any]:
        return self._clean("mzt_belang", value)

    def validate_mzt_alternatief(self, value: Any, *_: Any) -> Dict[str, Any]:
        return self._clean("mzt_alternatief", value)

    def validate_mzt_toestemming(self, value: Any, *_: Any) -> Dict[str, Any]:
        return self._clean("mzt_toestemming", value)

    def validate_mzt_afweging(self, value: Any, *_: Any) -> Dict[str, Any]:
        return self._clean("mzt_afweging", value)

    def validate_mzt_informatie(self, value: Any, *_: Any) -> Dict[str, Any]:
        return self._clean("mzt_informatie", value)


class ActionMztRationale(Action):
    """Writes the rationale for the dossier from the five answers."""

    def name(self) -> str:
        return "action_mzt_rationale"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        text = mzt.onderbouwing(answers(tracker), date.today())
        dispatcher.utter_message(response="utter_mzt_rationale", onderbouwing=text)
        return []


class ActionMztReset(Action):
    """Forget the five answers (after 'stop')."""

    def name(self) -> str:
        return "action_mzt_reset"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        return [SlotSet(slot, None) for slot in mzt.SLOTS.values()]
