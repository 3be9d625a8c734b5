"""addons.action_guard: the action timeout setting and one notice per message."""

import pytest
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.shared.core.events import UserUttered

from addons import action_guard


@pytest.mark.parametrize(
    "value,expected", [(None, 10.0), ("3", 3.0), ("0", 1.0), ("geen getal", 10.0)]
)
def test_timeout_from_the_environment(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("MELDCODE_ACTION_TIMEOUT", raising=False)
    else:
        monkeypatch.setenv("MELDCODE_ACTION_TIMEOUT", value)
    assert action_guard.timeout_seconds() == expected


class FakeNlg:
    async def generate(self, name, tracker, channel):
        return {"text": f"({name})"}


class FakeTracker:
    def __init__(self, sender, message_id):
        self.sender_id = sender
        self.latest_message = UserUttered("hoi", message_id=message_id)


@pytest.mark.anyio
async def test_the_user_is_told_once_per_message():
    channel = CollectingOutputChannel()
    await action_guard._tell_user(channel, FakeNlg(), FakeTracker("a", "m1"))
    await action_guard._tell_user(channel, FakeNlg(), FakeTracker("a", "m1"))  # same message
    await action_guard._tell_user(channel, FakeNlg(), FakeTracker("a", "m2"))  # next message
    assert [m["text"] for m in channel.messages] == ["(utter_action_server_unavailable)"] * 2
