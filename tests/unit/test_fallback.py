"""Low confidence: which topics are offered, and the actions around it."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionAnswerTopic, ActionDisambiguate
from bot import fallback, knowledge
from tests.unit.helpers import make_tracker

KB = knowledge.default()


def faq_ranking(*pairs):
    return [{"intent_response_key": f"faq/{topic}", "confidence": c} for topic, c in pairs]


@pytest.mark.parametrize(
    "intents, responses, expected",
    [
        # FAQ topics ranked by faq confidence x response confidence.
        (
            [{"name": "faq", "confidence": 0.45}, {"name": "greet", "confidence": 0.3}],
            faq_ranking(("disclosure", 0.6), ("acute_onveiligheid", 0.3), ("meldnormen", 0.1)),
            ["disclosure", "acute_onveiligheid"],
        ),
        # A labelled intent can beat the second FAQ topic.
        (
            [
                {"name": "faq", "confidence": 0.5},
                {"name": "start_afwegingskader", "confidence": 0.4},
            ],
            faq_ranking(("meldnormen", 0.9), ("disclosure", 0.1)),
            ["meldnormen", "/start_afwegingskader"],
        ),
        # Unlabelled intents (greet) and unknown topics are never offered.
        (
            [{"name": "greet", "confidence": 0.6}, {"name": "faq", "confidence": 0.4}],
            faq_ranking(("bestaat_niet", 0.7), ("vechtscheiding", 0.3)),
            ["vechtscheiding"],
        ),
        ([{"name": "greet", "confidence": 0.9}], [], []),
    ],
)
def test_candidates(intents, responses, expected):
    offered = fallback.kandidaten(intents, responses)
    payloads = [k.payload for k in offered]
    wanted = [e if e.startswith("/") else fallback.topic_payload(e) for e in expected]
    assert payloads == wanted
    for keuze, key in zip(offered, expected, strict=True):
        if not key.startswith("/"):
            assert keuze.titel == KB.faq[key].titel


@pytest.mark.anyio
async def test_disambiguation_offers_two_topics_and_a_way_out():
    tracker = make_tracker({}, intent="nlu_fallback")
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 1.0},
        {"name": "faq", "confidence": 0.4},
    ]
    tracker.latest_message["response_selector"] = {
        "default": {"ranking": faq_ranking(("meldnormen", 0.7), ("disclosure", 0.2))}
    }
    dispatcher = CollectingDispatcher()
    assert await ActionDisambiguate().run(dispatcher, tracker, {}) == []
    [message] = dispatcher.messages
    assert message["response"] == "utter_disambiguate"
    assert [b["payload"] for b in message["buttons"]] == [
        fallback.topic_payload("meldnormen"),
        fallback.topic_payload("disclosure"),
        fallback.instellingen().uitweg.payload,
    ]


@pytest.mark.anyio
async def test_disambiguation_without_candidates_says_it_did_not_understand():
    dispatcher = CollectingDispatcher()
    await ActionDisambiguate().run(dispatcher, make_tracker({}, intent="nlu_fallback"), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_default"]


@pytest.mark.anyio
@pytest.mark.parametrize(
    "topic, response",
    [
        ("meldnormen", "utter_faq/meldnormen"),
        ("bestaat_niet", "utter_default"),
        (None, "utter_default"),
    ],
)
async def test_answer_a_chosen_topic(topic, response):
    tracker = make_tracker({}, intent="choose_topic")
    if topic:
        tracker.latest_message["entities"] = [{"entity": "topic", "value": topic}]
    dispatcher = CollectingDispatcher()
    assert await ActionAnswerTopic().run(dispatcher, tracker, {}) == []
    assert [m["response"] for m in dispatcher.messages] == [response]
