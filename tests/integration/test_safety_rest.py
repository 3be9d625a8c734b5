"""Safety first, through the REST webhook of the real servers: acute danger is answered
before anything else (a dialog in progress is paused, not lost), and a typed name gets one
gentle reminder per conversation."""

from __future__ import annotations

import uuid

import pytest

from tests.unit.helpers import response_text

pytestmark = pytest.mark.server

DANGER = response_text("utter_acute_danger")
RESUME = response_text("utter_acute_danger_resume")
REMINDER = response_text("utter_name_reminder")


def texts(replies: list[dict]) -> str:
    """All replies of one turn as one text (the REST channel sends each paragraph apart)."""
    return "\n\n".join(reply.get("text", "") for reply in replies)


def new_sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


@pytest.mark.parametrize(
    "message",
    [
        "hij heeft nu een mes",
        "het kind durft niet naar huis, vader slaat haar vanavond weer",
        "er ligt een kind met letsel",
        "mijn leerling zegt dat ze dood wil",
        "ze is net weggevlucht",
    ],
)
def test_danger_is_answered_first(rasa_server, message):
    # (a new conversation starts with the welcome; the danger answer comes right after it)
    assert texts(rasa_server.send(new_sender(), message)).endswith(DANGER)


def test_danger_pauses_the_afwegingskader_and_verder_resumes_it(rasa_server):
    sender = new_sender()
    say = lambda message: texts(rasa_server.send(sender, message))  # noqa: E731
    assert say("moet ik dit melden bij veilig thuis?").endswith(
        response_text("utter_ask_vermoeden")
    )
    assert say("ja") == response_text("utter_ask_onveiligheid")
    replies = rasa_server.send(sender, "vader staat nu met een mes bij het hek")
    assert texts(replies) == f"{DANGER}\n\n{RESUME}"
    assert replies[-1]["buttons"] == [{"title": "Verder met de vragen", "payload": "/resume_form"}]
    # Paused: a yes now is not taken as an answer to the open question.
    assert say("ja") == response_text("utter_explain_no_question")
    # "Verder": back at the open question; the first answer was kept.
    assert say("/resume_form") == response_text("utter_ask_onveiligheid")


def test_verder_without_a_paused_dialog(rasa_server):
    assert texts(rasa_server.send(new_sender(), "/resume_form")).endswith(
        response_text("utter_nothing_to_resume")
    )


def test_a_name_gets_one_reminder_then_the_answer(rasa_server):
    sender = new_sender()
    first = texts(rasa_server.send(sender, "mijn leerling Sanne heeft blauwe plekken, wat nu?"))
    assert REMINDER in first
    assert len(first.split(REMINDER)[1].strip()) > 50  # the answer follows in the same turn
    second = texts(rasa_server.send(sender, "kan ik anoniem advies vragen over leerling Sanne?"))
    assert second and REMINDER not in second


def test_the_reminder_does_not_disturb_a_dialog(rasa_server):
    sender = new_sender()
    rasa_server.send(sender, "moet ik dit melden bij veilig thuis?")
    assert texts(rasa_server.send(sender, "/affirm")) == response_text("utter_ask_onveiligheid")
    replies = texts(rasa_server.send(sender, "wat is acute onveiligheid bij leerling Sanne?"))
    assert replies.startswith(REMINDER)
    assert replies.endswith(response_text("utter_ask_onveiligheid"))  # the form asks again


@pytest.mark.parametrize(
    "start,first_question,slot",
    [
        ("ik wil een melding voorbereiden", "utter_ask_vt_rol", "vt_rol"),
        (
            "help me mijn melding zonder toestemming te onderbouwen",
            "utter_ask_mzt_belang",
            "mzt_belang",
        ),
    ],
    ids=["veilig thuis gesprek", "melden zonder toestemming"],
)
def test_danger_typed_as_a_free_text_answer_is_not_taken_as_the_answer(
    rasa_server, start, first_question, slot
):
    import requests

    sender = new_sender()
    assert texts(rasa_server.send(sender, start)).endswith(response_text(first_question))
    replies = texts(rasa_server.send(sender, "vader staat nu met een mes bij het hek"))
    assert replies == f"{DANGER}\n\n{RESUME}"
    tracker = requests.get(f"{rasa_server.url}/conversations/{sender}/tracker", timeout=10).json()
    assert tracker["slots"][slot] is None
    assert texts(rasa_server.send(sender, "/resume_form")) == response_text(first_question)


def test_a_name_in_a_free_text_answer_gets_the_reminder_and_is_kept_redacted(rasa_server):
    import requests

    sender = new_sender()
    rasa_server.send(sender, "ik wil een melding voorbereiden")
    replies = texts(rasa_server.send(sender, "leerkracht van leerling Sanne"))
    assert replies == REMINDER + "\n\n" + response_text("utter_ask_vt_leeftijd")
    tracker = requests.get(f"{rasa_server.url}/conversations/{sender}/tracker", timeout=10).json()
    assert tracker["slots"]["vt_rol"] == "leerkracht van leerling [NAAM]"
