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
            ak.gelezen({"vermoeden": "ja", "onveiligheid": "ja"}, ["vermoeden", "onveiligheid"]),
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


def test_a_full_walk_through_in_typed_sentences_with_one_confirmation(rasa_server):
    """Typed answers only, in full sentences; one uncertain reading is confirmed by typing."""
    sender = f"test-{uuid.uuid4().hex[:12]}"
    say = lambda message: joined(rasa_server.send(sender, message))  # noqa: E731

    assert say("moet ik dit melden?").endswith(response_text("utter_ask_vermoeden"))
    assert say("ja, ik maak me echt zorgen") == response_text("utter_ask_onveiligheid")
    assert say("er is geen acute onveiligheid") == response_text("utter_ask_disclosure")
    # The misreadings: 2b was asked again, 4 was answered with an FAQ.
    assert say("nee, het kind heeft zelf niks verteld") == response_text("utter_ask_hulp_mogelijk")
    assert say("ja, het wijkteam kan hulp bieden") == response_text("utter_ask_hulp_aanvaard")
    assert say("ja hoor, ze werken goed mee") == response_text("utter_ask_resultaat")
    # "het werkt nog niet": nee or nog niet? Asked once, then confirmed by typing.
    assert say("het werkt nog niet") == response_text("utter_ak_bevestig_resultaat_nee")
    answers = ak.Antwoorden(
        vermoeden="ja",
        onveiligheid="nee",
        disclosure="nee",
        hulp_mogelijk="ja",
        hulp_aanvaard="ja",
        resultaat="nee",
    )
    outcome = ak.beoordeel(answers)
    text = say("ja, klopt")
    assert text.startswith(ak.gelezen(answers.dict(), list(ak.VRAGEN)))
    assert "- Vraag 5: nee — de hulp leidt niet tot resultaat" in text
    assert response_text("utter_besluit_melden_3") in text
    assert outcome.toelichting in text
    # "Antwoord veranderen": every question as a button; vraag 5 becomes "nog niet".
    replies = rasa_server.send(sender, "/change_answer_menu")
    assert [b["title"] for b in replies[-1]["buttons"]][-1] == "Vraag 5"
    assert say('/change_answer{"vraag": "resultaat"}') == "\n\n".join(
        [response_text("utter_change_answer_done"), response_text("utter_ask_resultaat")]
    )
    text = say("de termijn is nog niet om")
    assert response_text("utter_besluit_hulp_organiseren") in text


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
