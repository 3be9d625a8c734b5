"""addons.action_guard: the action timeout setting and one notice per message."""

import aiohttp
import pytest
from rasa.core.actions import action as rasa_action
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.shared.core.events import UserUttered
from rasa.shared.exceptions import RasaException

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


class FakeAction:
    def name(self):
        return "action_session_start"


@pytest.mark.anyio
@pytest.mark.parametrize(
    "failure",
    [
        ConnectionResetError("Connection reset by peer"),
        ConnectionError("payload too large: connection closed"),
        aiohttp.ClientPayloadError("Response payload is not completed"),
        aiohttp.ServerDisconnectedError(),
        ValueError("not JSON"),
    ],
    ids=lambda e: type(e).__name__,
)
async def test_every_action_server_failure_tells_the_user(monkeypatch, failure):
    """Not only Rasa's own exceptions: a bare ConnectionError (the 50 MB tracker) too."""

    async def failing_run(self, output_channel, nlg, tracker, domain):
        raise failure

    monkeypatch.setattr(rasa_action.RemoteAction, "run", failing_run)
    monkeypatch.setattr(rasa_action, "DEFAULT_REQUEST_TIMEOUT", rasa_action.DEFAULT_REQUEST_TIMEOUT)
    action_guard.install()
    channel = CollectingOutputChannel()
    with pytest.raises(RasaException):
        await rasa_action.RemoteAction.run(
            FakeAction(), channel, FakeNlg(), FakeTracker(f"s-{id(failure)}", "m1"), None
        )
    assert [m["text"] for m in channel.messages] == ["(utter_action_server_unavailable)"]


@pytest.mark.anyio
async def test_a_form_rejection_is_left_alone(monkeypatch):
    async def rejecting_run(self, output_channel, nlg, tracker, domain):
        raise rasa_action.ActionExecutionRejection("validate_x", "nothing to extract")

    monkeypatch.setattr(rasa_action.RemoteAction, "run", rejecting_run)
    monkeypatch.setattr(rasa_action, "DEFAULT_REQUEST_TIMEOUT", rasa_action.DEFAULT_REQUEST_TIMEOUT)
    action_guard.install()
    channel = CollectingOutputChannel()
    with pytest.raises(rasa_action.ActionExecutionRejection):
        await rasa_action.RemoteAction.run(
            FakeAction(), channel, FakeNlg(), FakeTracker("r", "m1"), None
        )
    assert channel.messages == []


@pytest.mark.anyio
async def test_a_request_on_a_closed_kept_alive_connection_is_sent_once_more(monkeypatch):
    """Under load the action server drops idle connections; nothing ran there, so retry."""
    calls = []

    async def flaky_run(self, output_channel, nlg, tracker, domain):
        calls.append(1)
        if len(calls) == 1:
            cause = aiohttp.ClientOSError("Cannot write to closing transport")
            raise RasaException("Failed to execute custom action") from cause
        return ["events"]

    monkeypatch.setattr(rasa_action.RemoteAction, "run", flaky_run)
    monkeypatch.setattr(rasa_action, "DEFAULT_REQUEST_TIMEOUT", rasa_action.DEFAULT_REQUEST_TIMEOUT)
    action_guard.install()
    channel = CollectingOutputChannel()
    result = await rasa_action.RemoteAction.run(
        FakeAction(), channel, FakeNlg(), FakeTracker("k", "m1"), None
    )
    assert result == ["events"] and len(calls) == 2 and channel.messages == []


@pytest.mark.anyio
async def test_other_failures_are_not_sent_again(monkeypatch):
    calls = []

    async def failing_run(self, output_channel, nlg, tracker, domain):
        calls.append(1)
        raise RasaException("Failed to execute custom action") from ConnectionResetError("reset")

    monkeypatch.setattr(rasa_action.RemoteAction, "run", failing_run)
    monkeypatch.setattr(rasa_action, "DEFAULT_REQUEST_TIMEOUT", rasa_action.DEFAULT_REQUEST_TIMEOUT)
    action_guard.install()
    with pytest.raises(RasaException):
        await rasa_action.RemoteAction.run(
            FakeAction(), CollectingOutputChannel(), FakeNlg(), FakeTracker("o", "m1"), None
        )
    assert len(calls) == 1
