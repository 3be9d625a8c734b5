"""addons/speedups.py: the action server's answers are checked exactly as stock Rasa does."""

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from addons import speedups

SCHEMA = RemoteAction.action_response_format_spec()
ANSWERS = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "vermoeden", "value": "ja"}], "responses": []},
    {"responses": [{"response": "utter_ask_onveiligheid"}]},
    {},
    {"events": "geen lijst"},
    {"events": [{"geen": "event"}]},
    {"events": [{"event": "slot", "name": 5}], "responses": []},
    {"responses": "geen lijst"},
]


def stock_verdict(answer) -> bool:
    try:
        jsonschema.validate(answer, SCHEMA)
        return True
    except jsonschema.ValidationError:
        return False


@pytest.mark.parametrize("answer", ANSWERS)
def test_the_cached_validator_agrees_with_stock_rasa(answer):
    speedups.install()
    action = RemoteAction("action_x", None)
    if stock_verdict(answer):
        assert action._validate_action_result(answer) is True
    else:
        with pytest.raises(jsonschema.ValidationError, match="Failed to validate"):
            action._validate_action_result(answer)


def test_both_verdicts_occur():
    assert {stock_verdict(answer) for answer in ANSWERS} == {True, False}


def test_install_twice_changes_nothing():
    speedups.install()
    patched = RemoteAction._validate_action_result
    speedups.install()
    assert RemoteAction._validate_action_result is patched
