"""Personal data in free text: found and replaced; service numbers and terms left alone."""

import copy

import pytest
import yaml

from addons import purge
from bot import privacy
from bot.knowledge import default as KnowledgeBase_default
from bot.privacy import (
    ADRES,
    BSN,
    DATUM,
    EMAIL,
    IBAN,
    KLAS,
    NAAM,
    PLACEHOLDERS,
    POSTCODE,
    SCHOOL,
    TELEFOON,
    elfproef,
    iban_geldig,
    redact,
    redact_event,
)
from scripts import eval_privacy
from tests.unit.helpers import ROOT, domain_responses


@pytest.mark.parametrize(
    "text, expected",
    [
        ("mail me op juf.anne@school.nl graag", f"mail me op {EMAIL} graag"),
        ("bel moeder op 06-12345678", f"bel moeder op {TELEFOON}"),
        ("haar nummer is 06 1234 5678.", f"haar nummer is {TELEFOON}."),
        ("vader: +31 6 12345678", f"vader: {TELEFOON}"),
        ("thuis 010-1234567 bellen", f"thuis {TELEFOON} bellen"),
        ("bsn 111222333 staat in het dossier", f"bsn {BSN} staat in het dossier"),
        ("rekening NL91 ABNA 0417 1643 00 van de ouders", f"rekening {IBAN} van de ouders"),
        ("ze woont op 1234 AB, 12", f"ze woont op {POSTCODE}"),
        ("adres: Dorpsstraat 12a", f"adres: {ADRES}"),
        ("geboren op 03-04-2016", f"geboren op {DATUM}"),
        ("geboren 3 maart 2016 in Zwolle", f"geboren {DATUM} in Zwolle"),
        (
            "mijn leerling Sanne komt met blauwe plekken",
            f"mijn leerling {NAAM} komt met blauwe plekken",
        ),
        ("de zoon van de familie De Vries", f"de zoon van de familie {NAAM}"),
        ("het gaat om de familie Jansen", f"het gaat om de familie {NAAM}"),
        ("hij heet Daan en zit in groep 3", f"hij heet {NAAM} en zit in groep 3"),
        ("haar moeder Fatima el Amrani belde", f"haar moeder {NAAM} belde"),
        ("geb. 12-05-2017, groep 4", f"geb. {DATUM}, groep 4"),
        # A date in figures with its year is redacted without a birth word too.
        ("Op 03-04-2024 zag ik blauwe plekken.", f"Op {DATUM} zag ik blauwe plekken."),
        ("meneer Bakker was boos", f"meneer {NAAM} was boos"),
    ],
)
def test_personal_data_is_replaced(text, expected):
    assert redact(text).tekst == expected


@pytest.mark.parametrize(
    "text",
    [
        "Bel Veilig Thuis op 0800-2000, gratis en dag en nacht.",
        "De Klimtoren heeft een eigen meldcode.",
        "Dit valt onder meldnorm 2, zie stap 3 en vraag 2b.",
        "Bij direct gevaar bel je 112.",
        "De vertrouwensinspecteur: 0900 111 3 111.",
        "Veilig Thuis besluit binnen 5 werkdagen.",
        "Sinds 1 januari 2019 is het afwegingskader verplicht.",
        "Het kind is 7 jaar en zit in groep 4.",
        "Ik heb op 12 maart signalen gezien.",
        "Het gezin woont al 3 jaar in de wijk.",
        "123456789 is geen geldig bsn",
        "NL00 ABNA 0000 0000 00 is geen geldige iban",
        "de moeder is boos",
        "mijn leerling is vaak moe",
    ],
)
def test_no_personal_data_is_left_alone(text):
    assert redact(text).tekst == text


def test_names_are_reported():
    assert redact("leerling Sanne").bevat_naam
    assert not redact("bel 06-12345678").bevat_naam


@pytest.mark.parametrize(
    "digits, valid",
    [("111222333", True), ("123456782", True), ("123456789", False), ("000000000", False)],
)
def test_elfproef(digits, valid):
    assert elfproef(digits) is valid


@pytest.mark.parametrize(
    "iban, valid",
    [("NL91ABNA0417164300", True), ("NL91 ABNA 0417 1643 00", True), ("NL91ABNA0417164301", False)],
)
def test_iban(iban, valid):
    assert iban_geldig(iban) is valid


def test_empty_text():
    assert redact("").tekst == ""
    assert redact(None).treffers == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ze zit op basisschool De Regenboog", f"ze zit op basisschool {SCHOOL}"),
        ("de bso Dikkie Dik belde", f"de bso {SCHOOL} belde"),
        ("hij zit in groep 5b", f"hij zit in {KLAS}"),
        ("leerling uit klas 2a", f"leerling uit {KLAS}"),
    ],
)
def test_schools_and_classes_are_replaced(text, expected):
    assert redact(text).tekst == expected


@pytest.mark.parametrize(
    "text",
    [
        "op basisschool De Klimtoren geldt dit protocol",
        "kinderen in groep 8 praten er vaak niet over",
        "ik werk op een school in Zwolle",
        "school en Veilig Thuis werken samen",
    ],
)
def test_schools_and_classes_left_alone(text):
    assert redact(text).tekst == text


PLANTED = "mijn leerling Sanne, bel 06-12345678"
CLEAN = f"mijn leerling {NAAM}, bel {TELEFOON}"


@pytest.mark.parametrize(
    "event, expected",
    [
        (
            {
                "event": "user",
                "text": PLANTED,
                "parse_data": {
                    "text": PLANTED,
                    "intent": {"name": "faq", "confidence": 0.9},
                    "entities": [{"entity": "topic", "value": "Sanne"}],
                },
                "metadata": {"user": {"name": "Juf Anne"}},
                "input_channel": "rest",
            },
            {
                "event": "user",
                "text": CLEAN,
                "parse_data": {
                    "text": CLEAN,
                    "intent": {"name": "faq", "confidence": 0.9},
                    # A first name from the name lists, also without a context word.
                    "entities": [{"entity": "topic", "value": NAAM}],
                },
                "metadata": {},
                "input_channel": "rest",
            },
        ),
        (
            {"event": "bot", "text": PLANTED, "data": {}},
            {"event": "bot", "text": CLEAN, "data": {}},
        ),
        (
            {
                "event": "bot",
                "text": PLANTED,
                "data": {"buttons": [{"title": PLANTED, "payload": "/affirm"}]},
                "metadata": {"utter_action": "utter_mzt_rationale", "onderbouwing": PLANTED},
            },
            {
                "event": "bot",
                "text": CLEAN,
                "data": {"buttons": [{"title": CLEAN, "payload": "/affirm"}]},
                "metadata": {"utter_action": "utter_mzt_rationale", "onderbouwing": CLEAN},
            },
        ),
        (
            {"event": "slot", "name": "mzt_toelichting", "value": PLANTED},
            {"event": "slot", "name": "mzt_toelichting", "value": CLEAN},
        ),
        (
            {"event": "slot", "name": "answers", "value": [PLANTED, 3, None]},
            {"event": "slot", "name": "answers", "value": [CLEAN, 3, None]},
        ),
        (
            {"event": "session_started", "metadata": {"teams_user": "Anne de Vries"}},
            {"event": "session_started", "metadata": {}},
        ),
        (
            {"event": "action", "name": "utter_greet", "policy": "RulePolicy"},
            {"event": "action", "name": "utter_greet", "policy": "RulePolicy"},
        ),
    ],
)
def test_redact_event(event, expected):
    original = copy.deepcopy(event)
    assert redact_event(event) == expected
    assert event == original, "the input event must not be changed"


def test_no_response_of_the_assistant_is_mistaken_for_personal_data():
    """The bot's own texts are stored redacted too: they must come through unchanged."""
    responses = domain_responses()
    assert len(responses) > 50
    for name, variants in responses.items():
        for variant in variants:
            text = variant.get("text", "")
            assert redact(text).treffers == [], f"{name}: {text[:60]}"


def test_pii_score_counts_recall_and_precision():
    items = [("bel moeder op 06-12345678", [("TELEFOON", "06-12345678")])]
    clean = ["de familie Jansen belde", "stap 3"]  # a planted-free text with a hit
    figures = eval_privacy.score(items, clean)
    assert (figures["planted"], figures["recall"], figures["hits"]) == (1, 1.0, 2)
    assert figures["precision"] == 0.5
    assert figures["false_hits"] == ["[NAAM] 'Jansen' in: de familie Jansen belde"]
    # A name in lower case that no list knows, without a context word: not found.
    missed = eval_privacy.score([("toen was xyrre bang", [("NAAM", "xyrre")])], [])
    assert missed["recall"] == 0.0
    assert missed["missed"] == ["[NAAM] 'xyrre' in: toen was xyrre bang"]


def test_held_out_pii_set_is_well_formed():
    items, clean = eval_privacy.load()
    assert len(items) >= 40 and len(clean) >= 20
    kinds = {kind for _, planted in items for kind, _ in planted}
    assert {f"[{k}]" for k in kinds} <= set(PLACEHOLDERS)


def test_privacy_text_matches_what_the_code_does():
    """The answer to "wat doe je met mijn gegevens?" promises what the code really does."""
    answer = KnowledgeBase_default().faq["privacy_van_deze_assistent"].antwoord
    assert f"Na {purge.DEFAULT_DAYS} dagen" in answer
    assert NAAM in answer
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    assert endpoints["tracker_store"]["type"] == "addons.tracker_store.RedactingSQLTrackerStore"
    # Telemetry off wherever Rasa is started.
    for script in ("scripts/run.sh", "scripts/test.sh", "Makefile"):
        assert "RASA_TELEMETRY_ENABLED" in (ROOT / script).read_text(), script


def test_the_session_started_metadata_slot_keeps_nothing():
    """Rasa copies a channel's metadata into this slot; a client could put anything in it."""
    event = {
        "event": "slot",
        "name": "session_started_metadata",
        "value": {"naam": "Sanne de Vries", "blob": "x" * 1000},
    }
    assert redact_event(event)["value"] is None
    other = {"event": "slot", "name": "vt_rol", "value": "leerkracht"}
    assert redact_event(other) == other


@pytest.mark.parametrize(
    "text",
    [
        "ouders betalen de ouderbijdrage niet, rekening NL91 ABNA 0417 1643 00",
        "het bsn van het kind is 111222333 en ze is geboren op 03-04-2016",
        "mijn leerling Sanne uit groep 5b van basisschool De Regenboog",
        "moeder is bereikbaar op 06-12345678 en woont op Dorpsstraat 12a, 1234 AB",
        "mail juf.anne@example.org, Noah en Daan Jansen",
    ],
)
def test_redacting_twice_changes_nothing(text):
    # The channel redacts at the entrance and the tracker store once more before writing.
    once = privacy.redact(text).tekst
    assert privacy.redact(once).tekst == once


@pytest.mark.parametrize("placeholder", privacy.PLACEHOLDERS)
def test_a_placeholder_is_never_redacted_again(placeholder):
    text = f"dat staat bij {placeholder} in het dossier"
    assert privacy.redact(text).tekst == text


@pytest.mark.parametrize("acronym", ["IBAN", "BSN", "AVG"])
def test_acronyms_that_are_also_first_names_stay(acronym):
    text = f"mijn {acronym} staat er niet bij"
    assert privacy.redact(text).tekst == text
