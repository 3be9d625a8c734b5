"""The afwegingskader dialog: tracker <-> bot.afwegingskader. No decisions are made here."""

from __future__ import annotations

from datetime import date
from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import afwegingskader as ak
from bot import organisatie
from bot import veilig_thuis_gesprek as vt

FORM = "afwegingskader_form"
OUTCOME_SLOT = "afwegingskader_uitkomst"


def answers(tracker: Tracker) -> ak.Antwoorden:
    """The answers in the tracker; a value the rules do not know is treated as not given."""
    given: Dict[str, Any] = {}
    for question in ak.VRAGEN:
        value = tracker.get_slot(question)
        if _valid(question, value):
            given[question] = value
    return ak.Antwoorden(**given)


def _valid(question: str, value: Any) -> bool:
    try:
        ak.Antwoorden(**{question: value})
    except ValueError:
        return False
    return value is not None


def _slot_events(before: ak.Antwoorden, after: ak.Antwoorden) -> List[EventType]:
    return [
        SlotSet(question, getattr(after, question))
        for question in ak.VRAGEN
        if getattr(before, question) != getattr(after, question)
    ]


class ValidateAfwegingskaderForm(FormValidationAction):
    """Asks only the questions the rules still need; stops as soon as the outcome is known."""

    def name(self) -> str:
        return "validate_afwegingskader_form"

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        return ak.gestelde_vragen(answers(tracker))

    def _validate(self, question: str, value: Any) -> Dict[str, Any]:
        return {question: value if _valid(question, value) else None}

    def validate_vermoeden(self, value: Any, *_: Any) -> Dict[str, Any]:
        return self._validate("vermoeden", value)

    def validate_onveiligheid(self, value: Any, *_: Any) -> Dict[str, Any]:
        return self._validate("onveiligheid", value)

    def validate_disclosure(self, value: Any, *_: Any) -> Dict[str, Any]:
        return self._validate("disclosure", value)

    def validate_hulp_mogelijk(self, value: Any, *_: Any) -> Dict[str, Any]:
        return self._validate("hulp_mogelijk", value)

    def validate_hulp_aanvaard(self, value: Any, *_: Any) -> Dict[str, Any]:
        return self._validate("hulp_aanvaard", value)

    def validate_resultaat(self, value: Any, *_: Any) -> Dict[str, Any]:
        return self._validate("resultaat", value)


def _next_steps_response(key: str) -> str:
    if key == "melden_1":
        return "utter_wat_nu_melden_1"
    if key.startswith("melden"):
        return "utter_wat_nu_melden"
    if key == "advies_vragen":
        return "utter_wat_nu_advies"
    return "utter_wat_nu_overig"


class ActionAfwegingskaderOutcome(Action):
    """Tells the outcome decided by the rules module, with why, what now, who decides, sources."""

    def name(self) -> str:
        return "action_afwegingskader_outcome"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        outcome = ak.beoordeel(answers(tracker))
        key = ak.uitkomst_sleutel(outcome)
        if key is None:
            dispatcher.utter_message(response="utter_afwegingskader_summary_unavailable")
            return [SlotSet(OUTCOME_SLOT, None)]
        dispatcher.utter_message(response=f"utter_besluit_{key}")
        dispatcher.utter_message(
            response="utter_afwegingskader_reason", toelichting=outcome.toelichting
        )
        dispatcher.utter_message(response=_next_steps_response(key))
        # Melden or advies vragen: offer to prepare the call with Veilig Thuis too.
        footer = (
            "utter_afwegingskader_footer_bellen"
            if key in vt.SOORT_BIJ_UITKOMST
            else "utter_afwegingskader_footer"
        )
        dispatcher.utter_message(
            response=footer,
            wie_beslist=organisatie.laad().wie_beslist,
            bronregel=ak.bronregel(outcome),
        )
        return [SlotSet(OUTCOME_SLOT, key)]


class ActionAfwegingskaderSummary(Action):
    """A name-free summary for the dossier: answers, outcome, sources, date."""

    def name(self) -> str:
        return "action_afwegingskader_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        summary = ak.samenvatting(answers(tracker), date.today())
        if summary is None:
            dispatcher.utter_message(response="utter_afwegingskader_summary_unavailable")
        else:
            dispatcher.utter_message(response="utter_afwegingskader_summary", samenvatting=summary)
        return []


class ActionAfwegingskaderChangeAnswer(Action):
    """'Vraag 2 moet nee zijn': clears that answer and later ones, fills the new answer in."""

    def name(self) -> str:
        return "action_afwegingskader_change_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        before = answers(tracker)
        text = (tracker.latest_message or {}).get("text") or ""
        change = ak.wijzig_antwoord(before, text)
        if change.vraag is None:
            dispatcher.utter_message(response="utter_change_answer_which")
            return []
        dispatcher.utter_message(response="utter_change_answer_done")
        return [*_slot_events(before, change.antwoorden), SlotSet(OUTCOME_SLOT, None)]


class ActionAfwegingskaderReset(Action):
    """Forget every answer of the afwegingskader (after 'stop')."""

    def name(self) -> str:
        return "action_afwegingskader_reset"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        return [SlotSet(question, None) for question in (*ak.VRAGEN, OUTCOME_SLOT)]
