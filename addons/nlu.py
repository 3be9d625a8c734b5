"""Custom NLU components, registered with Rasa's default recipe and named in ``config.yml``."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME as NLU_FALLBACK
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import danger, danger_model, privacy, sentence_vectors
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


# The message attribute that holds the sentence vector (not a Rasa feature: DIET does not
# see it) and the output key that asks the SafetyPolicy for a first line with 112.
SENTENCE_VECTOR = "meldcode_sentence_vector"
DANGER_HEDGE = "danger_hedge"
DANGER_PROBABILITY = "danger_probability"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class SentenceEncoder(GraphComponent):
    """A multilingual sentence vector per message (``bot.sentence_vectors``), for the danger
    classifier; config ``encoder``: ``use`` (default) or ``e5``."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"encoder": "use"}

    def __init__(self, config: Dict[str, Any]) -> None:
        self._encoder = config["encoder"]

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(config)

    def _encode(self, messages: List[Message]) -> None:
        todo = [m for m in messages if m.get(TEXT) and m.get(SENTENCE_VECTOR) is None]
        if todo:
            texts = [privacy.without_placeholders(m.get(TEXT)) for m in todo]
            vectors = sentence_vectors.encode(texts, self._encoder)
            for message, vector in zip(todo, vectors, strict=True):
                # A list, not an array: Rasa fingerprints training messages as JSON.
                message.set(SENTENCE_VECTOR, vector.tolist())

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._encode(training_data.intent_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        self._encode(messages)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class DangerDetector(GraphComponent):
    """Acute danger, recall first: the patterns of ``bot.danger``, the intent classifier's
    ``acute_danger`` and a danger classifier of its own (logistic regression on the sentence
    vector and character n-grams; positives: the ``acute_danger`` examples, negatives: all
    other examples). ``bot.danger.besluit`` combines them.

    Placed last in the pipeline, so neither the classifier nor the fallback can overrule it.
    An alarm sets the intent to ``acute_danger`` (confidence 1.0); a possible danger sets
    ``danger_hedge`` in the parse result, for which the SafetyPolicy puts a line with 112 and
    Veilig Thuis before the answer.
    """

    FILE = "danger_classifier.pkl"

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # encoder: the one of SentenceEncoder (for the extra examples); None: character n-grams
        # only. fallback_threshold: when the classifier's acute_danger is dropped, the next
        # intent stands only from this confidence, else nlu_fallback (as FallbackClassifier).
        return {"encoder": "use", "fallback_threshold": 0.5}

    def __init__(
        self,
        model_storage: ModelStorage,
        resource: Resource,
        model: Any = None,
        encoder: Optional[str] = "use",
        fallback_threshold: float = 0.5,
    ):
        self._storage, self._resource, self._model = model_storage, resource, model
        self._encoder = encoder
        self._fallback_threshold = fallback_threshold

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(model_storage, resource, **cls._settings(config))

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> GraphComponent:
        import pickle

        try:
            with model_storage.read_from(resource) as directory:
                model = pickle.loads((directory / cls.FILE).read_bytes())
        except (ValueError, FileNotFoundError):
            model = None
        return cls(model_storage, resource, model, **cls._settings(config))

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """The extra examples come from files the graph does not know: without their content
        in the fingerprint, Rasa's training cache would keep the old classifier."""
        import hashlib

        digest = hashlib.sha256()
        for path in danger_model.extra_files():
            digest.update(path.read_bytes())
        return digest.hexdigest()

    @classmethod
    def _settings(cls, config: Dict[str, Any]) -> Dict[str, Any]:
        """The constructor's settings from the component's config, defaults filled in."""
        defaults = cls.get_default_config()
        return {key: config.get(key, default) for key, default in defaults.items()}

    def train(self, training_data: TrainingData) -> Resource:
        import pickle

        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        texts = [m.get(TEXT) for m in examples]
        vectors = [m.get(SENTENCE_VECTOR) for m in examples]
        labels = [m.get(INTENT) == danger.INTENT for m in examples]
        # Ordinary descriptions of a worry (data/danger/ordinary.yml): also not danger; danger
        # told in more ways (data/danger/acute.yml): danger.
        ordinary, acute = danger_model.ordinary_examples(), danger_model.acute_examples()
        extra = ordinary + acute
        texts += extra
        if self._encoder:
            vectors += list(sentence_vectors.encode(extra, self._encoder))
        else:
            vectors += [None] * len(extra)
        labels += [False] * len(ordinary) + [True] * len(acute)
        self._model = danger_model.train(texts, vectors, labels)
        with self._storage.write_to(self._resource) as directory:
            (directory / self.FILE).write_bytes(pickle.dumps(self._model))
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            predicted = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            kans = None
            if self._model is not None and text:
                kans = danger_model.probability(self._model, text, message.get(SENTENCE_VECTOR))
                message.set(DANGER_PROBABILITY, round(kans, 4), add_to_output=True)
            verdict = danger.besluit(text, predicted, kans)
            if verdict.alarm:
                intent = {INTENT_NAME_KEY: danger.INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
                message.set(INTENT, intent, add_to_output=True)
                message.set(
                    INTENT_RANKING_KEY,
                    [intent, *self._ranking_without_danger(message)],
                    add_to_output=True,
                )
                continue
            if predicted == danger.INTENT:
                self._fall_back_to_next_intent(message)
            message.set(DANGER_HEDGE, verdict.hedge, add_to_output=True)
        return messages

    @staticmethod
    def _ranking_without_danger(message: Message) -> List[Dict[str, Any]]:
        return [
            entry
            for entry in message.get(INTENT_RANKING_KEY) or []
            if entry.get(INTENT_NAME_KEY) != danger.INTENT
        ]

    def _fall_back_to_next_intent(self, message: Message) -> None:
        """The classifier's acute_danger did not stand: the next intent, when the classifier
        was sure enough of it. Otherwise nlu_fallback ("bedoel je ...?"): the next intent of a
        message the classifier took for danger often has a confidence near 0, and one such
        message ("hij komt vaak te laat ...") started the melden-zonder-toestemming dialog."""
        ranking = self._ranking_without_danger(message)
        if not ranking:
            return
        best = dict(ranking[0])
        if best.get(PREDICTED_CONFIDENCE_KEY, 0.0) < self._fallback_threshold:
            confidence = self._fallback_threshold
            best = {INTENT_NAME_KEY: NLU_FALLBACK, PREDICTED_CONFIDENCE_KEY: confidence}
            ranking = [best, *ranking]
        message.set(INTENT, best, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
