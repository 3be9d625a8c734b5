"""action_session_start: welcome first, a fresh session, nothing carried over."""

import pytest
from rasa_sdk.events import ActionExecuted, SessionStarted
from rasa_sdk.executor import CollectingDispatcher

from actions.session import ActionSessionStart
from tests.unit.helpers import make_tracker

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    "slots",
    [{}, {"some_slot": "waarde uit een vorige sessie"}],
)
async def test_session_start_welcomes_and_listens(slots):
    dispatcher = CollectingDispatcher()
    events = await ActionSessionStart().run(dispatcher, make_tracker(slots), domain={})

    assert events == [SessionStarted(), ActionExecuted("action_listen")]
    assert [m["response"] for m in dispatcher.messages] == ["utter_welcome"]


def test_action_name_matches_the_domain():
    assert ActionSessionStart().name() == "action_session_start"
