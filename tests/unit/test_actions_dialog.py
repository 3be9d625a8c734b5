"""action_explain_question: the explanation of the open question of any form."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.dialog import ActionExplainQuestion
from tests.unit.helpers import domain_responses, make_tracker

pytestmark = pytest.mark.anyio

RESPONSES = domain_responses()
DOMAIN = {"responses": RESPONSES}


@pytest.mark.parametrize(
    "requested, loop, expected",
    [
        ("onveiligheid", "afwegingskader_form", "utter_explain_onveiligheid"),
        ("resultaat", "afwegingskader_form", "utter_explain_resultaat"),
        ("mzt_toestemming", "melden_zonder_toestemming_form", "utter_explain_mzt_toestemming"),
        (None, None, "utter_explain_no_question"),
        ("onveiligheid", None, "utter_explain_no_question"),
        ("slot_zonder_uitleg", "afwegingskader_form", "utter_explain_no_question"),
    ],
)
async def test_explain_the_open_question(requested, loop, expected):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker({"requested_slot": requested}, active_loop=loop)
    assert await ActionExplainQuestion().run(dispatcher, tracker, DOMAIN) == []
    assert [m["response"] for m in dispatcher.messages] == [expected]
    assert expected in RESPONSES


async def test_why_during_a_confirmation_explains_the_question_being_confirmed():
    slots = {"requested_slot": "ak_bevestiging", "ak_lezing": "resultaat=nee"}
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(slots, active_loop="afwegingskader_form")
    await ActionExplainQuestion().run(dispatcher, tracker, DOMAIN)
    assert [m["response"] for m in dispatcher.messages] == ["utter_explain_resultaat"]
