"""scripts/eval_walkthroughs.py: the parts that need no server."""

from bot import afwegingskader as ak
from bot import melden_zonder_toestemming as mzt
from bot import veilig_thuis_gesprek as vt
from scripts import eval_walkthroughs as ev
from tests.unit.helpers import domain_section

SLOTS = {name for name, _ in domain_section("slots")}


def test_the_question_keys_map_to_slots_of_the_domain():
    assert set(ev.AFWEGING_SLOTS.values()) == {*ak.VRAGEN, *ak.TWIJFEL_VRAGEN}
    assert set(ev.FREE_TEXT_SLOTS.values()) <= SLOTS
    assert set(ev.FILLERS) == {*mzt.SLOTS.values(), *vt.VRAGEN}
    assert ev.WEET_NIET == vt.WEET_NIET and ev.OVERGESLAGEN == vt.OVERGESLAGEN


def test_a_confirmation_is_answered_with_the_gold_button_or_anders():
    replies = [
        {
            "text": "Ik lees je antwoord als *nee*: klopt dat?",
            "buttons": [
                {"title": "Ja, klopt", "payload": '/choose_answer{"antwoord": "nee"}'},
                {"title": "Nee, juist ja", "payload": '/choose_answer{"antwoord": "ja"}'},
                {"title": "Anders", "payload": '/choose_answer{"antwoord": "anders"}'},
            ],
        }
    ]
    assert ev._confirmation_payload(replies, "ja") == '/choose_answer{"antwoord": "ja"}'
    assert ev._confirmation_payload(replies, "twijfel") == '/choose_answer{"antwoord": "anders"}'


def test_the_report_lists_every_walk_through():
    walk = {
        "id": "x1", "style": "", "expected": "melden_3", "outcome": "melden_3", "right": True,
        "wrong": False, "confirmations": 1, "danger_pauses": 0, "repeated": [], "misread": [],
        "wrong_path": None,
    }  # fmt: skip
    summary = {
        "walkthroughs": 1, "right_outcome": 1, "wrong_outcome": 0, "no_outcome": 0,
        "danger_pauses": 0, "right_with_at_most_one_confirmation": 1,
        "right_with_at_most_one_confirmation_rate": 1.0, "needed_a_confirmation": 1,
        "confirmations": 1, "repeated_question": 0, "misread_answers": 0,
        "free_text_answers": 0, "free_text_taken_as_expected": 0,
        "per_walkthrough": [walk], "per_free_text_answer": [],
    }  # fmt: skip
    assert "| x1 | melden_3 | melden_3 | yes | 1 |" in ev.markdown(summary)
    assert ev.one_line(summary).startswith("Walk-throughs: 1/1 right, 0 wrong")
