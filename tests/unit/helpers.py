"""Small builders for action tests: an inline Tracker, as in rasa-sdk's own tests."""

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Tracker

ROOT = Path(__file__).resolve().parents[2]

# Every answer up to afweging 5: a suspicion, no onveiligheid or disclosure, help accepted.
HULP_AANVAARD = {
    "vermoeden": "ja",
    "onveiligheid": "nee",
    "disclosure": "nee",
    "hulp_mogelijk": "ja",
    "hulp_aanvaard": "ja",
}


def make_tracker(
    slots: dict[str, Any] | None = None,
    intent: str = "greet",
    text: str = "",
    events: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
    sender_id: str = "test-gesprek",
) -> Tracker:
    return Tracker(
        sender_id,
        dict(slots or {}),
        {"intent": {"name": intent, "confidence": 1.0}, "entities": [], "text": text},
        list(events or []),
        False,
        None,
        {"name": active_loop} if active_loop else {},
        "action_listen",
    )


@cache
def domain_section(key: str) -> tuple:
    """One section ("responses", "intents", ...) of all domain files, merged, as items."""
    merged: dict = {}
    for path in sorted((ROOT / "domain").glob("*.yml")):
        value = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(key) or {}
        merged.update(value if isinstance(value, dict) else dict.fromkeys(value))
    return tuple(merged.items())


def domain_responses() -> dict:
    return dict(domain_section("responses"))


def domain_intents() -> set:
    return {name for name, _ in domain_section("intents")}


def response_text(name: str, **values) -> str:
    """The (single) text of a domain response, with its {placeholders} filled in."""
    variants = [v for v in domain_responses()[name] if "channel" not in v]
    text = variants[0]["text"]  # the default variant (others are for one channel)
    return text.format(**values) if values else text
