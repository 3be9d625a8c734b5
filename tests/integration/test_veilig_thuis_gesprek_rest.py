"""Preparing the call with Veilig Thuis through the REST webhook, with the real action server."""

import sqlite3
import uuid
from datetime import date

import pytest
import requests

from bot import afwegingskader as ak
from bot import veilig_thuis_gesprek as vt
from tests.unit.helpers import response_text

pytestmark = pytest.mark.server

PLANTED = ["Sanne", "Fatima", "06-12345678"]


def joined(replies) -> str:
    return "\n\n".join(reply.get("text", "") for reply in replies)


def test_from_the_afwegingskader_outcome_to_a_name_free_summary(rasa_server):
    sender = f"test-{uuid.uuid4().hex[:12]}"
    say = lambda message: rasa_server.send(sender, message)  # noqa: E731

    say("moet ik dit melden?")
    say("/affirm")
    outcome = say("/affirm")  # vraag 2a ja: melden, meldnorm 1
    assert [b["payload"] for b in outcome[-1]["buttons"]] == ["/request_summary", "/prepare_call"]

    # Offered after the outcome: the kind of call (melding) is not asked again.
    replies = say("/prepare_call")
    assert joined(replies) == (
        response_text("utter_vt_intro") + "\n\n" + response_text("utter_ask_vt_rol")
    )
    assert joined(say("leerkracht basisonderwijs")) == response_text("utter_ask_vt_leeftijd")
    assert joined(say("ze is 7")) == response_text("utter_ask_vt_signalen")

    # A free-text answer with a name and a phone number in it. It tells of a blauw oog weeks
    # ago, for a call to Veilig Thuis: no danger now (the danger classifier stays well below
    # its threshold), so the one-time name reminder, then the next question.
    replies = say(
        "leerling Sanne had op 3 november een blauw oog, moeder Fatima belde van 06-12345678"
    )
    assert joined(replies) == "\n\n".join(
        [response_text("utter_name_reminder"), response_text("utter_ask_vt_sinds")]
    )
    assert joined(say("/skip_question")) == response_text("utter_ask_vt_gebieden")
    assert joined(say("opvoeding en gezinsrelaties")) == response_text("utter_ask_vt_overleg")
    assert joined(say("met de intern begeleider")) == response_text("utter_ask_vt_ouders")
    assert joined(say("/deny")) == response_text("utter_ask_vt_reden")
    assert joined(say("de veiligheid komt in gevaar")) == response_text("utter_ask_vt_hulp")
    summary = joined(say("nee, nog geen hulp"))

    answers = {
        "vt_rol": "leerkracht basisonderwijs",
        "vt_leeftijd": "7 jaar",
        "vt_signalen": "leerling [NAAM] had op 3 november een blauw oog, moeder [NAAM] belde "
        "van [TELEFOON]",
        "vt_sinds": vt.OVERGESLAGEN,
        "vt_gebieden": "opvoeding",
        "vt_overleg": "met de intern begeleider",
        "vt_ouders": "nee",
        "vt_reden": "veiligheid",
        "vt_hulp": "nee, nog geen hulp",
    }
    expected = vt.samenvatting(
        answers, "melden_1", ak.samenvatting_teksten().besluiten["melden_1"], date.today()
    )
    assert summary == response_text("utter_vt_summary", samenvatting=expected)
    assert "5 werkdagen" in summary
    for value in PLANTED:
        assert value not in summary

    # Nothing of it in the tracker store either.
    with sqlite3.connect(rasa_server.tracker_db) as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,)).fetchall()
    stored = "\n".join(row[0] for row in rows)
    assert "[NAAM]" in stored
    for value in PLANTED:
        assert value not in stored

    # "Wis mijn antwoorden" clears every answer at once.
    assert joined(say("wis mijn antwoorden")) == response_text("utter_answers_cleared")
    tracker = requests.get(f"{rasa_server.url}/conversations/{sender}/tracker", timeout=10).json()
    for slot in [*vt.VRAGEN, *ak.VRAGEN, "afwegingskader_uitkomst"]:
        assert tracker["slots"][slot] is None, slot
    assert joined(say("/request_summary")) == response_text(
        "utter_afwegingskader_summary_unavailable"
    )


def test_started_by_intent_with_the_kind_given_up_front_and_stopped(rasa_server):
    sender = f"test-{uuid.uuid4().hex[:12]}"
    replies = rasa_server.send(sender, "ik wil een melding voorbereiden")
    assert joined(replies).endswith(
        response_text("utter_vt_intro") + "\n\n" + response_text("utter_ask_vt_rol")
    )
    assert joined(rasa_server.send(sender, "gastouder")) == response_text("utter_ask_vt_leeftijd")
    # Not an age but a bare first name: the one-time reminder not to type names, then the
    # question again, with a hint.
    assert joined(rasa_server.send(sender, "Daan")) == (
        response_text("utter_name_reminder")
        + "\n\n"
        + response_text("utter_vt_not_understood")
        + "\n\n"
        + response_text("utter_ask_vt_leeftijd")
    )
    assert joined(rasa_server.send(sender, "waarom vraag je dit?")) == (
        response_text("utter_explain_vt_leeftijd") + "\n\n" + response_text("utter_ask_vt_leeftijd")
    )
    assert joined(rasa_server.send(sender, "stop")) == response_text("utter_vt_stopped")
    tracker = requests.get(f"{rasa_server.url}/conversations/{sender}/tracker", timeout=10).json()
    assert tracker["slots"]["vt_rol"] is None and tracker["active_loop"] == {}


def test_skipping_everything_still_gives_a_useful_summary(rasa_server):
    sender = f"test-{uuid.uuid4().hex[:12]}"
    rasa_server.send(sender, "ik wil Veilig Thuis bellen")
    replies = []
    for _ in range(12):  # at most ten questions; the reason question is skipped with them
        replies = rasa_server.send(sender, "/skip_question")
        if "Voorbereiding gesprek met Veilig Thuis" in joined(replies):
            break
    summary = joined(replies)
    assert "Ik bel voor: (overgeslagen)" in summary
    assert "0800-2000" in summary and summary.count("(overgeslagen)") == 9
