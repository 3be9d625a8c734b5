"""bot.veilig_thuis_gesprek: reading answers, which questions, the summary."""

from datetime import date

import pytest

from bot import knowledge
from bot import veilig_thuis_gesprek as vt

DAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("advies vragen", "advies"),
        ("ik wil anoniem overleggen", "advies"),
        ("melding doen", "melding"),
        ("ik wil een melding voorbereiden", "melding"),
        ("ik ga melden", "melding"),
        ("ik wil Veilig Thuis bellen", None),
        ("advies of melden, weet ik nog niet", None),
        (None, None),
    ],
)
def test_kind_of_call(text, expected):
    assert vt.soort(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("7", "7 jaar"),
        ("hij is 4", "4 jaar"),
        ("zeven jaar", "7 jaar"),
        ("tussen 6 en 8", "6 tot 8 jaar"),
        ("8-6 jaar", "6 tot 8 jaar"),
        ("10 maanden", "10 maanden"),
        ("een baby van 18 maanden", "18 maanden"),
        ("Daan", None),
        ("45", None),  # not a child's age
        ("groep 5", "5 jaar"),  # a number is all that is kept, never the words around it
        ("", None),
    ],
)
def test_age_keeps_only_a_number_or_range(text, expected):
    assert vt.leeftijd(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("gezondheid en opvoeding", ["gezondheid", "opvoeding"]),
        ("materiële omstandigheden", ["materieel"]),
        ("sociale omgeving buiten het gezin", ["omgeving"]),
        ("ruzie tussen de ouders, weinig vrienden", ["opvoeding", "omgeving"]),
        ("onderwijs en kinderopvang", ["school"]),
        ("geen idee", []),
    ],
)
def test_areas_of_the_signaleringslijst(text, expected):
    assert vt.gebieden(text) == expected


@pytest.mark.parametrize(
    "text,intent,expected",
    [
        ("/affirm", "affirm", "ja"),
        ("/deny", "deny", "nee"),
        ("nog niet", "not_yet", "nee"),
        ("ja, vorige week", "faq", "ja"),
        ("hmm", "out_of_scope", None),
    ],
)
def test_talked_to_the_ouders(text, intent, expected):
    assert vt.ouders_besproken(text, intent) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("de veiligheid komt in gevaar", "veiligheid"),
        ("het contact wordt verbroken", "contact"),
        ("geen van beide", "geen"),
        ("misschien", None),
    ],
)
def test_allowed_reason(text, expected):
    assert vt.reden(text) == expected


READINGS = [
    # question, text, intent, expected reading
    ("vt_rol", "sla over", "skip_question", vt.Lezing("antwoord", vt.OVERGESLAGEN)),
    ("vt_leeftijd", "weet ik niet", "dont_know", vt.Lezing("antwoord", vt.WEET_NIET)),
    ("vt_signalen", "stop", "stop", vt.Lezing("onderbreking")),
    ("vt_signalen", "wis mijn antwoorden", "clear_answers", vt.Lezing("onderbreking")),
    ("vt_signalen", "waarom vraag je dit?", "explain_question", vt.Lezing("onderbreking")),
    ("vt_signalen", "mag ik anoniem melden?", "faq", vt.Lezing("onderbreking")),
    (
        "vt_signalen",
        "ze vertelde dat mama haar slaat",  # an FAQ-like statement is still the answer
        "faq",
        vt.Lezing("antwoord", "ze vertelde dat mama haar slaat"),
    ),
    (
        "vt_signalen",
        "leerling Sanne had op 3 november een blauw oog",
        "faq",
        vt.Lezing("antwoord", "leerling [NAAM] had op 3 november een blauw oog"),
    ),
    ("vt_leeftijd", "Daan", "out_of_scope", vt.Lezing("onbegrepen")),
    ("vt_gebieden", "opvoeding en school", None, vt.Lezing("antwoord", "opvoeding,school")),
    ("vt_ouders", "/deny", "deny", vt.Lezing("antwoord", "nee")),
    ("vt_reden", "blablabla", None, vt.Lezing("onbegrepen")),
    ("vt_hulp", "   ", None, vt.Lezing("onderbreking")),
]


@pytest.mark.parametrize("question,text,intent,expected", READINGS)
def test_reading_an_answer(question, text, intent, expected):
    assert vt.lees_antwoord(question, text, intent) == expected


def test_free_text_is_redacted_and_limited():
    kept = vt.vrije_tekst("moeder van Jan belde 06-12345678 " + "x" * 800)
    assert "Jan" not in kept and "06-12345678" not in kept
    assert len(kept) <= 500


@pytest.mark.parametrize(
    "answers,outcome,expected_missing",
    [
        ({}, None, {"vt_reden"}),
        ({}, "melden_1", {"vt_soort", "vt_reden"}),
        ({}, "advies_vragen", {"vt_soort", "vt_reden"}),
        ({}, "afsluiten", {"vt_reden"}),  # no call decided: ask what the call is for
        ({"vt_ouders": "nee"}, None, set()),
        ({"vt_ouders": "ja"}, "melden_2", {"vt_soort", "vt_reden"}),
        ({"vt_ouders": vt.OVERGESLAGEN}, None, {"vt_reden"}),
    ],
)
def test_which_questions_are_asked(answers, outcome, expected_missing):
    asked = vt.nog_te_vragen(answers, outcome)
    assert set(vt.VRAGEN) - set(asked) == expected_missing
    assert asked == [q for q in vt.VRAGEN if q in asked]  # in the fixed order


FULL = {
    "vt_soort": "melding",
    "vt_rol": "leerkracht basisonderwijs",
    "vt_leeftijd": "7 jaar",
    "vt_signalen": "blauwe plekken op 3 en 10 november, zelf gezien",
    "vt_sinds": "sinds de herfstvakantie, elke week",
    "vt_gebieden": "gezondheid,opvoeding",
    "vt_overleg": "met de intern begeleider",
    "vt_ouders": "nee",
    "vt_reden": "veiligheid",
    "vt_hulp": "nee, nog geen hulp",
}


def test_summary_of_a_melding_has_answers_checklist_next_steps_and_sources():
    t = vt.teksten()
    text = vt.samenvatting(FULL, "melden_1", "melden bij Veilig Thuis, meldnorm 1", DAY)
    assert text.startswith(t.kop.format(datum="23-11-2026"))
    for line in [
        "- Ik bel voor: een melding doen",
        "- Mijn sector en functie: leerkracht basisonderwijs",
        "- Leeftijd van het kind: 7 jaar",
        "- Gebieden van de signaleringslijst: gezondheid, lichamelijk functioneren, "
        "seksualiteit en verzorging, opvoeding en gezinsrelaties",
        "- Signalen besproken met de ouders: nee",
        "- Reden om het niet met de ouders te bespreken: de veiligheid van het kind, van mij "
        "of van een ander komt in gevaar",
        "- Uitkomst afwegingskader: melden bij Veilig Thuis, meldnorm 1",
    ]:
        assert line in text.splitlines()
    assert t.klaarleggen.kop in text
    assert all(point in text for point in t.klaarleggen.punten)
    assert " ".join(t.daarna["melding"].split()) in " ".join(text.split())
    assert "5 werkdagen" in text
    assert " ".join(t.identiteit.split()) in " ".join(text.split())
    assert " ".join(t.ouders_vooraf.split()) in " ".join(text.split())
    assert " ".join(t.ouders_geen_reden.split()) not in " ".join(text.split())
    assert "0800-2000" in text and "112" in text
    refs = [knowledge.parse_reference(b) for b in t.bronnen["melding"]]
    assert text.splitlines()[-1] == knowledge.default().citation_line(refs)


def test_summary_of_an_advice_call_says_it_can_be_anonymous_and_skips_the_melding_parts():
    t = vt.teksten()
    text = vt.samenvatting({"vt_soort": "advies"}, None, None, DAY)
    flat = " ".join(text.split())
    assert "- Ik bel voor: advies vragen" in text
    assert " ".join(t.daarna["advies"].split()) in flat
    assert "5 werkdagen" not in text
    assert " ".join(t.identiteit.split()) not in flat
    assert "- Uitkomst afwegingskader: niet doorlopen" in text
    assert "- Leeftijd van het kind: (niet ingevuld)" in text
    refs = [knowledge.parse_reference(b) for b in t.bronnen["advies"]]
    assert text.splitlines()[-1] == knowledge.default().citation_line(refs)


def test_kind_of_call_comes_from_the_afwegingskader_when_not_asked():
    text = vt.samenvatting({}, "advies_vragen", "(anoniem) advies vragen bij Veilig Thuis", DAY)
    assert "- Ik bel voor: advies vragen" in text


def test_ouders_not_talked_to_without_an_allowed_reason_is_pointed_out():
    t = vt.teksten()
    for reason in ("geen", None):
        answers = {**FULL, "vt_reden": reason}
        text = " ".join(vt.samenvatting(answers, None, None, DAY).split())
        assert " ".join(t.ouders_geen_reden.split()) in text


def test_skipped_answers_are_shown_as_skipped():
    answers = {**FULL, "vt_leeftijd": vt.OVERGESLAGEN, "vt_gebieden": vt.OVERGESLAGEN}
    text = vt.samenvatting(answers, None, None, DAY)
    assert "- Leeftijd van het kind: (overgeslagen)" in text
    assert "- Gebieden van de signaleringslijst: (overgeslagen)" in text


def test_reason_line_only_when_the_ouders_were_not_talked_to():
    text = vt.samenvatting({**FULL, "vt_ouders": "ja", "vt_reden": None}, None, None, DAY)
    assert "Reden om het niet met de ouders te bespreken" not in text


def test_a_name_in_a_kept_answer_never_reaches_the_summary():
    # Even if an unredacted value got into a slot, the summary redacts it again.
    answers = {**FULL, "vt_signalen": "juf Anna zag dat Mo huilde", "vt_hulp": "ja, via 0612345678"}
    text = vt.samenvatting(answers, None, None, DAY)
    assert "Anna" not in text and "0612345678" not in text


def test_a_skipped_kind_of_call_is_shown_as_skipped():
    text = vt.samenvatting({"vt_soort": vt.OVERGESLAGEN}, None, None, DAY)
    assert "- Ik bel voor: (overgeslagen)" in text
