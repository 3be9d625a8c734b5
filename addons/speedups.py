"""Where stock Rasa 3.6.21 spends CPU time for nothing, found with py-spy (`make profile`).

``install()`` changes, in the Rasa server:

- **Action server answers**: Rasa checks each answer against a JSON schema with
  ``jsonschema.validate``, which first checks *the schema itself* against the JSON Schema
  meta-schema, on every call. With jsonschema 4.17 that was half of all CPU time per turn
  (a form turn calls the action server two or three times). Here the schema is checked once
  and its validator kept; answers are checked exactly as before (same errors).
- **Loading a TensorFlow model** (DIETClassifier, ResponseSelector): to create the model's
  weights Rasa runs one *training* step, which traces the whole training graph with its
  gradients: most of the cold start. Here one forward pass creates the weights prediction
  uses, the trained values are read into them, and only then is prediction prepared and
  traced, as Rasa does. Models loaded for fine-tuning are loaded the stock way.
  ``tests/integration/test_model_loading.py`` checks that both ways predict the same.
- **spaCy**: Rasa loads the same pipeline once per graph node that uses it (twice); here it
  is loaded once per process.
- **Running the model graph** (NLU, then the policies, several times a turn): Rasa uses
  ``dask.get``, dask's scheduler machinery in synchronous mode (~7 % of a turn); here dask's
  plain sequential evaluator ``dask.core.get`` runs the same task graph, same results.

Installed by the tracker store (``addons.tracker_store``), like the other server changes.
"""

from __future__ import annotations

import functools
from typing import Any, Dict, Optional

from rasa.core.actions import action as rasa_action

_MARK = "_meldcode_speedup"


def _cached_validator() -> Any:
    from jsonschema.validators import validator_for

    schema = rasa_action.RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once, instead of on every answer
    return cls(schema)


def _load_without_a_training_step(original: Any) -> Any:
    """A replacement for ``RasaModel.load`` (see the module docstring)."""
    import tensorflow as tf
    from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
    from rasa.utils.train_utils import create_data_generators

    def load(
        cls: Any,
        model_file_name: str,
        model_data_example: Any,
        predict_data_example: Optional[Any] = None,
        finetune_mode: bool = False,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        if finetune_mode or predict_data_example is None:
            return original.__func__(
                cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
                *args, **kwargs,
            )  # fmt: skip
        model = cls(*args, **kwargs)
        config = kwargs.get("config", {})
        model.compile(
            optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)),
            run_eagerly=config.get(RUN_EAGERLY),
        )
        generator, _ = create_data_generators(
            model_data=predict_data_example, batch_sizes=1, epochs=1, shuffle=False
        )
        model.predict_step(next(iter(generator))[0])  # eager: creates the weights, traces nothing
        # The optimizer's state is in the file too; prediction does not need it.
        model.load_weights(model_file_name).expect_partial()
        model.prepared_for_prediction = False  # prepared again, now with the trained weights
        model.run_inference(predict_data_example)  # traces prediction, as Rasa does
        return model

    return classmethod(load)


class _SequentialDask:
    """All that ``rasa.engine.runner.dask`` uses of dask: ``get``, here the plain one."""

    @staticmethod
    def get(graph: Dict[str, Any], targets: Any) -> Any:
        import dask.core

        return dask.core.get(graph, targets)


def install() -> None:
    """Patch once; later calls change nothing."""
    original = rasa_action.RemoteAction._validate_action_result
    if getattr(original, _MARK, False):
        return
    from rasa.engine.runner import dask as rasa_graph_runner
    from rasa.nlu.utils.spacy_utils import SpacyNLP
    from rasa.utils.tensorflow.models import RasaModel

    fast_load = _load_without_a_training_step(RasaModel.load)
    setattr(fast_load.__func__, _MARK, True)
    RasaModel.load = fast_load
    SpacyNLP.load_model = staticmethod(functools.lru_cache(maxsize=None)(SpacyNLP.load_model))
    rasa_graph_runner.dask = _SequentialDask
    validator = _cached_validator()

    def validate_action_result(self: Any, result: Dict[str, Any]) -> bool:
        from jsonschema import ValidationError

        try:
            validator.validate(result)
            return True
        except ValidationError as error:
            error.message += (
                ". Failed to validate Action server response from API, make sure your "
                "response from the Action endpoint is valid."
            )
            raise

    setattr(validate_action_result, _MARK, True)
    rasa_action.RemoteAction._validate_action_result = validate_action_result
