"""The FAQ matcher: decides per message whether an FAQ topic is sure enough to answer
(``bot.faq_matching``), reusing the sentence vector of ``addons.nlu.SentenceEncoder``.

Placed after the FallbackClassifier and before the DangerDetector (which keeps the last word).
It acts only on messages the intent classifier took for ``faq`` or ``out_of_scope`` (also when
the FallbackClassifier turned them into ``nlu_fallback``); every other intent is left alone.

- answer: intent ``faq``, and the response selector's prediction set to the matched topic, so
  the rule ``faq -> utter_faq`` answers it;
- choose: intent ``nlu_fallback``; ``action_disambiguate`` offers ``faq_matcher.choices``;
- none: ``out_of_scope`` when the classifier said so, else ``nlu_fallback`` with decision
  ``none``, for which ``action_disambiguate`` sends the out-of-scope reply (this also works
  inside a form, where only the ``nlu_fallback`` rules apply).

A message the classifier took for out of scope is never answered outright: at most "bedoel je".
The parse result carries ``faq_matcher`` (decision, score, margin, ranking, each source's first
label) for the evaluation and the calibration of the thresholds.
"""

from __future__ import annotations

import pickle
from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons.nlu import SENTENCE_VECTOR
from bot import faq_matching

FAQ = "faq"
FALLBACK = "nlu_fallback"
OUTPUT = "faq_matcher"
SELECTOR = "response_selector"


def selector_scores(message: Message) -> Dict[str, float]:
    """The response selector's confidence per FAQ topic id."""
    ranking = ((message.get(SELECTOR) or {}).get("default") or {}).get("ranking") or []
    scores: Dict[str, float] = {}
    for entry in ranking:
        topic = str(entry.get(INTENT_RESPONSE_KEY) or "").partition("/")[2]
        if topic:
            scores[topic] = float(entry.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
    return scores


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class FaqMatcher(GraphComponent):
    FILE = "faq_matcher.pkl"

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        defaults = faq_matching.Settings()
        return {
            "temperature": defaults.temperature,
            "weights": dict(defaults.weights),
            "agree": list(defaults.agree),
            "answer_threshold": defaults.answer_threshold,
            "choice_threshold": defaults.choice_threshold,
            "max_choices": defaults.max_choices,
        }

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        matcher: Optional[faq_matching.Matcher] = None,
    ) -> None:
        self._settings = faq_matching.Settings.from_config(config)
        self._storage, self._resource = model_storage, resource
        self._matcher = matcher
        if self._matcher is not None:
            # Settings come from config.yml, so a retuned threshold needs no new vectors.
            self._matcher.settings = self._settings

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> GraphComponent:
        try:
            with model_storage.read_from(resource) as directory:
                matcher = pickle.loads((directory / cls.FILE).read_bytes())
        except (ValueError, FileNotFoundError):
            matcher = None
        return cls(config, model_storage, resource, matcher)

    @staticmethod
    def _label(message: Message) -> Optional[str]:
        if message.get(INTENT) == FAQ:
            return str(message.get(INTENT_RESPONSE_KEY) or "").partition("/")[2] or None
        if message.get(INTENT) == faq_matching.OUT_OF_SCOPE:
            return faq_matching.OUT_OF_SCOPE
        return None

    def train(self, training_data: TrainingData) -> Resource:
        examples = [
            (m.get(TEXT), m.get(SENTENCE_VECTOR), self._label(m))
            for m in training_data.intent_examples
            if m.get(TEXT) and m.get(SENTENCE_VECTOR) is not None and self._label(m)
        ]
        if not examples:
            raise ValueError("FaqMatcher: no faq/out_of_scope examples with a sentence vector")
        texts, vectors, labels = zip(*examples, strict=True)
        self._matcher = faq_matching.Matcher(self._settings).fit(texts, vectors, labels)
        with self._storage.write_to(self._resource) as directory:
            (directory / self.FILE).write_bytes(pickle.dumps(self._matcher))
        return self._resource

    @staticmethod
    def _classified_as(message: Message) -> Optional[str]:
        name = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if name == FALLBACK:
            ranking = message.get(INTENT_RANKING_KEY) or []
            name = next(
                (e.get(INTENT_NAME_KEY) for e in ranking if e.get(INTENT_NAME_KEY) != FALLBACK),
                None,
            )
        return name

    @staticmethod
    def _set_intent(message: Message, name: str, confidence: float) -> None:
        intent = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}
        ranking = [
            entry
            for entry in message.get(INTENT_RANKING_KEY) or []
            if entry.get(INTENT_NAME_KEY) not in (name, FALLBACK)
        ]
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [intent, *ranking], add_to_output=True)

    @staticmethod
    def _select_topic(message: Message, topic: str, score: float) -> None:
        properties = dict(message.get(SELECTOR) or {})
        default = dict(properties.get("default") or {})
        previous = default.get("response") or {}
        key = f"{FAQ}/{topic}"
        default["response"] = {
            "responses": previous.get("responses")
            if previous.get(INTENT_RESPONSE_KEY) == key
            else [],
            PREDICTED_CONFIDENCE_KEY: round(score, 4),
            INTENT_RESPONSE_KEY: key,
            "utter_action": f"utter_{key}",
        }
        properties["default"] = default
        message.set(SELECTOR, properties, add_to_output=True)

    def process(self, messages: List[Message]) -> List[Message]:
        if self._matcher is None:
            return messages
        for message in messages:
            classified = self._classified_as(message)
            if classified not in (FAQ, faq_matching.OUT_OF_SCOPE) or not message.get(TEXT):
                continue
            decision = self._matcher.decide(
                message.get(TEXT), message.get(SENTENCE_VECTOR), selector_scores(message)
            )
            output = decision.as_dict()
            # What the assistant would have done without the matcher (for the evaluation).
            ranking = ((message.get(SELECTOR) or {}).get("default") or {}).get("ranking") or []
            output["before"] = {
                "intent": (message.get(INTENT) or {}).get(INTENT_NAME_KEY),
                "selector": [
                    str(e.get(INTENT_RESPONSE_KEY) or "").partition("/")[2] for e in ranking[:3]
                ],
            }
            topics = [t for t, _ in decision.ranking if t != faq_matching.OUT_OF_SCOPE]
            output["choices"] = topics[: self._settings.max_choices]
            kind = decision.kind
            if kind == faq_matching.ANSWER and classified != FAQ:
                kind = faq_matching.CHOOSE  # the classifier said out of scope: only offer it
            output["decision"] = kind
            message.set(OUTPUT, output, add_to_output=True)
            if kind == faq_matching.ANSWER:
                self._set_intent(message, FAQ, decision.score)
                self._select_topic(message, decision.topics[0], decision.score)
            elif kind == faq_matching.NONE and classified == faq_matching.OUT_OF_SCOPE:
                self._set_intent(message, faq_matching.OUT_OF_SCOPE, 1.0 - decision.score)
            else:
                self._set_intent(message, FALLBACK, decision.score)
        return messages
