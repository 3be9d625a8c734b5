"""Actions of the call preparation, with inline trackers: exact events and responses."""

from datetime import date

import pytest
import yaml
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.veilig_thuis_gesprek import (
    ActionClearAnswers,
    ActionVtReset,
    ActionVtSummary,
    ValidateVeiligThuisGesprekForm,
)
from bot import afwegingskader as ak
from bot import melden_zonder_toestemming as mzt
from bot import veilig_thuis_gesprek as vt
from tests.unit.helpers import ROOT, domain_responses, make_tracker

pytestmark = pytest.mark.anyio

FORM = "veilig_thuis_gesprek_form"
DOMAIN = yaml.safe_load((ROOT / "domain" / "veilig_thuis_gesprek.yml").read_text(encoding="utf-8"))


def asking(question, **extra):
    """Slots while ``question`` is open: every earlier question answered."""
    earlier = {q: "x" for q in vt.VRAGEN[: vt.VRAGEN.index(question)]}
    earlier["vt_soort"] = "melding"
    return {**earlier, **extra, "requested_slot": question}


def then_asks(question):
    return SlotSet("requested_slot", question)


async def validate(slots, text, intent="out_of_scope"):
    """One turn of the form: the user typed ``text`` while ``requested_slot`` was open."""
    tracker = make_tracker(
        slots, intent=intent, text=text, active_loop=FORM, events=[{"event": "user", "text": text}]
    )
    dispatcher = CollectingDispatcher()
    events = await ValidateVeiligThuisGesprekForm().run(dispatcher, tracker, DOMAIN)
    return events, [m["response"] for m in dispatcher.messages]


async def test_a_free_text_answer_is_kept_redacted():
    events, said = await validate(
        asking("vt_signalen"), "leerling Sanne had een blauw oog op 3 november"
    )
    assert events == [
        SlotSet("vt_signalen", "leerling [NAAM] had een blauw oog op 3 november"),
        then_asks("vt_sinds"),
    ]
    assert said == []


async def test_a_skipped_question_is_marked_skipped():
    events, _ = await validate(asking("vt_rol"), "/skip_question", "skip_question")
    assert events == [SlotSet("vt_rol", vt.OVERGESLAGEN), then_asks("vt_leeftijd")]


async def test_an_age_that_is_not_understood_is_asked_again_with_a_hint():
    events, said = await validate(asking("vt_leeftijd"), "Daan")
    assert events == [SlotSet("vt_leeftijd", None), then_asks("vt_leeftijd")]
    assert said == ["utter_vt_not_understood"]


async def test_an_interruption_is_not_an_answer():
    # Nothing extracted: Rasa rejects the form action and the rules answer the question.
    events, said = await validate(asking("vt_signalen"), "mag ik anoniem melden?", "faq")
    assert events == [then_asks("vt_signalen")] and said == []


async def test_no_to_the_ouders_adds_the_reason_question():
    events, _ = await validate(asking("vt_ouders"), "/deny", "deny")
    # All questions are needed now, as in the domain: rasa-sdk leaves the next question to
    # Rasa's form, which asks the first open one of the domain's list: vt_reden.
    assert events == [SlotSet("vt_ouders", "nee")]
    assert DOMAIN["forms"][FORM]["required_slots"] == vt.VRAGEN
    events, _ = await validate(asking("vt_ouders"), "/affirm", "affirm")
    assert events == [SlotSet("vt_ouders", "ja"), then_asks("vt_hulp")]


async def test_kind_of_call_said_up_front_is_not_asked():
    tracker = make_tracker(
        {},
        intent="prepare_call",
        text="ik wil een melding voorbereiden",
        active_loop=FORM,
        events=[{"event": "user", "text": "ik wil een melding voorbereiden"}],
    )
    events = await ValidateVeiligThuisGesprekForm().run(CollectingDispatcher(), tracker, DOMAIN)
    assert events == [SlotSet("vt_soort", "melding"), then_asks("vt_rol")]


@pytest.mark.parametrize("outcome", ["melden_1", "melden_2", "melden_3", "advies_vragen"])
async def test_after_the_afwegingskader_the_kind_of_call_is_not_asked(outcome):
    tracker = make_tracker({"afwegingskader_uitkomst": outcome}, active_loop=FORM)
    required = await ValidateVeiligThuisGesprekForm().required_slots(
        vt.VRAGEN, CollectingDispatcher(), tracker, DOMAIN
    )
    assert "vt_soort" not in required and required[0] == "vt_rol"


SUMMARY_CASES = [
    # slots, outcome, expected fragments
    ({"vt_soort": "melding"}, None, ["Ik bel voor: een melding doen", "5 werkdagen"]),
    ({"vt_soort": "advies"}, None, ["Ik bel voor: advies vragen", "anoniem"]),
    ({}, "melden_2", ["Ik bel voor: een melding doen", "meldnorm 2"]),
    ({}, "advies_vragen", ["Ik bel voor: advies vragen", "(anoniem) advies vragen bij"]),
    ({}, None, ["Ik bel voor: (niet ingevuld)", "Uitkomst afwegingskader: niet doorlopen"]),
]


@pytest.mark.parametrize("slots, outcome, fragments", SUMMARY_CASES)
async def test_summary_is_built_from_the_kept_answers(slots, outcome, fragments):
    tracker = make_tracker({**slots, "afwegingskader_uitkomst": outcome})
    dispatcher = CollectingDispatcher()
    events = await ActionVtSummary().run(dispatcher, tracker, DOMAIN)
    assert events == []
    [message] = dispatcher.messages
    assert message["response"] == "utter_vt_summary"
    outcome_text = ak.samenvatting_teksten().besluiten.get(outcome) if outcome else None
    answers = {q: slots.get(q) for q in vt.VRAGEN}
    assert message["samenvatting"] == vt.samenvatting(answers, outcome, outcome_text, date.today())
    for fragment in fragments:
        assert fragment in message["samenvatting"]


async def test_summary_response_has_a_teams_card_and_a_plain_text():
    variants = domain_responses()["utter_vt_summary"]
    teams = [v for v in variants if v.get("channel") == "teams"]
    plain = [v for v in variants if "channel" not in v]
    assert teams[0]["custom"]["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert "{samenvatting}" in str(teams[0]["custom"]) and "{samenvatting}" in plain[0]["text"]


async def test_stop_forgets_the_preparation_only():
    events = await ActionVtReset().run(CollectingDispatcher(), make_tracker(), DOMAIN)
    assert events == [SlotSet(q, None) for q in vt.VRAGEN]


async def test_clear_answers_forgets_every_dialog_at_once():
    dispatcher = CollectingDispatcher()
    events = await ActionClearAnswers().run(dispatcher, make_tracker(), DOMAIN)
    cleared = {event["name"] for event in events}
    assert cleared == {
        *vt.VRAGEN,
        *ak.VRAGEN,
        *ak.TWIJFEL_VRAGEN,
        "ak_lezing",
        "ak_bevestiging",
        "ak_herhaald",
        "afwegingskader_uitkomst",
        *mzt.SLOTS.values(),
    }
    assert all(event["value"] is None for event in events)
    assert dispatcher.messages == []  # the rule says it (utter_answers_cleared)
