"""Every user turn in the test stories is understood as the story says, FAQ topic included.

`rasa test core` checks the predicted actions and the top-level intent only: a FAQ question
answered with the wrong topic would still pass there (`utter_faq` is right either way). Here
the running model parses each user text and the full retrieval intent must match.
"""

from pathlib import Path

import pytest
import requests
import yaml

from tests.integration.conftest import ROOT

pytestmark = pytest.mark.server


def story_turns():
    turns = []
    for path in sorted((ROOT / "tests" / "stories").glob("*.yml")):
        for story in yaml.safe_load(path.read_text(encoding="utf-8"))["stories"]:
            for step in story["steps"]:
                if "user" in step and "intent" in step:
                    turns.append((Path(path).name, step["user"].strip(), step["intent"]))
    return turns


@pytest.mark.parametrize("story_file, text, intent", story_turns())
def test_story_user_turn_is_parsed_as_written(rasa_server, story_file, text, intent):
    parsed = requests.post(f"{rasa_server.url}/model/parse", json={"text": text}, timeout=30)
    parsed.raise_for_status()
    result = parsed.json()
    top_level = intent.split("/", 1)[0]
    assert result["intent"]["name"] == top_level, f"{story_file}: '{text}'"
    if "/" in intent:
        selected = result["response_selector"]["default"]["response"]["intent_response_key"]
        assert selected == intent, f"{story_file}: '{text}' selected {selected}"
