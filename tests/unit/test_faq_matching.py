"""The FAQ matcher (bot/faq_matching.py), its Rasa component and the reply classifier of the
REST evaluation: answer when the sources agree and the score is high, else "bedoel je" or
nothing; persistence in the model storage."""

import numpy as np
import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionDisambiguate
from addons.faq_matcher import FaqMatcher
from addons.nlu import SENTENCE_VECTOR
from bot import fallback, faq_matching
from scripts import eval_real_questions as rq
from tests.unit.helpers import make_tracker

DIM = 16
RNG = np.random.default_rng(7)
CENTRES = {
    "melden_zonder_toestemming": RNG.normal(size=DIM),
    "disclosure": RNG.normal(size=DIM),
    "meldnormen": RNG.normal(size=DIM),
    "out_of_scope": RNG.normal(size=DIM),
}
EXAMPLES = {
    "melden_zonder_toestemming": [
        "mag ik melden zonder toestemming van de ouders",
        "zonder toestemming melden bij veilig thuis",
        "ouders weigeren toestemming voor een melding",
    ],
    "disclosure": [
        "wat is disclosure",
        "een kind vertelt zelf over mishandeling thuis",
        "disclosure wat moet ik doen",
    ],
    "meldnormen": [
        "wat zijn de meldnormen",
        "wanneer moet ik altijd melden meldnorm",
        "meldnorm 1 2 en 3",
    ],
    "out_of_scope": ["hoe laat is het", "wat voor weer wordt het morgen", "vertel een mop"],
}


def vector(label, noise=0.05):
    return CENTRES[label] + noise * RNG.normal(size=DIM)


def fitted(**settings):
    texts, vectors, labels = [], [], []
    for label, examples in EXAMPLES.items():
        for text in examples:
            texts.append(text)
            vectors.append(vector(label))
            labels.append(label)
    return faq_matching.Matcher(faq_matching.Settings(**settings)).fit(texts, vectors, labels)


def test_sure_match_is_answered():
    topic = "melden_zonder_toestemming"
    decision = fitted().decide("mag ik zonder toestemming melden", vector(topic))
    assert decision.kind == faq_matching.ANSWER
    assert decision.topics == [topic]
    assert decision.tops == {"knn": topic, "lexical": topic}


def test_sources_that_disagree_give_a_choice_not_an_answer():
    # The words say meldnormen, the meaning says disclosure.
    decision = fitted().decide("wat zijn de meldnormen", vector("disclosure"))
    assert decision.kind == faq_matching.CHOOSE
    assert set(decision.topics[:2]) == {"disclosure", "meldnormen"}
    assert faq_matching.OUT_OF_SCOPE not in decision.topics


def test_out_of_scope_neighbour_gives_no_answer():
    decision = fitted(choice_threshold=0.3).decide("hoe laat is het", vector("out_of_scope"))
    assert decision.kind == faq_matching.NONE
    assert decision.ranking[0][0] == faq_matching.OUT_OF_SCOPE


def test_threshold_turns_an_answer_into_a_choice():
    text, vec = "wat is disclosure", vector("disclosure")
    assert fitted().decide(text, vec).kind == faq_matching.ANSWER
    assert fitted(answer_threshold=0.999).decide(text, vec).kind == faq_matching.CHOOSE


def test_selector_ranking_can_take_part():
    matcher = fitted(weights={"knn": 0.4, "lexical": 0.2, "selector": 0.4},
                     agree=["knn", "selector"])  # fmt: skip
    selector = {"disclosure": 0.9, "meldnormen": 0.1}
    decision = matcher.decide("wat is disclosure", vector("disclosure"), selector)
    assert decision.kind == faq_matching.ANSWER and decision.tops["selector"] == "disclosure"
    disagreeing = matcher.decide("wat is disclosure", vector("disclosure"), {"meldnormen": 1.0})
    assert disagreeing.kind == faq_matching.CHOOSE


def test_without_a_vector_the_lexical_source_decides():
    decision = fitted().decide("wat zijn de meldnormen", None)
    assert decision.tops == {"lexical": "meldnormen"}
    assert decision.ranking[0][0] == "meldnormen"


def test_unknown_source_in_config_is_refused():
    with pytest.raises(ValueError, match="unknown ranking sources"):
        faq_matching.Settings.from_config({"agree": ["knn", "dice"]})


# ---- the Rasa component ------------------------------------------------------------------


def training_data():
    messages = []
    for label, examples in EXAMPLES.items():
        for text in examples:
            data = {TEXT: text, SENTENCE_VECTOR: vector(label).tolist()}
            if label == "out_of_scope":
                data[INTENT] = "out_of_scope"
            else:
                data[INTENT], data[INTENT_RESPONSE_KEY] = "faq", f"faq/{label}"
            messages.append(Message(data=data))
    messages.append(Message(data={TEXT: "hoi", INTENT: "greet", SENTENCE_VECTOR: [0.0] * DIM}))
    return TrainingData(messages)


def parsed(text, label, intent="faq", confidence=0.99):
    ranking = [{"name": intent, "confidence": confidence}, {"name": "greet", "confidence": 0.01}]
    return Message(data={
        TEXT: text,
        SENTENCE_VECTOR: vector(label).tolist(),
        INTENT: {"name": intent, "confidence": confidence},
        "intent_ranking": ranking,
        "response_selector": {"default": {
            "response": {"intent_response_key": "faq/meldnormen", "confidence": 0.3,
                         "utter_action": "utter_faq/meldnormen", "responses": []},
            "ranking": [{"intent_response_key": "faq/meldnormen", "confidence": 0.3}],
        }},
    })  # fmt: skip


@pytest.fixture
def component(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("faq_matcher")
    config = FaqMatcher.get_default_config()
    FaqMatcher.create(config, storage, resource, None).train(training_data())
    return FaqMatcher.load(config, storage, resource, None)


def test_component_answers_the_matched_topic_after_loading(component):
    (message,) = component.process([parsed("mag ik zonder toestemming melden",
                                           "melden_zonder_toestemming")])  # fmt: skip
    assert message.get(INTENT)["name"] == "faq"
    response = message.get("response_selector")["default"]["response"]
    assert response["utter_action"] == "utter_faq/melden_zonder_toestemming"
    output = message.get("faq_matcher")
    assert output["decision"] == "answer"
    assert output["before"] == {"intent": "faq", "selector": ["meldnormen"]}


def test_component_asks_when_unsure(component):
    (message,) = component.process([parsed("wat zijn de meldnormen", "disclosure")])
    assert message.get(INTENT)["name"] == "nlu_fallback"
    assert message.get("intent_ranking")[0]["name"] == "nlu_fallback"
    assert set(message.get("faq_matcher")["choices"][:2]) == {"disclosure", "meldnormen"}


def test_component_never_answers_what_the_classifier_called_out_of_scope(component):
    (message,) = component.process([parsed("wat is disclosure", "disclosure", "out_of_scope")])
    assert message.get("faq_matcher")["decision"] == "choose"
    assert message.get(INTENT)["name"] == "nlu_fallback"


def test_component_leaves_other_intents_alone(component):
    (message,) = component.process([parsed("ja", "disclosure", "affirm")])
    assert message.get(INTENT)["name"] == "affirm"
    assert message.get("faq_matcher") is None


def test_component_without_a_trained_model_changes_nothing(tmp_path):
    config = FaqMatcher.get_default_config()
    empty = FaqMatcher.load(config, LocalModelStorage(tmp_path), Resource("x"), None)
    (message,) = empty.process([parsed("wat is disclosure", "disclosure")])
    assert message.get(INTENT)["name"] == "faq"


# ---- the "bedoel je" action with the matcher's output -------------------------------------


@pytest.mark.anyio
async def test_disambiguation_offers_the_matcher_choices():
    tracker = make_tracker({}, intent="nlu_fallback")
    tracker.latest_message["faq_matcher"] = {
        "decision": "choose", "choices": ["disclosure", "bestaat_niet", "meldnormen"]}  # fmt: skip
    dispatcher = CollectingDispatcher()
    await ActionDisambiguate().run(dispatcher, tracker, {})
    [message] = dispatcher.messages
    assert [b["payload"] for b in message["buttons"]] == [
        fallback.topic_payload("disclosure"),
        fallback.topic_payload("meldnormen"),
        fallback.instellingen().uitweg.payload,
    ]


@pytest.mark.anyio
async def test_nothing_close_gets_the_out_of_scope_reply():
    tracker = make_tracker({}, intent="nlu_fallback")
    tracker.latest_message["faq_matcher"] = {"decision": "none", "choices": ["disclosure"]}
    dispatcher = CollectingDispatcher()
    await ActionDisambiguate().run(dispatcher, tracker, {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_out_of_scope"]


# ---- how the REST evaluation reads a reply -------------------------------------------------


def test_reply_classification():
    index = rq.answer_index()
    first = {v: k for k, v in index.items()}["disclosure"]
    answer = [{"text": "Let op: bel 112."}, {"text": first}, {"text": "Bron: ..."}]
    assert rq.read_reply(answer, index) == ("answer", ["disclosure"])
    buttons = [{"payload": fallback.topic_payload("meldnormen")}, {"payload": "/out_of_scope"}]
    choice = [{"text": "Bedoel je ...?", "buttons": buttons}]
    assert rq.read_reply(choice, index) == ("choice", ["meldnormen"])
    assert rq.read_reply([{"text": "Daar kan ik je niet mee helpen."}], index) == ("none", [])
    assert rq.outcome("answer", ["disclosure"], ["disclosure"]) == "right"
    assert rq.outcome("answer", ["disclosure"], []) == "wrong"
    assert rq.outcome("choice", ["meldnormen"], []) == "choice"
    assert rq.outcome("choice", ["meldnormen"], ["disclosure"]) == "choice_miss"


def test_every_faq_answer_is_recognisable():
    index = rq.answer_index()
    assert len(set(index.values())) == len(index)  # first paragraphs are unique
    assert set(index.values()) == set(fallback.knowledge.default().faq)


def test_eval_sets_load():
    sets = rq.default_sets(blind=False)
    assert set(sets) == {"dev", "oos", "heldout"}
    assert len(sets["dev"]) >= 80 and len(sets["oos"]) >= 40
    assert all(topics == [] for _, topics in sets["oos"])
