"""One full afwegingskader dialog through the REST webhook, with the real action server."""

import uuid
from datetime import date

import pytest

from bot import afwegingskader as ak
from bot import organisatie
from tests.unit.helpers import response_text

pytestmark = pytest.mark.server


def joined(replies) -> str:
    return "\n\n".join(reply["text"] for reply in replies)


def test_full_dialog_with_explanation_correction_outcome_and_summary(rasa_server):
    sender = f"test-{uuid.uuid4().hex[:12]}"
    say = lambda message: rasa_server.send(sender, message)  # noqa: E731

    replies = say("moet ik dit melden?")
    assert joined(replies).endswith(
        response_text("utter_afwegingskader_intro") + "\n\n" + response_text("utter_ask_vermoeden")
    )
    assert [b["payload"] for b in replies[-1]["buttons"]] == ["/affirm", "/deny", "/dont_know"]

    assert joined(say("/affirm")) == response_text("utter_ask_onveiligheid")  # a button click
    assert joined(say("nee hoor")) == response_text("utter_ask_disclosure")  # free text
    assert joined(say("waarom vraag je dit?")) == (
        response_text("utter_explain_disclosure") + "\n\n" + response_text("utter_ask_disclosure")
    )
    assert joined(say("nee")) == response_text("utter_ask_hulp_mogelijk")

    # Correction: vraag 2 becomes "ja", so the rules decide melden under meldnorm 1 at once.
    outcome = ak.beoordeel(ak.Antwoorden(vermoeden="ja", onveiligheid="ja"))
    replies = say("vraag 2 moet ja zijn")
    assert joined(replies) == "\n\n".join(
        [
            response_text("utter_change_answer_done"),
            response_text("utter_besluit_melden_1"),
            outcome.toelichting,
            response_text("utter_wat_nu_melden_1"),
            response_text(
                "utter_afwegingskader_footer_bellen",
                wie_beslist=organisatie.laad().wie_beslist,
                bronregel=ak.bronregel(outcome),
            ),
        ]
    )
    assert [b["payload"] for b in replies[-1]["buttons"]] == ["/request_summary", "/prepare_call"]

    summary = joined(say("/request_summary"))
    expected = ak.samenvatting(ak.Antwoorden(vermoeden="ja", onveiligheid="ja"), date.today())
    assert summary == response_text("utter_afwegingskader_summary", samenvatting=expected)
    assert "meldnorm 1" in summary


def test_stop_mid_dialog_forgets_the_answers(rasa_server):
    sender = f"test-{uuid.uuid4().hex[:12]}"
    rasa_server.send(sender, "ik wil het afwegingskader doorlopen")
    rasa_server.send(sender, "ja")
    assert joined(rasa_server.send(sender, "laat maar, ik wil stoppen")) == response_text(
        "utter_afwegingskader_stopped"
    )
    assert joined(rasa_server.send(sender, "/request_summary")) == response_text(
        "utter_afwegingskader_summary_unavailable"
    )


def test_melden_zonder_toestemming_reflection_ends_in_a_rationale(rasa_server):
    from bot import melden_zonder_toestemming as mzt

    sender = f"test-{uuid.uuid4().hex[:12]}"
    replies = rasa_server.send(sender, "ik wil zonder toestemming melden, help me onderbouwen")
    assert joined(replies).endswith(
        response_text("utter_mzt_intro") + "\n\n" + response_text("utter_ask_mzt_belang")
    )
    answers = {
        "belang": "het kind is thuis niet veilig",
        "alternatief": "nee, hulp met toestemming is al geprobeerd",
        "toestemming": "de ouders weigeren elk gesprek",
        "afweging": "de bescherming van het kind weegt zwaarder",
        "informatie": "alleen de feiten uit het dossier, aan veilig thuis",
    }
    for number, question in enumerate(mzt.VRAGEN):
        replies = rasa_server.send(sender, answers[question])
        if number + 1 < len(mzt.VRAGEN):
            assert joined(replies) == response_text(
                f"utter_ask_{mzt.SLOTS[mzt.VRAGEN[number + 1]]}"
            )
    expected = mzt.onderbouwing(answers, date.today())
    assert joined(replies) == response_text("utter_mzt_rationale", onderbouwing=expected)
