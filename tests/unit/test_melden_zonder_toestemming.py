"""Melden zonder toestemming: the rationale and its actions."""

from datetime import date

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.melden_zonder_toestemming import (
    ActionMztRationale,
    ActionMztReset,
    ValidateMeldenZonderToestemmingForm,
)
from bot import melden_zonder_toestemming as mzt
from bot import vrije_tekst
from tests.unit.helpers import make_tracker

DAY = date(2026, 11, 22)
ANSWERS = {
    "belang": "Ja: zonder melding blijft het kind thuis onveilig.",
    "alternatief": "Nee, anoniem advies is al gevraagd en hulp lukt niet.",
    "toestemming": "Ouders weigeren elk gesprek.",
    "afweging": "Bescherming van het kind weegt zwaarder dan de privacy van het gezin.",
    "informatie": "Feiten uit het dossier aan Veilig Thuis, met bron en datum.",
}


def test_rationale_has_every_question_with_its_answer_in_order():
    text = mzt.onderbouwing(ANSWERS, DAY)
    texts = mzt.teksten()
    assert text.splitlines()[0] == texts.onderbouwing.kop.format(datum="22-11-2026")
    positions = [text.index(texts.vragen[q]) for q in mzt.VRAGEN]
    assert positions == sorted(positions)
    for question in mzt.VRAGEN:
        assert ANSWERS[question] in text
    assert texts.onderbouwing.slot.strip() in text
    assert text.splitlines()[-1].startswith("Bronnen: BTK-brochure Meldcode in de praktijk, §5")


def test_missing_answers_are_marked_not_invented():
    text = mzt.onderbouwing({"belang": "ja"}, DAY)
    assert text.count(mzt.teksten().onderbouwing.overgeslagen) == 4


@pytest.mark.parametrize(
    "raw, kept",
    [
        ("  ouders   weigeren\n contact ", "ouders weigeren contact"),
        ("", None),
        ("   \n\t", None),
        (None, None),
        ("x" * 600, "x" * (vrije_tekst.MAX_ANSWER_CHARS - 1) + "…"),
    ],
)
def test_answers_are_tidied(raw, kept):
    assert vrije_tekst.schoon_antwoord(raw) == kept


@pytest.mark.anyio
async def test_validator_folds_text_and_rejects_empty_answers():
    form = ValidateMeldenZonderToestemmingForm()
    assert form.validate_mzt_belang("  het  kind\nis onveilig ") == {
        "mzt_belang": "het kind is onveilig"
    }
    assert form.validate_mzt_informatie("   ") == {"mzt_informatie": None}
    assert form.validate_mzt_afweging(12) == {"mzt_afweging": None}


@pytest.mark.anyio
async def test_rationale_action_utters_the_rationale_from_the_slots():
    slots = {mzt.SLOTS[q]: a for q, a in ANSWERS.items()}
    dispatcher = CollectingDispatcher()
    assert await ActionMztRationale().run(dispatcher, make_tracker(slots), {}) == []
    [message] = dispatcher.messages
    assert message["response"] == "utter_mzt_rationale"
    assert message["onderbouwing"] == mzt.onderbouwing(ANSWERS, date.today())


@pytest.mark.anyio
async def test_reset_forgets_the_answers():
    events = await ActionMztReset().run(CollectingDispatcher(), make_tracker({}), {})
    assert events == [SlotSet(slot, None) for slot in mzt.SLOTS.values()]


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        ("nee, we hebben al anoniem advies gevraagd", "faq", True),  # a statement on a FAQ topic
        ("het kind is thuis niet veilig", "deny", True),
        ("ja", "affirm", True),
        ("de bescherming van het kind weegt zwaarder", "start_melden_zonder_toestemming", True),
        ("kan ik ook eerst anoniem advies vragen?", "faq", False),  # a real question
        ("waarom vraag je dit?", "explain_question", False),
        ("stop maar", "stop", False),
        ("   ", "nlu_fallback", False),
    ],
)
def test_what_counts_as_an_answer(text, intent, expected):
    assert vrije_tekst.is_answer(text, intent) is expected


@pytest.mark.anyio
@pytest.mark.parametrize(
    "requested, slot, intent, text, expected",
    [
        (
            "mzt_belang",
            "mzt_belang",
            "faq",
            "blijft anders onveilig",
            {"mzt_belang": "blijft anders onveilig"},
        ),
        ("mzt_alternatief", "mzt_alternatief", "faq", "mag ik anoniem advies vragen?", {}),
        ("mzt_alternatief", "mzt_belang", "deny", "nee", {}),  # only the open question is filled
    ],
)
async def test_extraction_takes_the_open_question_only(requested, slot, intent, text, expected):
    tracker = make_tracker({"requested_slot": requested}, intent=intent, text=text)
    extractor = getattr(ValidateMeldenZonderToestemmingForm(), f"extract_{slot}")
    assert await extractor(CollectingDispatcher(), tracker, {}) == expected
