"""Every knowledge topic reaches the user through the REST webhook, with its sources."""

import json
import uuid

import pytest
import yaml

from bot import fallback, knowledge
from tests.integration.conftest import ROOT
from tests.unit.helpers import response_text

pytestmark = pytest.mark.server

KB = knowledge.load()
TRAINING = {}
for block in yaml.safe_load((ROOT / "data" / "nlu" / "faq.yml").read_text(encoding="utf-8"))["nlu"]:
    TRAINING[block["intent"].split("/", 1)[1]] = [
        line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")
    ]


def answer_of(replies) -> str:
    """The reply text after the welcome of a new conversation."""
    welcome = response_text("utter_welcome")
    text = "\n\n".join(reply["text"] for reply in replies)
    assert text.startswith(welcome)
    return text[len(welcome) :].lstrip("\n")


@pytest.mark.parametrize("topic", sorted(KB.faq))
def test_topic_button_gives_the_answer_with_sources(rasa_server, topic):
    payload = fallback.topic_payload(topic)
    json.loads(payload[len("/choose_topic") :])  # the payload carries valid JSON
    replies = rasa_server.send(f"test-{uuid.uuid4().hex[:12]}", payload)
    assert answer_of(replies) == KB.render(KB.faq[topic])


DISAMBIGUATE = response_text("utter_disambiguate")


@pytest.mark.parametrize("topic", sorted(KB.faq))
def test_a_typed_question_reaches_the_answer(rasa_server, topic):
    """The answer comes at once, or (when the NLU is unsure) one click away as a button."""
    question = TRAINING[topic][0]
    replies = rasa_server.send(f"test-{uuid.uuid4().hex[:12]}", question)
    shown = answer_of(replies)
    if shown == DISAMBIGUATE:
        payloads = [button["payload"] for button in replies[-1]["buttons"]]
        assert fallback.topic_payload(topic) in payloads, f"'{question}' offered {payloads}"
        return
    assert shown == KB.render(KB.faq[topic]), f"'{question}'"
    assert shown.splitlines()[-1].startswith(("Bron: ", "Bronnen: "))


def test_out_of_scope_question(rasa_server):
    replies = rasa_server.send(f"test-{uuid.uuid4().hex[:12]}", "wat voor weer wordt het morgen")
    assert answer_of(replies) == response_text("utter_out_of_scope")
