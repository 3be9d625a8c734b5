"""Training data and knowledge base agree: every FAQ topic has an answer and examples."""

from pathlib import Path

import pytest
import yaml

from bot import knowledge

ROOT = Path(__file__).resolve().parents[2]
MIN_EXAMPLES = 15


def _examples_by_intent() -> dict:
    found: dict = {}
    for path in sorted((ROOT / "data" / "nlu").rglob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in block:
                lines = [
                    ln[2:].strip() for ln in block["examples"].splitlines() if ln.startswith("- ")
                ]
                found.setdefault(block["intent"], []).extend(lines)
    return found


EXAMPLES = _examples_by_intent()
KB = knowledge.load()
FAQ_INTENTS = {name.split("/", 1)[1] for name in EXAMPLES if name.startswith("faq/")}


def test_every_knowledge_entry_is_trained_and_every_faq_intent_has_an_answer():
    assert set(KB.faq) == FAQ_INTENTS


@pytest.mark.parametrize("intent", sorted(EXAMPLES))
def test_enough_distinct_examples(intent):
    examples = EXAMPLES[intent]
    assert len(set(examples)) == len(examples), f"{intent} has duplicate examples"
    assert len(examples) >= MIN_EXAMPLES, f"{intent}: {len(examples)} examples, want {MIN_EXAMPLES}"


def test_no_example_is_used_for_two_intents():
    seen: dict = {}
    for intent, examples in EXAMPLES.items():
        for example in examples:
            key = example.lower()
            assert key not in seen, f"'{example}' is in {seen.get(key)} and {intent}"
            seen[key] = intent


HELD_OUT_FILE = ROOT / "tests" / "nlu" / "faq_heldout.yml"
MIN_HELD_OUT = 5
REQUIRED_TOPICS = [
    "meldcode_wat_is_het",
    "meldcode_stappen",
    "stap1_signalen_in_kaart",
    "stap2_collegiale_consultatie",
    "stap3_gesprek_met_betrokkenen",
    "stap4_wegen",
    "stap5_beslissen",
    "stap6_volgen",
    "afwegingskader_uitleg",
    "meldnormen",
    "acute_onveiligheid",
    "structurele_onveiligheid",
    "disclosure",
    "twijfel_over_onveiligheid",
    "veilig_thuis_wat_doet_het",
    "anoniem_advies_vragen",
    "identiteit_melder",
    "melden_zonder_toestemming",
    "beroepsgeheim_meldrecht",
    "geheimhouding_beloven",
    "gesprek_met_ouders_tips",
    "gesprek_met_kind",
    "melding_vooraf_bespreken",
    "melden_zonder_gesprek_met_ouders",
    "vechtscheiding",
    "emotionele_verwaarlozing",
    "oudersignalen_oudercheck",
    "vormen_kindermishandeling",
    "huiselijk_geweld_definitie",
    "signaleringslijst",
    "hulpverlening_al_betrokken",
    "zorgen_delen_is_geen_zware_stap",
    "rol_aandachtsfunctionaris",
    "wie_beslist_over_melding",
    "dossier_vastleggen",
    "geweld_door_medewerker",
    "geweld_tussen_kinderen",
    "seksuele_intimidatie_school",
    "vertrouwensinspecteur",
    "meldcode_app",
    "cijfers_kindermishandeling",
    "noodsituatie",
    "amk_heet_nu_veilig_thuis",
    "hulp_organiseren_en_volgen",
    "verantwoordelijkheden_bevoegd_gezag",
    "specifieke_vormen_van_geweld",
    "letselduiding",
    "verwijsindex",
]


def _held_out() -> dict:
    found: dict = {}
    for block in yaml.safe_load(HELD_OUT_FILE.read_text(encoding="utf-8"))["nlu"]:
        lines = [ln[2:].strip() for ln in block["examples"].splitlines() if ln.startswith("- ")]
        found.setdefault(block["intent"], []).extend(lines)
    return found


def test_every_required_topic_has_an_answer():
    missing = sorted(set(REQUIRED_TOPICS) - set(KB.faq))
    assert not missing, f"topics without a knowledge entry: {missing}"


def test_held_out_questions_cover_every_topic_and_are_never_trained():
    held_out = _held_out()
    assert {name.split("/", 1)[1] for name in held_out} == set(KB.faq)
    trained = {example.lower() for examples in EXAMPLES.values() for example in examples}
    for intent, examples in held_out.items():
        assert len(set(examples)) >= MIN_HELD_OUT, f"{intent}: {len(examples)} held-out questions"
        leaked = [e for e in examples if e.lower() in trained]
        assert not leaked, f"{intent}: held-out questions also in the training data: {leaked}"
