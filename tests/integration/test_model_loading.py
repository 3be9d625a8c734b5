"""The faster model loading (addons/speedups.py) predicts exactly as Rasa's own loading.

The trained model is loaded twice, each in a fresh process: the stock way (a training step
to create the weights) and the fast way (a forward pass). Both parse the held-out FAQ
questions and a set of other messages; intents, rankings, confidences and the selected FAQ
answers must be the same.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.integration.conftest import ROOT, trained_model

pytestmark = pytest.mark.server

PARSE = """
import asyncio, json, sys
from rasa.core.agent import Agent
if sys.argv[2] == "fast":
    from addons import speedups
    speedups.install()
agent = Agent.load(sys.argv[1])
texts = json.loads(sys.stdin.read())

async def parse_all():
    return [await agent.parse_message(text) for text in texts]

with open(sys.argv[3], "w", encoding="utf-8") as out:
    json.dump(asyncio.run(parse_all()), out)
"""

OTHER_MESSAGES = [
    "hoi",
    "moet ik dit melden?",
    "ja",
    "nee",
    "weet ik niet",
    "ik wil een melding voorbereiden",
    "hij heeft nu een mes",
    "stop",
    "dank je wel",
    "asdf qwerty",
    "stap 3",
    "meldnorm 2",
]


def texts() -> list[str]:
    data = yaml.safe_load((ROOT / "tests/nlu/faq_heldout.yml").read_text(encoding="utf-8"))
    held_out = [
        line.strip()[2:]
        for block in data["nlu"]
        for line in block["examples"].splitlines()
        if line.strip().startswith("- ")
    ]
    return held_out + OTHER_MESSAGES


def parse(model: str, how: str, messages: list[str], out: Path) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-c", PARSE, model, how, str(out)],
        input=json.dumps(messages),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


def summary(parsed: dict) -> dict:
    selected = parsed.get("response_selector", {}).get("default", {}).get("response", {})
    return {
        "intent": parsed["intent"]["name"],
        "confidence": parsed["intent"]["confidence"],
        "ranking": [(r["name"], r["confidence"]) for r in parsed["intent_ranking"]],
        "answer": selected.get("intent_response_key"),
        "answer_confidence": selected.get("confidence"),
    }


def test_fast_loading_predicts_exactly_as_rasa_loading(tmp_path):
    model = trained_model()
    messages = texts()
    assert len(messages) > 250
    stock = [summary(p) for p in parse(model, "stock", messages, tmp_path / "stock.json")]
    fast = [summary(p) for p in parse(model, "fast", messages, tmp_path / "fast.json")]
    # The set is varied: many intents and many FAQ answers (else the check proves little).
    assert len({s["intent"] for s in stock}) >= 8 and len({s["answer"] for s in stock}) >= 20
    for text, one, other in zip(messages, stock, fast, strict=True):
        assert one["intent"] == other["intent"], text
        assert one["answer"] == other["answer"], text
        assert [name for name, _ in one["ranking"]] == [name for name, _ in other["ranking"]]
        assert one["confidence"] == pytest.approx(other["confidence"], abs=1e-5), text
        if one["answer_confidence"] is not None:
            assert one["answer_confidence"] == pytest.approx(other["answer_confidence"], abs=1e-5)
