"""The afwegingskader dialog: tracker <-> bot.afwegingskader. No decisions are made here."""

from __future__ import annotations

from datetime import date
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import afwegingskader as ak
from bot import antwoorden, organisatie
from bot import veilig_thuis_gesprek as vt

OUTCOME_SLOT = "afwegingskader_uitkomst"


PENDING_SLOT = "ak_lezing"  # "<question>=<meaning>": an uncertain reading to confirm
CONFIRM_SLOT = "ak_bevestiging"  # the confirmation question, asked by action_ask_ak_bevestiging
REPEATED_SLOT = "ak_herhaald"  # questions already asked a second time, comma-separated
DIALOG_QUESTIONS = (*ak.VRAGEN, *ak.TWIJFEL_VRAGEN)
HELPER_SLOTS = (PENDING_SLOT, CONFIRM_SLOT, REPEATED_SLOT)


def answers(tracker: Tracker) -> ak.Antwoorden:
    """The answers in the tracker; a value the rules do not know is treated as not given."""
    return ak.Antwoorden(**_given(tracker, ak.VRAGEN, ak.Antwoorden))


def twijfel_answers(tracker: Tracker) -> ak.TwijfelAntwoorden:
    return ak.TwijfelAntwoorden(**_given(tracker, ak.TWIJFEL_VRAGEN, ak.TwijfelAntwoorden))


def _given(tracker: Tracker, questions, model) -> Dict[str, Any]:
    given: Dict[str, Any] = {}
    for question in questions:
        value = tracker.get_slot(question)
        if _valid(question, value, model):
            given[question] = value
    return given


def _valid(question: str, value: Any, model: Any = None) -> bool:
    model = model or (ak.TwijfelAntwoorden if question in ak.TWIJFEL_VRAGEN else ak.Antwoorden)
    try:
        model(**{question: value})
    except ValueError:
        return False
    return value is not None


def pending(tracker: Tracker) -> Optional[Tuple[str, str]]:
    """The reading waiting for confirmation: (question, meaning), or None."""
    value = tracker.get_slot(PENDING_SLOT) or ""
    question, _, meaning = value.partition("=")
    if question in DIALOG_QUESTIONS and meaning in antwoorden.ANTWOORDEN[question]:
        return question, meaning
    return None


def _slot_events(before: ak.Antwoorden, after: ak.Antwoorden) -> List[EventType]:
    return [
        SlotSet(question, getattr(after, question))
        for question in ak.VRAGEN
        if getattr(before, question) != getattr(after, question)
    ]


def _message(tracker: Tracker) -> Tuple[Optional[str], Optional[str], Dict[str, Any]]:
    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name")
    entities = {e.get("entity"): e.get("value") for e in message.get("entities") or []}
    return message.get("text"), intent, entities


class ValidateAfwegingskaderForm(FormValidationAction):
    """Asks only the questions the rules still need; stops as soon as the outcome is known.

    Each message is read as the answer to the open question (``bot.antwoorden.lees``). A
    certain reading fills the slot; an uncertain one is confirmed first (the extra slot
    ``ak_bevestiging``); a message that is no answer is left to the form's rules.
    """

    def name(self) -> str:
        return "validate_afwegingskader_form"

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        questions = ak.dialoog_vragen(answers(tracker), twijfel_answers(tracker))
        waiting = pending(tracker)
        if waiting and waiting[0] == questions[-1]:
            return [*questions[:-1], CONFIRM_SLOT, questions[-1]]
        return questions

    def _extract(self, question: str, dispatcher: CollectingDispatcher, tracker: Tracker):
        if tracker.get_slot("requested_slot") != question:
            return {}
        text, intent, _ = _message(tracker)
        reading = antwoorden.lees(question, text, intent)
        if reading.zeker:
            return {question: reading.betekenis}
        if reading.betekenis != antwoorden.GEEN_ANTWOORD:
            return {PENDING_SLOT: f"{question}={reading.betekenis}", question: None}
        if intent in antwoorden.ONDERBREKENDE_INTENTS or antwoorden.onderbreking(
            text or "", intent
        ):
            return {}  # not an answer: the form's rules answer it, then the question comes again
        repeated = [q for q in (tracker.get_slot(REPEATED_SLOT) or "").split(",") if q]
        if question in repeated:  # not a third time: "weet ik niet?", with the other buttons
            return {PENDING_SLOT: f"{question}=twijfel", question: None}
        dispatcher.utter_message(response="utter_ak_niet_begrepen")
        return {REPEATED_SLOT: ",".join([*repeated, question]), question: None}

    async def extract_vermoeden(self, d: CollectingDispatcher, t: Tracker, _: Any) -> Dict:
        return self._extract("vermoeden", d, t)

    async def extract_onveiligheid(self, d: CollectingDispatcher, t: Tracker, _: Any) -> Dict:
        return self._extract("onveiligheid", d, t)

    async def extract_disclosure(self, d: CollectingDispatcher, t: Tracker, _: Any) -> Dict:
        return self._extract("disclosure", d, t)

    async def extract_hulp_mogelijk(self, d: CollectingDispatcher, t: Tracker, _: Any) -> Dict:
        return self._extract("hulp_mogelijk", d, t)

    async def extract_hulp_aanvaard(self, d: CollectingDispatcher, t: Tracker, _: Any) -> Dict:
        return self._extract("hulp_aanvaard", d, t)

    async def extract_resultaat(self, d: CollectingDispatcher, t: Tracker, _: Any) -> Dict:
        return self._extract("resultaat", d, t)

    async def extract_twijfel_acuut(self, d: CollectingDispatcher, t: Tracker, _: Any) -> Dict:
        return self._extract("twijfel_acuut", d, t)

    async def extract_twijfel_disclosure(
        self, d: CollectingDispatcher, t: Tracker, _: Any
    ) -> Dict:
        return self._extract("twijfel_disclosure", d, t)

    async def extract_ak_bevestiging(self, d: CollectingDispatcher, t: Tracker, _: Any) -> Dict:
        """The reply to "Ik lees je antwoord als *nee*: klopt dat?"."""
        waiting = pending(t)
        if t.get_slot("requested_slot") != CONFIRM_SLOT or waiting is None:
            return {}
        question, meaning = waiting
        text, intent, entities = _message(t)
        choice = antwoorden.lees_bevestiging(
            question, meaning, text, intent, entities.get("antwoord")
        )
        if choice is None:
            return {}  # a question or "stop": the rules handle it, the confirmation stays open
        if choice == antwoorden.ANDERS:  # ask the question itself again (its second time)
            repeated = [q for q in (t.get_slot(REPEATED_SLOT) or "").split(",") if q]
            return {  # the question last: the SDK validates in this order
                PENDING_SLOT: None,
                CONFIRM_SLOT: None,
                REPEATED_SLOT: ",".join(dict.fromkeys([*repeated, question])),
                question: None,
            }
        return {PENDING_SLOT: None, CONFIRM_SLOT: None, question: choice}

    def _validate(self, question: str, value: Any, tracker: Tracker) -> Dict[str, Any]:
        result = {question: value if _valid(question, value) else None}
        # The helper slots set by the extraction this turn: the SDK returns only what the
        # validation returns, so they are passed on here.
        changed = tracker.slots_to_validate()
        for slot in HELPER_SLOTS:
            if slot in changed:
                result[slot] = tracker.get_slot(slot)
        return result

    def validate_vermoeden(self, value: Any, _d: Any, t: Tracker, _: Any) -> Dict[str, Any]:
        return self._validate("vermoeden", value, t)

    def validate_onveiligheid(self, value: Any, _d: Any, t: Tracker, _: Any) -> Dict[str, Any]:
        return self._validate("onveiligheid", value, t)

    def validate_disclosure(self, value: Any, _d: Any, t: Tracker, _: Any) -> Dict[str, Any]:
        return self._validate("disclosure", value, t)

    def validate_hulp_mogelijk(self, value: Any, _d: Any, t: Tracker, _: Any) -> Dict[str, Any]:
        return self._validate("hulp_mogelijk", value, t)

    def validate_hulp_aanvaard(self, value: Any, _d: Any, t: Tracker, _: Any) -> Dict[str, Any]:
        return self._validate("hulp_aanvaard", value, t)

    def validate_resultaat(self, value: Any, _d: Any, t: Tracker, _: Any) -> Dict[str, Any]:
        return self._validate("resultaat", value, t)

    def validate_twijfel_acuut(self, value: Any, _d: Any, t: Tracker, _: Any) -> Dict[str, Any]:
        return self._validate("twijfel_acuut", value, t)

    def validate_twijfel_disclosure(
        self, value: Any, _d: Any, t: Tracker, _: Any
    ) -> Dict[str, Any]:
        return self._validate("twijfel_disclosure", value, t)


class ActionAskAkBevestiging(Action):
    """Asks "Ik lees je antwoord als *nee*: klopt dat?" with buttons for the other answers."""

    def name(self) -> str:
        return "action_ask_ak_bevestiging"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        waiting = pending(tracker)
        if waiting is None:
            return []
        question, meaning = waiting
        dispatcher.utter_message(response=confirmation_response(question, meaning))
        return []


def confirmation_response(question: str, meaning: str) -> str:
    kind = "resultaat_" if question == "resultaat" else ""
    return f"utter_ak_bevestig_{kind}{meaning}"


def _next_steps_response(key: str) -> str:
    if key == "melden_1":
        return "utter_wat_nu_melden_1"
    if key.startswith("melden"):
        return "utter_wat_nu_melden"
    if key == "advies_vragen":
        return "utter_wat_nu_advies"
    return "utter_wat_nu_overig"


class ActionAfwegingskaderOutcome(Action):
    """Shows the answers as read, then the outcome decided by the rules module: why, what now,
    who decides, sources."""

    def name(self) -> str:
        return "action_afwegingskader_outcome"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        given, doubt = answers(tracker), twijfel_answers(tracker)
        outcome = ak.beoordeel_dialoog(given, doubt)
        key = ak.uitkomst_sleutel(outcome)
        if key is None:
            dispatcher.utter_message(response="utter_afwegingskader_summary_unavailable")
            return [SlotSet(OUTCOME_SLOT, None)]
        values = {**given.dict(), **doubt.dict()}
        dispatcher.utter_message(
            response="utter_afwegingskader_gelezen",
            overzicht=ak.gelezen(values, ak.dialoog_vragen(given, doubt)),
        )
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
        summary = ak.samenvatting(answers(tracker), date.today(), twijfel_answers(tracker))
        if summary is None:
            dispatcher.utter_message(response="utter_afwegingskader_summary_unavailable")
        else:
            dispatcher.utter_message(response="utter_afwegingskader_summary", samenvatting=summary)
        return []


def _questions_asked(tracker: Tracker) -> List[str]:
    given, doubt = answers(tracker), twijfel_answers(tracker)
    values = {**given.dict(), **doubt.dict()}
    return [q for q in ak.dialoog_vragen(given, doubt) if values.get(q) is not None]


class ActionAfwegingskaderChangeMenu(Action):
    """'Antwoord veranderen': one button per answered question, each changes that answer."""

    def name(self) -> str:
        return "action_afwegingskader_change_menu"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        asked = _questions_asked(tracker)
        if not asked:
            dispatcher.utter_message(response="utter_afwegingskader_summary_unavailable")
            return []
        t = ak.gelezen_teksten()
        buttons = [
            {
                "title": t.knop.format(nummer=t.nummers[question]),
                "payload": f'/change_answer{{"vraag": "{question}"}}',
            }
            for question in asked
        ]
        dispatcher.utter_message(response="utter_change_answer_menu", buttons=buttons)
        return []


class ActionAfwegingskaderChangeAnswer(Action):
    """'Vraag 2 moet nee zijn' (or a button of the change menu): clears that answer and the
    later ones, fills the new answer in when the text holds one; the form asks again."""

    def name(self) -> str:
        return "action_afwegingskader_change_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        before, doubt = answers(tracker), twijfel_answers(tracker)
        text, _, entities = _message(tracker)
        chosen = entities.get("vraag")
        helpers = [SlotSet(slot, None) for slot in (PENDING_SLOT, CONFIRM_SLOT)]
        if chosen in ak.TWIJFEL_VRAGEN:
            later = ak.TWIJFEL_VRAGEN[ak.TWIJFEL_VRAGEN.index(chosen) :]
            dispatcher.utter_message(response="utter_change_answer_done")
            return [*(SlotSet(q, None) for q in later), *helpers, SlotSet(OUTCOME_SLOT, None)]
        if chosen in ak.VRAGEN:
            text = f"vraag {ak.gelezen_teksten().nummers[chosen]}"
        change = ak.wijzig_antwoord(before, text or "")
        if change.vraag is None:
            dispatcher.utter_message(response="utter_change_answer_which")
            return helpers
        dispatcher.utter_message(response="utter_change_answer_done")
        events = _slot_events(before, change.antwoorden)
        if change.antwoorden.vermoeden != "twijfel" or change.vraag == "vermoeden":
            events += [SlotSet(q, None) for q in ak.TWIJFEL_VRAGEN if getattr(doubt, q)]
        return [*events, *helpers, SlotSet(OUTCOME_SLOT, None)]


class ActionAfwegingskaderReset(Action):
    """Forget every answer of the afwegingskader (after 'stop')."""

    def name(self) -> str:
        return "action_afwegingskader_reset"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        return [SlotSet(slot, None) for slot in RESET_SLOTS]


RESET_SLOTS = (*DIALOG_QUESTIONS, *HELPER_SLOTS, OUTCOME_SLOT)
