"""The danger classifier: trained on a small set, persisted in Rasa's model storage, loaded
again with the same probabilities."""

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons.nlu import DANGER_HEDGE, DANGER_PROBABILITY, DangerDetector
from bot import danger_model

DANGER = [
    "hij slaat haar nu met een stok",
    "vader dreigt haar vanavond iets aan te doen",
    "ze is net weggelopen en durft niet naar huis",
    "er ligt een kind bewusteloos op het plein",
    "moeder slaat de baby op dit moment",
    "hij heeft een mes en staat bij de deur",
]
OTHER = [
    "wat is de meldcode",
    "mag ik anoniem advies vragen",
    "hoe voer ik een gesprek met ouders",
    "wat leg ik vast in het dossier",
    "wie beslist over een melding",
    "wat doet de aandachtsfunctionaris",
    "hoe werkt het afwegingskader",
    "wat is disclosure",
]


def test_the_classifier_separates_danger_from_questions():
    texts = DANGER + OTHER
    model = danger_model.train(texts, [None] * len(texts), [True] * 6 + [False] * 8)
    assert danger_model.probability(model, "vader slaat hem nu met een stok", None) > 0.5
    assert danger_model.probability(model, "wat is de meldcode eigenlijk", None) < 0.5


def test_the_classifier_needs_both_classes():
    with pytest.raises(ValueError):
        danger_model.train(OTHER, [None] * len(OTHER), [False] * len(OTHER))


def test_the_detector_is_trained_persisted_and_loaded(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("danger_detector")
    context = ExecutionContext(GraphSchema({}), "test")
    examples = [Message(data={TEXT: t, INTENT: "acute_danger"}) for t in DANGER] + [
        Message(data={TEXT: t, INTENT: "faq"}) for t in OTHER
    ]
    trained = DangerDetector.create({}, storage, resource, context)
    trained.train(TrainingData(examples))
    loaded = DangerDetector.load({}, storage, resource, context)

    def parse(detector, text):
        message = Message(data={TEXT: text})
        message.set(INTENT, {"name": "faq", "confidence": 0.9})
        message.set("intent_ranking", [{"name": "faq", "confidence": 0.9}])
        return detector.process([message])[0]

    text = "vader slaat hem thuis met een stok"
    first, again = parse(trained, text), parse(loaded, text)
    assert first.get(DANGER_PROBABILITY) == again.get(DANGER_PROBABILITY) > 0
    assert parse(loaded, "wat is de meldcode eigenlijk").get(DANGER_HEDGE) is False
