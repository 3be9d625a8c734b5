"""Personal data in free text: found and replaced; service numbers and terms left alone."""

import pytest

from bot.privacy import (
    ADRES,
    BSN,
    DATUM,
    EMAIL,
    IBAN,
    NAAM,
    POSTCODE,
    TELEFOON,
    elfproef,
    iban_geldig,
    redact,
)


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
        "Op 03-04-2024 zag ik blauwe plekken.",
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
