"""Low NLU confidence: which topics to offer in a "bedoel je ...?" question."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, Sequence

import yaml
from pydantic import BaseModel

from bot import knowledge

SETTINGS_FILE = knowledge.KNOWLEDGE_DIR / "fallback.yml"
FAQ_INTENT = "faq"


class Uitweg(BaseModel):
    titel: str
    payload: str


class Instellingen(BaseModel):
    labels: Dict[str, str]
    uitweg: Uitweg


class Keuze(NamedTuple):
    titel: str
    payload: str


@lru_cache(maxsize=1)
def instellingen(path: Path = SETTINGS_FILE) -> Instellingen:
    return Instellingen(**yaml.safe_load(path.read_text(encoding="utf-8")))


def topic_payload(topic: str) -> str:
    """A button payload that answers FAQ topic ``topic`` without asking the NLU again."""
    return '/choose_topic{"topic": "' + topic + '"}'


def uit_matcher(matcher: Optional[dict]) -> List[Keuze]:
    """The FAQ matcher's choices (``faq_matcher.choices`` in the parse result), best first."""
    kb = knowledge.default()
    topics = (matcher or {}).get("choices") or []
    return [Keuze(kb.faq[t].titel, topic_payload(t)) for t in topics if t in kb.faq]


def buiten_bereik(matcher: Optional[dict]) -> bool:
    """True when the FAQ matcher found nothing close enough: answer with the out-of-scope reply."""
    return (matcher or {}).get("decision") == "none"


def kandidaten(
    intent_ranking: Sequence[dict], response_ranking: Sequence[dict], aantal: int = 2
) -> List[Keuze]:
    """The ``aantal`` most likely answers the user may have meant, best first.

    An FAQ topic scores the FAQ intent's confidence times the response selector's confidence
    for that topic; another intent scores its own confidence and is offered only when
    ``knowledge/fallback.yml`` has a label for it.
    """
    kb = knowledge.default()
    labels = instellingen().labels
    scored: List[tuple] = []
    for intent in intent_ranking:
        name, confidence = intent.get("name"), float(intent.get("confidence") or 0.0)
        if name == FAQ_INTENT:
            for response in response_ranking:
                topic = str(response.get("intent_response_key", "")).partition("/")[2]
                if topic in kb.faq:
                    score = confidence * float(response.get("confidence") or 0.0)
                    scored.append((score, Keuze(kb.faq[topic].titel, topic_payload(topic))))
        elif name in labels:
            scored.append((confidence, Keuze(labels[name], f"/{name}")))
    keuzes: List[Keuze] = []
    for _, keuze in sorted(scored, key=lambda item: item[0], reverse=True):
        if keuze not in keuzes:
            keuzes.append(keuze)
    return keuzes[:aantal]
