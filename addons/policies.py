"""SafetyPolicy: acute danger first, and the name reminder, in every state of the dialogue.

The decision is ``bot.safety.next_action``; this class only reads the tracker and turns the
answer into a prediction with full confidence. Its priority is above the RulePolicy, and its
predictions are marked like the RulePolicy's form predictions, so it also wins inside a form,
also when the form would take the message as a free-text answer.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot import safety

SAFETY_PRIORITY = 7  # RulePolicy has 6


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class SafetyPolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"priority": SAFETY_PRIORITY}

    def train(
        self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        return self._resource  # nothing to learn: the rules are in bot/safety.py

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[str, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        message = tracker.latest_message
        given = safety.reminder_given(
            event.metadata.get("utter_action")
            for event in tracker.events
            if isinstance(event, BotUttered) and event.metadata
        )
        action = safety.next_action(
            intent=message.intent.get("name") if message else None,
            text=message.text if message else None,
            last_action=tracker.latest_action_name,
            reminder_already_given=given,
            hedge=bool(message and message.parse_data.get("danger_hedge")),
            hedge_already_given=self._hedge_given_for_latest_message(tracker),
        )
        probabilities = self._default_predictions(domain)
        if action is None:
            return self._prediction(probabilities)
        probabilities[domain.index_for_action(action)] = 1.0
        # While a form is active, the RulePolicy predicts the form as a "no user" prediction,
        # and Rasa lets those beat every other prediction, whatever its priority: a danger
        # message typed as the answer to a free-text question would be taken as the answer.
        # Marked the same way, this prediction competes with it and wins on priority.
        return self._prediction(probabilities, is_no_user_prediction=True)

    @staticmethod
    def _hedge_given_for_latest_message(tracker: DialogueStateTracker) -> bool:
        for event in reversed(tracker.events):
            if isinstance(event, UserUttered):
                return False
            if isinstance(event, BotUttered) and (event.metadata or {}).get(
                "utter_action"
            ) == safety.HEDGE_RESPONSE:
                return True
        return False
