"""Custom NLU components, registered with Rasa's default recipe and named in ``config.yml``."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import danger
from bot.nlu import number_word


class _Stateless(GraphComponent):
    """A component without configuration or trained state."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls()


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class NumberWordLemmas(_Stateless):
    """Sets the lemma of "3" to "drie" (and so on), after tokenising, before featurising."""

    @staticmethod
    def _apply(message: Message) -> None:
        for attribute in TOKENS_NAMES.values():
            for token in message.get(attribute) or []:
                word: Optional[str] = number_word(token.text)
                if word:
                    token.lemma = word

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            self._apply(message)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._apply(message)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class AcuteDangerOverride(_Stateless):
    """Sets the intent to ``acute_danger`` when ``bot.danger`` recognises acute danger.

    Placed last in the pipeline, so neither the classifier nor the fallback can overrule it.
    A classifier's ``acute_danger`` without a matching pattern stands, unless the message
    describes a pattern over time ("vaak", "al jaren"): then the next intent is taken.
    """

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not danger.is_acuut(text):
                predicted = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
                if predicted == danger.INTENT and not danger.houd_classificatie(text, predicted):
                    self._fall_back_to_next_intent(message)
                continue
            intent = {INTENT_NAME_KEY: danger.INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
            message.set(INTENT, intent, add_to_output=True)
            message.set(
                INTENT_RANKING_KEY,
                [intent, *self._ranking_without_danger(message)],
                add_to_output=True,
            )
        return messages

    @staticmethod
    def _ranking_without_danger(message: Message) -> List[Dict[str, Any]]:
        return [
            entry
            for entry in message.get(INTENT_RANKING_KEY) or []
            if entry.get(INTENT_NAME_KEY) != danger.INTENT
        ]

    def _fall_back_to_next_intent(self, message: Message) -> None:
        ranking = self._ranking_without_danger(message)
        if ranking:
            message.set(INTENT, dict(ranking[0]), add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
