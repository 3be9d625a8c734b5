"""Personal data in the forms a red-team pass found stored as typed (issue: acute danger and
personal data in text nobody here wrote). One row per format; the service numbers, terms and
ordinary words that look like names must stay."""

import pytest

from bot.privacy import ADRES, BSN, DATUM, EMAIL, NAAM, TELEFOON, normalise, redact


@pytest.mark.parametrize(
    "text, expected",
    [
        # Names without a context word.
        ("Noah uit mijn groep is vaak moe", f"{NAAM} uit mijn groep is vaak moe"),
        ("zorgen om Mila, haar moeder belde", f"zorgen om {NAAM}, haar moeder belde"),
        ("gisteren kwam Daan Jansen te laat", f"gisteren kwam {NAAM} te laat"),
        ("Anne-Sophie de Vries huilde", f"{NAAM} huilde"),
        ("ik sprak Ayşe Yılmaz na de les", f"ik sprak {NAAM} na de les"),
        ("ik sprak Łukasz Wójcik na de les", f"ik sprak {NAAM} na de les"),
        ("de vader van Sean O'Neill belde", f"de vader van {NAAM} belde"),
        ("SANNE zegt niks meer", f"{NAAM} zegt niks meer"),
        ("noah zei dat papa boos was", f"{NAAM} zei dat papa boos was"),
        ("ze speelt vaak met Roos en Mees", f"ze speelt vaak met {NAAM} en {NAAM}"),
        ("de moeder, mevrouw van den Broek, belde", f"de moeder, mevrouw {NAAM}, belde"),
        ("het broertje heet el Amrani", f"het broertje heet {NAAM}"),
        # A name that is an ordinary word too, shown to be a name by what follows it.
        ("Roos is de oudste leerling van het gezin", f"{NAAM} is de oudste leerling van het gezin"),
        ("Storm (6) zegt dat hij honger heeft", f"{NAAM} (6) zegt dat hij honger heeft"),
        ("toen zei Hoop, een meisje uit groep 1", f"toen zei {NAAM}, een meisje uit groep 1"),
        ("Mees Vos uit groep 6 is stil", f"{NAAM} uit groep 6 is stil"),
        ("Pietje van vier huilt", f"{NAAM} van vier huilt"),
        ("Bloem vertelde het. Later zei Bloem niks", f"{NAAM} vertelde het. Later zei {NAAM} niks"),
        # A first name in lower case after a label or "de mama van".
        ("leerling: sem, 8 jaar", f"leerling: {NAAM}, 8 jaar"),
        ("de papa van lotte belde", f"de papa van {NAAM} belde"),
        ("ik heb een vraag over kenan uit groep 7", f"ik heb een vraag over {NAAM} uit groep 7"),
        ("toen zei bo dat het pijn deed", f"toen zei {NAAM} dat het pijn deed"),
        ("naam kind sem bakker, 7 jaar", f"naam kind {NAAM}, 7 jaar"),
        # A name in the possessive before a family word; an unknown word before an age.
        ("Ahmeds vader belde", f"{NAAM} vader belde"),
        ("Kinderen: Soufiane (8) en een baby", f"Kinderen: {NAAM} (8) en een baby"),
        ("Semhar vertelde het in de kring.", f"{NAAM} vertelde het in de kring."),
        ("Noa's vader belde", f"{NAAM} vader belde"),
        ("sammie (4) wordt steeds laat gehaald", f"{NAAM} (4) wordt steeds laat gehaald"),
        ("roos zegt dat ze bang is", f"{NAAM} zegt dat ze bang is"),
        ("een jongetje, Daantje, schrikt", f"een jongetje, {NAAM}, schrikt"),
        ("de voogd is mw. S. Bakker", f"de voogd is mw. {NAAM}"),
        ("kabir (groep 4) huilt", f"{NAAM} (groep 4) huilt"),
        # Look-alike and invisible characters are folded before matching.
        ("San\u200bne is stil", f"{NAAM} is stil"),
        ("S\u0430nne is stil", f"{NAAM} is stil"),  # a Cyrillic a
        # Phone numbers.
        ("bel 06 - 12 34 56 78", f"bel {TELEFOON}"),
        ("bel (06) 12345678", f"bel {TELEFOON}"),
        ("bel 06.12.34.56.78", f"bel {TELEFOON}"),
        ("bel 06/12345678", f"bel {TELEFOON}"),
        ("bel 06\u201312345678", f"bel {TELEFOON}"),  # en dash
        ("bel \uff10\uff16\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18", f"bel {TELEFOON}"),
        ("bel +31 (0)6 1234 5678", f"bel {TELEFOON}"),
        ("bel (020) 123 45 67", f"bel {TELEFOON}"),
        # E-mail, also written to slip past a filter.
        ("mail jan at hotmail dot com", f"mail {EMAIL}"),
        ("mail jan[at]hotmail[dot]com", f"mail {EMAIL}"),
        ("mail jan @ hotmail.com", f"mail {EMAIL}"),
        ("mail jan\uff20hotmail.com", f"mail {EMAIL}"),
        ("mail j.devries (at) ziggo.nl", f"mail {EMAIL}"),
        # Addresses.
        ("ze woont op kerkstraat 12 in Zwolle", f"ze woont op {ADRES} in Zwolle"),
        ("ze woont op Kerkstr. 16", f"ze woont op {ADRES}"),
        ("ze woont aan de Lange Voorhout 5", f"ze woont aan {ADRES}"),
        ("ze woont op het Rokin 112", f"ze woont op {ADRES}"),
        ("ze woont op de Molenweg nummer 8", f"ze woont op {ADRES}"),
        # BSN in groups.
        ("bsn 1112 22 333", f"bsn {BSN}"),
        ("bsn 111-222-333", f"bsn {BSN}"),
        # Dates in figures, also without a word about birth.
        ("ze is van 03-03-2016", f"ze is van {DATUM}"),
        ("datum 2016-03-03", f"datum {DATUM}"),
        ("geboren 23 02 2017", f"geboren {DATUM}"),
    ],
)
def test_formats_are_redacted(text, expected):
    assert redact(text).tekst == expected


@pytest.mark.parametrize(
    "text",
    [
        "Bel Veilig Thuis op 0800-2000 of bij direct gevaar 112.",
        "De vertrouwensinspecteur: 0900 111 3 111.",
        "Dit is stap 3, meldnorm 2 en vraag 2b.",
        "Mag ik melden zonder toestemming van de ouders?",
        "Hoop dat het goed komt met hem.",
        "Roos, tulp of zonnebloem: ze tekent bloemen.",
        "Storm en regen, dus binnen spelen.",
        "Roos is een huidaandoening, geen signaal.",
        "Beste, een vraag over de meldcode.",
        "Jan en alleman weet het al.",
        "Storm van drie dagen, de school was dicht.",
        "Hoop doet leven, zegt de aandachtsfunctionaris.",
        "De moeder van twee kinderen belde.",
        "Wij werken in Amsterdam-Noord en Rotterdam-Zuid.",
        "Ze kwam uit Oekraïne en heeft een voogd van Nidos.",
        "Wat is het verschil tussen het Veiligheidshuis en Veilig Thuis?",
        "een vraag over hoop en vertrouwen",
        "Vanochtend vertelde de moeder iets.",
        "Vanochtend was het twee graden. Sindsdien is er niets gebeurd.",
        "Kinderen uit Almere-Buiten en Den Haag, en het Wijkteam Noord.",
        "Een gastkind (3) en mijn oudste (5) spelen samen.",
        "Ze draagt een ketting met een jade steen.",
        "Meldnorm A, B en C. Meldnorm A gaat over disclosure.",
        "De Klimtoren en Wolderwijs werken met de PO-Raad.",
        "Ik overleg met het Wijkteam en de GGD in Zwolle.",
        "Bel Veilig Thuis Drenthe of Veilig Thuis Groningen?",
        "wat doet de vertrouwensinspecteur van de Inspectie van het Onderwijs?",
        "Ben je verplicht om te melden?",
        "kinderen in groep 8 praten er vaak niet over",
        "Sinds 1 januari 2019 geldt het afwegingskader.",
        "Oké, ik ben gestopt.",
    ],
)
def test_terms_numbers_and_ordinary_words_stay(text):
    assert redact(text).tekst == text


def test_a_placeholder_is_not_glued_to_the_next_word():
    assert redact("ze woont op Kerkstraat 12 in Zwolle").tekst == f"ze woont op {ADRES} in Zwolle"


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("\uff10\uff16", "06"),
        ("a\u200bb", "ab"),
        ("S\u0430nne", "Sanne"),
        ("jan\uff20x.nl", "jan@x.nl"),
        ("gewone tekst", "gewone tekst"),
    ],
)
def test_normalise(raw, clean):
    assert normalise(raw) == clean
