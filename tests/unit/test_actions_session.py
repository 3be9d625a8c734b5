"""action_session_start: welcome first, a fresh session, nothing carried over."""

import pytest
import yaml
from rasa_sdk.events import ActionExecuted, SessionStarted
from rasa_sdk.executor import CollectingDispatcher

from actions.session import ActionSessionStart
from tests.unit.helpers import ROOT, domain_section, make_tracker

pytestmark = pytest.mark.anyio


async def test_a_new_session_welcomes_and_carries_no_answer_over():
    """Answers of the previous session (slots) are not set again: no SlotSet among the events,
    only the session start and listening (Rasa's own action would carry slots over)."""
    previous = {"vermoeden": True, "afwegingskader_uitkomst": "melden"}
    dispatcher = CollectingDispatcher()
    events = await ActionSessionStart().run(dispatcher, make_tracker(previous), domain={})

    assert events == [SessionStarted(), ActionExecuted("action_listen")]
    assert [m["response"] for m in dispatcher.messages] == ["utter_welcome"]


def test_the_domain_uses_this_action_and_keeps_no_slots_across_sessions():
    """The custom action replaces Rasa's default only when the domain lists it; and the
    session config must agree that nothing is carried over."""
    assert ActionSessionStart().name() in dict(domain_section("actions"))
    config = yaml.safe_load((ROOT / "domain" / "core.yml").read_text(encoding="utf-8"))
    assert config["session_config"]["carry_over_slots_to_new_session"] is False
