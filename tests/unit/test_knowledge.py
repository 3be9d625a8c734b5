"""The knowledge base loads, is consistent, and the generated responses match it."""

from pathlib import Path

import pytest
import yaml

from bot import knowledge
from bot import melden_zonder_toestemming as mzt
from scripts import generate
from tests.unit.helpers import domain_intents

KB = knowledge.load()


def test_knowledge_base_has_entries_and_sources():
    assert len(KB.faq) >= 3
    assert {"btk_meldcode_praktijk", "wolderwijs_meldcode", "veilig_thuis"} <= set(KB.bronnen)


@pytest.mark.parametrize("entry_id", sorted(KB.faq))
def test_every_answer_cites_known_sources(entry_id):
    entry = KB.faq[entry_id]
    assert entry.bronnen, f"{entry_id} has no source"
    for ref in entry.bronnen:
        assert ref.bron in KB.bronnen
        assert ref.sectie.strip()


@pytest.mark.parametrize("entry_id", sorted(KB.faq))
def test_rendered_answer_ends_with_one_citation_line(entry_id):
    entry = KB.faq[entry_id]
    shown = KB.render(entry)
    last_line = shown.splitlines()[-1]
    assert shown.startswith(entry.antwoord)
    assert last_line.startswith(("Bron: ", "Bronnen: "))
    for ref in entry.bronnen:
        assert KB.bronnen[ref.bron].korte_naam in last_line
        assert ref.sectie in last_line


@pytest.mark.parametrize("entry_id", sorted(KB.faq))
def test_answers_use_current_terms(entry_id):
    text = KB.faq[entry_id].antwoord
    if "AMK" in text or "Advies- en Meldpunt" in text:
        # Only as the old name of Veilig Thuis, said as such.
        assert "Veilig Thuis" in text
        assert any(word in text for word in ("vroeger", "Vroeger", "heette", "samengegaan"))
    assert " u " not in f" {text} ".replace("\n", " "), "answers use the je-form"


def test_generated_domain_responses_match_knowledge():
    assert generate.TARGET.read_text(encoding="utf-8") == generate.render(KB), (
        "domain/faq.yml drifted from knowledge/: run 'make generate'"
    )
    assert generate.outdated() == [], "generated domain files drifted: run 'make generate'"


def test_reflection_questions_are_asked_as_written_in_knowledge():
    data = yaml.safe_load(generate.MZT_TARGET.read_text(encoding="utf-8"))
    texts = mzt.teksten()
    for question, slot in mzt.SLOTS.items():
        [response] = data["responses"][f"utter_ask_{slot}"]
        assert texts.vragen[question] in response["text"]


def test_generated_file_has_one_response_per_entry_with_citation():
    data = yaml.safe_load(generate.TARGET.read_text(encoding="utf-8"))
    assert set(data["responses"]) == {f"utter_faq/{key}" for key in KB.faq}
    for key, entry in KB.faq.items():
        assert data["responses"][f"utter_faq/{key}"][0]["text"] == KB.render(entry)


def _write_kb(root: Path, entry: dict, filename: str = None) -> Path:
    (root / "faq").mkdir(parents=True)
    (root / "bronnen.yml").write_text(
        (knowledge.KNOWLEDGE_DIR / "bronnen.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    name = filename or f"{entry['id']}.yml"
    (root / "faq" / name).write_text(yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8")
    return root


GOOD = {
    "id": "voorbeeld",
    "titel": "Voorbeeld",
    "antwoord": "Een kort antwoord.",
    "bronnen": [{"bron": "btk_meldcode_praktijk", "sectie": "§1"}],
}


@pytest.mark.parametrize(
    "change, filename, expected",
    [
        (
            {"bronnen": [{"bron": "bestaat_niet", "sectie": "§1"}]},
            None,
            "unknown source 'bestaat_niet'",
        ),
        ({"bronnen": []}, None, "bronnen"),
        ({"antwoord": "woord " * 121}, None, "at most 120"),
        ({"antwoord": "   "}, None, "empty"),
        ({"id": "Niet-Snake"}, "niet_snake.yml", "snake_case"),
        ({}, "andere_naam.yml", "differs from the file name"),
        (
            {"bronnen": [{"bron": "model_meldcode_basisschool_oud", "sectie": "stap 2"}]},
            None,
            "only historical sources",
        ),
    ],
)
def test_inconsistent_knowledge_is_rejected(tmp_path, change, filename, expected):
    root = _write_kb(tmp_path, {**GOOD, **change}, filename)
    with pytest.raises(knowledge.KnowledgeError) as error:
        knowledge.load(root)
    assert expected in str(error.value)


def test_historical_source_is_allowed_beside_a_current_one(tmp_path):
    entry = {
        **GOOD,
        "bronnen": [
            {"bron": "model_meldcode_basisschool_oud", "sectie": "stap 2"},
            {"bron": "wolderwijs_meldcode", "sectie": "stap 2"},
        ],
    }
    kb = knowledge.load(_write_kb(tmp_path, entry))
    assert "voorbeeld" in kb.faq


@pytest.mark.parametrize(
    "text, bron, sectie",
    [
        (
            "btk_meldcode_praktijk §5 Privacy van ouders",
            "btk_meldcode_praktijk",
            "§5 Privacy van ouders",
        ),
        (
            "wolderwijs_meldcode §Bijlage 1, afweging 2",
            "wolderwijs_meldcode",
            "Bijlage 1, afweging 2",
        ),
    ],
)
def test_parse_reference(text, bron, sectie):
    assert knowledge.parse_reference(text) == knowledge.Verwijzing(bron=bron, sectie=sectie)


@pytest.mark.parametrize("text", ["btk_meldcode_praktijk", "btk_meldcode_praktijk §", " §5"])
def test_parse_reference_rejects_malformed(text):
    with pytest.raises(ValueError):
        knowledge.parse_reference(text)


@pytest.mark.parametrize("entry_id", sorted(KB.faq))
def test_follow_up_buttons_start_known_intents(entry_id):
    intents = domain_intents()
    for button in KB.faq[entry_id].vervolg:
        assert button.payload.startswith("/")
        assert button.payload[1:] in intents, f"{entry_id}: unknown intent in {button.payload}"
