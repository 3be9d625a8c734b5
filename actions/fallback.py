"""Low NLU confidence ("bedoel je ...?") and answering a topic chosen from its buttons."""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import fallback, knowledge


class ActionDisambiguate(Action):
    """Offers the most likely topics as buttons (the FAQ matcher's choices, else the two best of
    the classifier), plus a way out; the out-of-scope reply when the matcher found nothing."""

    def name(self) -> str:
        return "action_disambiguate"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        parse = tracker.latest_message or {}
        matcher = parse.get("faq_matcher")
        if fallback.buiten_bereik(matcher):
            dispatcher.utter_message(response="utter_out_of_scope")
            return []
        responses = (parse.get("response_selector") or {}).get("default", {}).get("ranking", [])
        keuzes = fallback.uit_matcher(matcher) or fallback.kandidaten(
            parse.get("intent_ranking") or [], responses
        )
        if not keuzes:
            dispatcher.utter_message(response="utter_default")
            return []
        uitweg = fallback.instellingen().uitweg
        buttons = [{"title": k.titel, "payload": k.payload} for k in keuzes]
        buttons.append({"title": uitweg.titel, "payload": uitweg.payload})
        dispatcher.utter_message(response="utter_disambiguate", buttons=buttons)
        return []


class ActionAnswerTopic(Action):
    """Answers the FAQ topic chosen with a button (``/choose_topic{"topic": ...}``)."""

    def name(self) -> str:
        return "action_answer_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        topic = next(tracker.get_latest_entity_values("topic"), None)
        if topic in knowledge.default().faq:
            dispatcher.utter_message(response=f"utter_faq/{topic}")
        else:
            dispatcher.utter_message(response="utter_default")
        return []
