"""Actions of the afwegingskader dialog, with inline trackers: exact events and responses."""

import itertools
from datetime import date

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.afwegingskader import (
    ActionAfwegingskaderChangeAnswer,
    ActionAfwegingskaderChangeMenu,
    ActionAfwegingskaderOutcome,
    ActionAfwegingskaderReset,
    ActionAfwegingskaderSummary,
    ActionAskAkBevestiging,
    ValidateAfwegingskaderForm,
)
from bot import afwegingskader as ak
from bot import antwoorden
from tests.unit.helpers import HULP_AANVAARD, ROOT, make_tracker

pytestmark = pytest.mark.anyio

FORM = "afwegingskader_form"
DOMAIN = yaml.safe_load((ROOT / "domain" / "afwegingskader.yml").read_text(encoding="utf-8"))
DOMAIN_RESPONSES = set(DOMAIN["responses"])


def responses(dispatcher):
    return [message["response"] for message in dispatcher.messages]


async def run_form(slots, just_set=(), intent="affirm"):
    """Run the validator as Rasa does: the slots in ``just_set`` were extracted this turn."""
    events = [{"event": "user", "text": ""}] + [
        {"event": "slot", "name": name, "value": slots[name]} for name in just_set
    ]
    tracker = make_tracker(slots, intent=intent, active_loop=FORM, events=events)
    dispatcher = CollectingDispatcher()
    events = await ValidateAfwegingskaderForm().run(dispatcher, tracker, DOMAIN)
    return events, dispatcher


@pytest.mark.parametrize(
    "slots, expected_next",
    [
        ({"requested_slot": "vermoeden"}, "vermoeden"),
        ({"vermoeden": "ja", "requested_slot": "vermoeden"}, "onveiligheid"),
        ({"vermoeden": "ja", "onveiligheid": "nee"}, "disclosure"),
        ({"vermoeden": "ja", "onveiligheid": "nee", "disclosure": "nee"}, "hulp_mogelijk"),
    ],
)
async def test_required_slots_follow_the_rules(slots, expected_next):
    tracker = make_tracker(slots, active_loop=FORM)
    required = await ValidateAfwegingskaderForm().required_slots(
        list(ak.VRAGEN), CollectingDispatcher(), tracker, DOMAIN
    )
    assert required[-1] == expected_next
    assert required == list(ak.VRAGEN[: ak.VRAGEN.index(expected_next) + 1])


@pytest.mark.parametrize(
    "slots",
    [
        {"vermoeden": "nee"},
        {"vermoeden": "twijfel", "twijfel_acuut": "nee", "twijfel_disclosure": "nee"},
        {"vermoeden": "twijfel", "twijfel_acuut": "ja"},
        {"vermoeden": "ja", "onveiligheid": "ja"},
        {"vermoeden": "ja", "onveiligheid": "nee", "disclosure": "twijfel"},
    ],
)
async def test_form_stops_as_soon_as_the_outcome_is_known(slots):
    last = list(slots)[-1]
    events, _ = await run_form({**slots, "requested_slot": last}, just_set=[last])
    assert events[-1] == SlotSet("requested_slot", None)


async def test_form_asks_the_next_question_after_an_answer():
    # The answer "ja" to vraag 1 was just extracted; the form must ask vraag 2a next.
    events, _ = await run_form(
        {"vermoeden": "ja", "requested_slot": "vermoeden"}, just_set=["vermoeden"]
    )
    assert events == [SlotSet("vermoeden", "ja"), SlotSet("requested_slot", "onveiligheid")]


async def test_an_unknown_value_is_rejected_and_asked_again():
    events, _ = await run_form(
        {"vermoeden": "misschien", "requested_slot": "vermoeden"}, just_set=["vermoeden"]
    )
    assert events == [SlotSet("vermoeden", None), SlotSet("requested_slot", "vermoeden")]


# slots, outcome key, next-steps response, footer (with "prepare the call" when calling VT)
CALL = "utter_afwegingskader_footer_bellen"
NO_CALL = "utter_afwegingskader_footer"
OUTCOMES = [
    ({"vermoeden": "nee"}, "afsluiten", "utter_wat_nu_overig", NO_CALL),
    (
        {"vermoeden": "twijfel", "twijfel_acuut": "nee", "twijfel_disclosure": "nee"},
        "advies_vragen",
        "utter_wat_nu_advies",
        CALL,
    ),
    (
        {"vermoeden": "twijfel", "twijfel_acuut": "twijfel"},
        "melden_1",
        "utter_wat_nu_melden_1",
        CALL,
    ),
    (
        {"vermoeden": "twijfel", "twijfel_acuut": "nee", "twijfel_disclosure": "ja"},
        "melden_1",
        "utter_wat_nu_melden_1",
        CALL,
    ),
    ({"vermoeden": "ja", "onveiligheid": "twijfel"}, "melden_1", "utter_wat_nu_melden_1", CALL),
    (
        {"vermoeden": "ja", "onveiligheid": "nee", "disclosure": "nee", "hulp_mogelijk": "nee"},
        "melden_2",
        "utter_wat_nu_melden",
        CALL,
    ),
    (
        {**HULP_AANVAARD, "resultaat": "nee"},
        "melden_3",
        "utter_wat_nu_melden",
        CALL,
    ),
    (
        {**HULP_AANVAARD, "resultaat": "nog_niet"},
        "hulp_organiseren",
        "utter_wat_nu_overig",
        NO_CALL,
    ),
]


@pytest.mark.parametrize("slots, key, next_steps, footer_response", OUTCOMES)
async def test_outcome_message_comes_from_the_rules(slots, key, next_steps, footer_response):
    dispatcher = CollectingDispatcher()
    events = await ActionAfwegingskaderOutcome().run(dispatcher, make_tracker(slots), DOMAIN)

    assert events == [SlotSet("afwegingskader_uitkomst", key)]
    assert responses(dispatcher) == [
        "utter_afwegingskader_gelezen",
        f"utter_besluit_{key}",
        "utter_afwegingskader_reason",
        next_steps,
        footer_response,
    ]
    given = {k: v for k, v in slots.items() if k in ak.VRAGEN}
    doubt = ak.TwijfelAntwoorden(**{k: v for k, v in slots.items() if k in ak.TWIJFEL_VRAGEN})
    outcome = ak.beoordeel_dialoog(ak.Antwoorden(**given), doubt)
    read, reason, footer = dispatcher.messages[0], dispatcher.messages[2], dispatcher.messages[4]
    assert read["overzicht"] == ak.gelezen(slots, list(slots))
    assert reason["toelichting"] == outcome.toelichting
    assert footer["bronregel"].startswith(("Bron: ", "Bronnen: "))
    assert footer["wie_beslist"].strip()


async def test_outcome_without_answers_says_there_is_nothing_yet():
    dispatcher = CollectingDispatcher()
    events = await ActionAfwegingskaderOutcome().run(dispatcher, make_tracker({}), DOMAIN)
    assert events == [SlotSet("afwegingskader_uitkomst", None)]
    assert responses(dispatcher) == ["utter_afwegingskader_summary_unavailable"]


def test_every_response_built_from_a_name_exists_in_the_domain():
    keys = set()
    values = [None, "ja", "nee", "twijfel"]
    for combo in itertools.product(values, values, values, values, values, values + ["nog_niet"]):
        outcome = ak.beoordeel(ak.Antwoorden(**dict(zip(ak.VRAGEN, combo, strict=True))))
        keys.add(ak.uitkomst_sleutel(outcome))
    keys.discard(None)
    assert len(keys) == 7
    for key in keys:
        assert f"utter_besluit_{key}" in DOMAIN_RESPONSES
    for question in ak.VRAGEN:
        assert f"utter_explain_{question}" in DOMAIN_RESPONSES  # action_explain_question
        assert f"utter_ask_{question}" in DOMAIN_RESPONSES


async def test_summary_lists_answers_outcome_and_date_without_names():
    slots = {"vermoeden": "ja", "onveiligheid": "ja", "disclosure": "nee"}  # disclosure ignored
    dispatcher = CollectingDispatcher()
    assert await ActionAfwegingskaderSummary().run(dispatcher, make_tracker(slots), DOMAIN) == []
    assert responses(dispatcher) == ["utter_afwegingskader_summary"]
    summary = dispatcher.messages[0]["samenvatting"]
    assert summary == ak.samenvatting(ak.Antwoorden(**slots), date.today())
    assert date.today().strftime("%d-%m-%Y") in summary
    assert "Vraag 2b" not in summary  # not asked: the outcome was already known


async def test_summary_before_any_outcome():
    dispatcher = CollectingDispatcher()
    await ActionAfwegingskaderSummary().run(dispatcher, make_tracker({"vermoeden": "ja"}), DOMAIN)
    assert responses(dispatcher) == ["utter_afwegingskader_summary_unavailable"]


CLEARED_HELPERS = [SlotSet("ak_lezing", None), SlotSet("ak_bevestiging", None)]


@pytest.mark.parametrize(
    "slots, text, expected_events",
    [
        (
            {"vermoeden": "ja", "onveiligheid": "nee", "disclosure": "nee"},
            "vraag 2 moet ja zijn",
            [SlotSet("onveiligheid", "ja"), SlotSet("disclosure", None)],
        ),
        (
            {"vermoeden": "ja", "onveiligheid": "ja"},
            "ik wil mijn antwoord veranderen",
            [SlotSet("onveiligheid", None)],
        ),
        (
            {"vermoeden": "nee"},
            "vraag 1 moet ja zijn",
            [SlotSet("vermoeden", "ja")],
        ),
    ],
)
async def test_change_an_earlier_answer(slots, text, expected_events):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(slots, intent="change_answer", text=text)
    events = await ActionAfwegingskaderChangeAnswer().run(dispatcher, tracker, DOMAIN)
    assert events == [*expected_events, *CLEARED_HELPERS, SlotSet("afwegingskader_uitkomst", None)]
    assert responses(dispatcher) == ["utter_change_answer_done"]


async def test_change_without_any_answer_asks_which():
    dispatcher = CollectingDispatcher()
    tracker = make_tracker({}, intent="change_answer", text="ik wil iets veranderen")
    assert await ActionAfwegingskaderChangeAnswer().run(dispatcher, tracker, DOMAIN) == (
        CLEARED_HELPERS
    )
    assert responses(dispatcher) == ["utter_change_answer_which"]


async def test_reset_forgets_every_answer():
    events = await ActionAfwegingskaderReset().run(
        CollectingDispatcher(), make_tracker({"vermoeden": "ja"}), DOMAIN
    )
    assert events == [
        SlotSet(q, None)
        for q in (
            *ak.VRAGEN,
            *ak.TWIJFEL_VRAGEN,
            "ak_lezing",
            "ak_bevestiging",
            "ak_herhaald",
            "afwegingskader_uitkomst",
        )
    ]


# --- Reading typed answers, confirming uncertain readings (inline trackers, exact events).


def typed(slots, text, intent, entities=()):
    """A tracker where the user just typed ``text`` while the form asks its requested slot."""
    return Tracker(
        "test-gesprek",
        dict(slots),
        {
            "intent": {"name": intent, "confidence": 1.0},
            "entities": [{"entity": k, "value": v} for k, v in entities],
            "text": text,
        },
        [{"event": "user", "text": text}],
        False,
        None,
        {"name": FORM},
        "action_listen",
    )


async def run_typed(slots, text, intent, entities=()):
    dispatcher = CollectingDispatcher()
    tracker = typed(slots, text, intent, entities)
    events = await ValidateAfwegingskaderForm().run(dispatcher, tracker, DOMAIN)
    return events, responses(dispatcher)


async def test_a_clear_typed_answer_fills_the_slot():
    events, said = await run_typed(
        {"vermoeden": "ja", "requested_slot": "onveiligheid"},
        "er is geen acute onveiligheid",
        "faq",
    )
    assert events == [SlotSet("onveiligheid", "nee"), SlotSet("requested_slot", "disclosure")]
    assert said == []


async def test_the_issue_misreadings_are_read_right():
    # "nee, het gaat nog steeds niet goed" at vraag 5 is nee: the form stops, melden_3.
    events, _ = await run_typed(
        {**HULP_AANVAARD, "requested_slot": "resultaat"},
        "nee, het gaat nog steeds niet goed",
        "not_yet",
    )
    assert events == [SlotSet("resultaat", "nee"), SlotSet("requested_slot", None)]
    events, _ = await run_typed(
        {"vermoeden": "ja", "onveiligheid": "nee", "requested_slot": "disclosure"},
        "nee, het kind heeft zelf niks verteld",
        "nlu_fallback",
    )
    assert events == [SlotSet("disclosure", "nee"), SlotSet("requested_slot", "hulp_mogelijk")]


async def test_an_uncertain_reading_is_confirmed_first():
    events, said = await run_typed(
        {**HULP_AANVAARD, "requested_slot": "resultaat"}, "het werkt nog niet", "not_yet"
    )
    assert events == [
        SlotSet("resultaat", None),
        SlotSet("ak_lezing", "resultaat=nee"),
        SlotSet("requested_slot", "ak_bevestiging"),
    ]
    assert said == []


@pytest.mark.parametrize(
    "reply, intent, entities, expected",
    [
        ('/choose_answer{"antwoord": "nee"}', "choose_answer", [("antwoord", "nee")], "nee"),
        ("ja, klopt", "affirm", [], "nee"),
        ("nee, juist nog niet te zeggen", "deny", [], "nog_niet"),
    ],
)
async def test_a_confirmed_reading_fills_the_slot(reply, intent, entities, expected):
    slots = {**HULP_AANVAARD, "ak_lezing": "resultaat=nee", "requested_slot": "ak_bevestiging"}
    events, _ = await run_typed(slots, reply, intent, entities)
    assert events == [
        SlotSet("resultaat", expected),
        SlotSet("ak_lezing", None),
        SlotSet("ak_bevestiging", None),
        SlotSet("requested_slot", None),
    ]


async def test_anders_asks_the_question_once_more():
    slots = {**HULP_AANVAARD, "ak_lezing": "resultaat=nee", "requested_slot": "ak_bevestiging"}
    events, _ = await run_typed(
        slots, "/choose_answer", "choose_answer", [("antwoord", "anders")]
    )
    assert events == [
        SlotSet("resultaat", None),
        SlotSet("ak_lezing", None),
        SlotSet("ak_bevestiging", None),
        SlotSet("ak_herhaald", "resultaat"),
        SlotSet("requested_slot", "resultaat"),  # the question, its second time
    ]


@pytest.mark.parametrize(
    "text, intent",
    [
        ("mag ik melden zonder toestemming van de ouders?", "faq"),
        ("waarom vraag je dit?", "explain_question"),
        ("stop", "stop"),
        ("vraag 1 moet nee zijn", "change_answer"),
    ],
)
async def test_a_message_that_is_no_answer_is_left_to_the_rules(text, intent):
    events, said = await run_typed(
        {"vermoeden": "ja", "requested_slot": "onveiligheid"}, text, intent
    )
    # Nothing extracted (only the open question again): Rasa's form rejects, a rule answers.
    assert events == [SlotSet("requested_slot", "onveiligheid")]
    assert said == []


async def test_a_message_that_cannot_be_read_is_asked_again_with_a_hint():
    events, said = await run_typed({"requested_slot": "vermoeden"}, "tja", "nlu_fallback")
    assert events == [
        SlotSet("vermoeden", None),
        SlotSet("ak_herhaald", "vermoeden"),
        SlotSet("requested_slot", "vermoeden"),
    ]
    assert said == ["utter_ak_niet_begrepen"]


async def test_no_question_is_asked_a_third_time():
    slots = {"requested_slot": "vermoeden", "ak_herhaald": "vermoeden"}
    events, said = await run_typed(slots, "tja", "nlu_fallback")
    assert events == [
        SlotSet("vermoeden", None),
        SlotSet("ak_lezing", "vermoeden=twijfel"),
        SlotSet("requested_slot", "ak_bevestiging"),
    ]
    assert said == []


async def test_twijfel_at_vraag_1_asks_the_two_safety_questions():
    events, _ = await run_typed({"requested_slot": "vermoeden"}, "geen idee", "dont_know")
    assert events == [SlotSet("vermoeden", "twijfel"), SlotSet("requested_slot", "twijfel_acuut")]
    events, _ = await run_typed(
        {"vermoeden": "twijfel", "requested_slot": "twijfel_acuut"}, "nee", "deny"
    )
    assert events == [
        SlotSet("twijfel_acuut", "nee"),
        SlotSet("requested_slot", "twijfel_disclosure"),
    ]
    events, _ = await run_typed(
        {"vermoeden": "twijfel", "twijfel_acuut": "nee", "requested_slot": "twijfel_disclosure"},
        "nee, ze heeft niks verteld",
        "deny",
    )
    assert events == [SlotSet("twijfel_disclosure", "nee"), SlotSet("requested_slot", None)]


@pytest.mark.parametrize(
    "question, meaning",
    [(q, m) for q in ak.VRAGEN + ak.TWIJFEL_VRAGEN for m in antwoorden.ANTWOORDEN[q]],
)
async def test_the_confirmation_question_exists_for_every_reading(question, meaning):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker({"ak_lezing": f"{question}={meaning}"}, active_loop=FORM)
    assert await ActionAskAkBevestiging().run(dispatcher, tracker, DOMAIN) == []
    [response] = responses(dispatcher)
    assert response in DOMAIN_RESPONSES
    payloads = [b["payload"] for b in DOMAIN["responses"][response][0]["buttons"]]
    assert f'/choose_answer{{"antwoord": "{meaning}"}}' == payloads[0]  # "Ja, klopt"


async def test_the_change_menu_offers_every_answered_question():
    dispatcher = CollectingDispatcher()
    slots = {"vermoeden": "ja", "onveiligheid": "nee", "disclosure": "ja"}
    assert await ActionAfwegingskaderChangeMenu().run(
        dispatcher, make_tracker(slots), DOMAIN
    ) == []
    [message] = dispatcher.messages
    assert message["response"] == "utter_change_answer_menu"
    assert [b["payload"] for b in message["buttons"]] == [
        '/change_answer{"vraag": "vermoeden"}',
        '/change_answer{"vraag": "onveiligheid"}',
        '/change_answer{"vraag": "disclosure"}',
    ]
    assert [b["title"] for b in message["buttons"]] == ["Vraag 1", "Vraag 2a", "Vraag 2b"]


async def test_a_button_of_the_change_menu_reopens_that_question():
    slots = {**HULP_AANVAARD, "resultaat": "nee"}
    tracker = typed(slots, '/change_answer{"vraag": "disclosure"}', "change_answer")
    tracker.latest_message["entities"] = [{"entity": "vraag", "value": "disclosure"}]
    dispatcher = CollectingDispatcher()
    events = await ActionAfwegingskaderChangeAnswer().run(dispatcher, tracker, DOMAIN)
    assert events == [
        SlotSet("disclosure", None),
        SlotSet("hulp_mogelijk", None),
        SlotSet("hulp_aanvaard", None),
        SlotSet("resultaat", None),
        *CLEARED_HELPERS,
        SlotSet("afwegingskader_uitkomst", None),
    ]
