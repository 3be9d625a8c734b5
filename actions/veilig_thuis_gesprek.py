"""Preparing the call with Veilig Thuis: tracker <-> bot.veilig_thuis_gesprek."""

from __future__ import annotations

from datetime import date
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.afwegingskader import OUTCOME_SLOT, RESET_SLOTS
from bot import afwegingskader as ak
from bot import melden_zonder_toestemming as mzt
from bot import veilig_thuis_gesprek as vt


def answers(tracker: Tracker) -> Dict[str, Optional[str]]:
    return {question: tracker.get_slot(question) for question in vt.VRAGEN}


class ValidateVeiligThuisGesprekForm(FormValidationAction):
    """Reads each answer with ``vt.lees_antwoord``; asks only what ``vt.nog_te_vragen`` lists."""

    def name(self) -> str:
        return "validate_veilig_thuis_gesprek_form"

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        return vt.nog_te_vragen(answers(tracker), tracker.get_slot(OUTCOME_SLOT))

    def _extract(
        self, question: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Dict[str, Any]:
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        text = message.get("text")
        requested = tracker.get_slot("requested_slot")
        if requested is None and question == "vt_soort" and tracker.get_slot(question) is None:
            # Said up front ("ik wil een melding voorbereiden"): no need to ask.
            chosen = vt.soort(text)
            return {question: chosen} if chosen else {}
        if requested != question:
            return {}
        reading = vt.lees_antwoord(question, text, intent)
        if reading.soort == "onderbreking":
            return {}
        if reading.soort == "onbegrepen":
            dispatcher.utter_message(response="utter_vt_not_understood")
        return {question: reading.waarde}

    async def extract_vt_soort(self, d: CollectingDispatcher, t: Tracker, _: Any) -> Dict:
        return self._extract("vt_soort", d, t)

    async def extract_vt_rol(self, d: CollectingDispatcher, t: Tracker, _: Any) -> Dict:
        return self._extract("vt_rol", d, t)

    async def extract_vt_leeftijd(self, d: CollectingDispatcher, t: Tracker, _: Any) -> Dict:
        return self._extract("vt_leeftijd", d, t)

    async def extract_vt_signalen(self, d: CollectingDispatcher, t: Tracker, _: Any) -> Dict:
        return self._extract("vt_signalen", d, t)

    async def extract_vt_sinds(self, d: CollectingDispatcher, t: Tracker, _: Any) -> Dict:
        return self._extract("vt_sinds", d, t)

    async def extract_vt_gebieden(self, d: CollectingDispatcher, t: Tracker, _: Any) -> Dict:
        return self._extract("vt_gebieden", d, t)

    async def extract_vt_overleg(self, d: CollectingDispatcher, t: Tracker, _: Any) -> Dict:
        return self._extract("vt_overleg", d, t)

    async def extract_vt_ouders(self, d: CollectingDispatcher, t: Tracker, _: Any) -> Dict:
        return self._extract("vt_ouders", d, t)

    async def extract_vt_reden(self, d: CollectingDispatcher, t: Tracker, _: Any) -> Dict:
        return self._extract("vt_reden", d, t)

    async def extract_vt_hulp(self, d: CollectingDispatcher, t: Tracker, _: Any) -> Dict:
        return self._extract("vt_hulp", d, t)


class ActionVtSummary(Action):
    """The summary to have at hand while calling, built from the kept (redacted) answers."""

    def name(self) -> str:
        return "action_vt_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        outcome = tracker.get_slot(OUTCOME_SLOT)
        outcome_text = ak.samenvatting_teksten().besluiten.get(outcome) if outcome else None
        text = vt.samenvatting(answers(tracker), outcome, outcome_text, date.today())
        dispatcher.utter_message(response="utter_vt_summary", samenvatting=text)
        return []


class ActionVtReset(Action):
    """Forget the answers of the call preparation (after 'stop')."""

    def name(self) -> str:
        return "action_vt_reset"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        return [SlotSet(question, None) for question in vt.VRAGEN]


class ActionClearAnswers(Action):
    """'Wis mijn antwoorden': every answer of every guided dialog, at once."""

    def name(self) -> str:
        return "action_clear_answers"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        slots = [*vt.VRAGEN, *RESET_SLOTS, *mzt.SLOTS.values()]
        return [SlotSet(slot, None) for slot in slots]
