"""The safety actions: exact events and response names, with inline trackers."""

import pytest
from rasa_sdk.events import ActionReverted, ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.safety import (
    ActionAcuteDanger,
    ActionDangerHedge,
    ActionNameReminder,
    ActionResumeForm,
)
from tests.unit.helpers import make_tracker


def responses(dispatcher: CollectingDispatcher) -> list:
    return [message["response"] for message in dispatcher.messages]


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    return responses(dispatcher), events


def test_danger_outside_a_dialog_only_answers():
    said, events = run(ActionAcuteDanger(), make_tracker(slots={}))
    assert said == ["utter_acute_danger"]
    assert events == []


@pytest.mark.parametrize("form", ["afwegingskader_form", "melden_zonder_toestemming_form"])
def test_danger_inside_a_dialog_pauses_it_and_keeps_the_answers(form):
    tracker = make_tracker(
        slots={"vermoeden": "ja", "requested_slot": "onveiligheid"}, active_loop=form
    )
    said, events = run(ActionAcuteDanger(), tracker)
    assert said == ["utter_acute_danger", "utter_acute_danger_resume"]
    assert events == [
        ActiveLoop(None),
        SlotSet("requested_slot", None),
        SlotSet("paused_form", form),
    ]  # no SlotSet for "vermoeden": the answers stay


def test_resume_goes_back_into_the_paused_dialog():
    tracker = make_tracker(slots={"paused_form": "afwegingskader_form"})
    said, events = run(ActionResumeForm(), tracker)
    assert said == []
    assert events == [SlotSet("paused_form", None), FollowupAction("afwegingskader_form")]


def test_resume_without_a_paused_dialog_says_so():
    said, events = run(ActionResumeForm(), make_tracker(slots={"paused_form": None}))
    assert said == ["utter_nothing_to_resume"]
    assert events == [FollowupAction("action_listen")]


def test_name_reminder_is_said_and_then_undone_for_the_dialogue():
    said, events = run(ActionNameReminder(), make_tracker(slots={}))
    assert said == ["utter_name_reminder"]
    assert events == [ActionReverted()]


def test_danger_hedge_is_said_and_then_undone_for_the_dialogue():
    said, events = run(ActionDangerHedge(), make_tracker(slots={}))
    assert said == ["utter_danger_hedge"]
    assert events == [ActionReverted()]
