"""The custom NLU components on single messages (no training needed)."""

import pytest
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from addons.nlu import DANGER_HEDGE, DangerDetector, NumberWordLemmas
from bot import danger


def parsed(text: str, ranking: list) -> Message:
    message = Message(data={TEXT: text})
    message.set("intent", dict(ranking[0]))
    message.set("intent_ranking", [dict(r) for r in ranking])
    return message


FAQ = {"name": "faq", "confidence": 0.7}
DANGER = {"name": "acute_danger", "confidence": 0.9}


@pytest.mark.parametrize(
    "text, ranking, expected",
    [
        # A pattern match wins over any classifier outcome.
        ("hij heeft nu een mes", [FAQ, DANGER], "acute_danger"),
        ("hij heeft nu een mes", [{"name": "nlu_fallback", "confidence": 0.5}], "acute_danger"),
        # No pattern: the classifier's danger stands ...
        ("help, er gebeurt iets met een kind", [DANGER, FAQ], "acute_danger"),
        # ... unless the message describes a pattern over time (then: a hedge, below).
        ("moeder is vaak dronken als ze hem haalt", [DANGER, FAQ], "faq"),
        # Ordinary questions are left alone.
        ("wat is acute onveiligheid?", [FAQ, DANGER], "faq"),
        # When the classifier's danger is dropped, an unsure next intent is no answer.
        (
            "moeder is vaak dronken als ze hem haalt",
            [DANGER, {"name": "start_melden_zonder_toestemming", "confidence": 0.01}],
            "nlu_fallback",
        ),
    ],
)
def test_acute_danger_override(text, ranking, expected):
    (message,) = DangerDetector(None, None).process([parsed(text, ranking)])
    assert message.get("intent")["name"] == expected
    assert message.get("intent_ranking")[0]["name"] == expected
    if danger.is_acuut(text):  # set by the patterns: full confidence
        assert message.get("intent")["confidence"] == 1.0


@pytest.mark.parametrize(
    "text, ranking, hedge",
    [
        # The classifier's danger over a pattern over time: answered, with 112 first.
        ("moeder is vaak dronken als ze hem haalt", [DANGER, FAQ], True),
        ("wat is acute onveiligheid?", [FAQ, DANGER], False),
        # A danger pattern in a habit ("vaak"), not now: hedged.
        ("moeder rijdt vaak dronken met de kinderen naar school", [FAQ], True),
        # A general question names no danger.
        ("wat moet ik doen als een kind zegt dat het thuis geslagen wordt?", [FAQ], False),
    ],
)
def test_possible_danger_is_hedged(text, ranking, hedge):
    (message,) = DangerDetector(None, None).process([parsed(text, ranking)])
    assert message.get("intent")["name"] != "acute_danger" or not hedge
    assert bool(message.get(DANGER_HEDGE)) is hedge


def test_number_word_lemmas():
    message = Message(data={TEXT: "wat is stap 3"})
    words = ["wat", "is", "stap", "3"]
    message.set(TOKENS_NAMES[TEXT], [Token(w, i) for i, w in enumerate(words)])
    (message,) = NumberWordLemmas().process([message])
    assert [t.lemma for t in message.get(TOKENS_NAMES[TEXT])] == ["wat", "is", "stap", "drie"]


def test_danger_detector_fingerprint_follows_its_extra_negatives(tmp_path, monkeypatch):
    """The extra negatives are read from a file outside the graph: a change must retrain."""
    from bot import danger_model

    extra = tmp_path / "ordinary.yml"
    extra.write_text("gewone_zorgen:\n  - ze is moe\n", encoding="utf-8")
    monkeypatch.setattr(danger_model, "ORDINARY_FILE", extra)
    before = DangerDetector.fingerprint_addon({})
    extra.write_text("gewone_zorgen:\n  - ze is moe\n  - hij is stil\n", encoding="utf-8")
    assert DangerDetector.fingerprint_addon({}) != before
