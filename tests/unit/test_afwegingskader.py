"""The afwegingskader rules: every combination of answers, early stops, ignored later fields."""

import itertools

import pytest

from bot import knowledge
from bot.afwegingskader import (
    REGELS,
    VRAGEN,
    Antwoorden,
    beoordeel,
    gestelde_vragen,
    teksten,
)
from tests.unit.helpers import HULP_AANVAARD

ANSWERS = [None, "ja", "nee", "twijfel"]
RESULTAAT = [None, "ja", "nee", "twijfel", "nog_niet"]


def all_combinations():
    for values in itertools.product(ANSWERS, ANSWERS, ANSWERS, ANSWERS, ANSWERS, RESULTAAT):
        yield Antwoorden(**dict(zip(VRAGEN, values, strict=True)))


def reference(a: Antwoorden):
    """The decision table of issue 3, written out as plain if-statements.

    Returns (besluit, meldnorm, volgende_vraag).
    """
    if a.vermoeden is None:
        return None, None, "vermoeden"
    if a.vermoeden == "nee":
        return "afsluiten", None, None
    if a.vermoeden == "twijfel":
        return "advies_vragen", None, None
    if a.onveiligheid is None:
        return None, None, "onveiligheid"
    if a.onveiligheid in ("ja", "twijfel"):
        return "melden", 1, None
    if a.disclosure is None:
        return None, None, "disclosure"
    if a.disclosure in ("ja", "twijfel"):
        return "melden", 1, None
    if a.hulp_mogelijk is None:
        return None, None, "hulp_mogelijk"
    if a.hulp_mogelijk in ("nee", "twijfel"):
        return "melden", 2, None
    if a.hulp_aanvaard is None:
        return None, None, "hulp_aanvaard"
    if a.hulp_aanvaard in ("nee", "twijfel"):
        return "melden", 2, None
    if a.resultaat is None:
        return None, None, "resultaat"
    if a.resultaat == "nog_niet":
        return "hulp_organiseren", None, None
    if a.resultaat in ("nee", "twijfel"):
        return "melden", 3, None
    return "hulp_afsluiten_met_monitoring", None, None


def test_every_combination_matches_the_decision_table():
    checked = 0
    for answers in all_combinations():
        outcome = beoordeel(answers)
        assert (outcome.besluit, outcome.meldnorm, outcome.volgende_vraag) == reference(answers), (
            answers
        )
        checked += 1
    assert checked == 4**5 * 5


def test_every_outcome_is_explained_with_known_sources():
    kb = knowledge.load()
    for answers in all_combinations():
        outcome = beoordeel(answers)
        assert outcome.toelichting.strip()
        assert outcome.bronnen
        for bron in outcome.bronnen:
            bron_id, _, section = bron.partition(" §")
            assert bron_id in kb.bronnen, bron
            assert section.strip(), bron


def test_meldnorm_only_with_melden():
    for answers in all_combinations():
        outcome = beoordeel(answers)
        if outcome.besluit == "melden":
            assert outcome.meldnorm in (1, 2, 3)
        else:
            assert outcome.meldnorm is None
        assert (outcome.besluit is None) == (outcome.volgende_vraag is not None)


@pytest.mark.parametrize(
    "answers, besluit, meldnorm",
    [
        ({"vermoeden": "nee"}, "afsluiten", None),
        ({"vermoeden": "twijfel"}, "advies_vragen", None),
        ({"vermoeden": "ja", "onveiligheid": "ja"}, "melden", 1),
        ({"vermoeden": "ja", "onveiligheid": "twijfel"}, "melden", 1),
        ({"vermoeden": "ja", "onveiligheid": "nee", "disclosure": "ja"}, "melden", 1),
        ({"vermoeden": "ja", "onveiligheid": "nee", "disclosure": "twijfel"}, "melden", 1),
        (
            {"vermoeden": "ja", "onveiligheid": "nee", "disclosure": "nee", "hulp_mogelijk": "nee"},
            "melden",
            2,
        ),
        (
            {
                "vermoeden": "ja",
                "onveiligheid": "nee",
                "disclosure": "nee",
                "hulp_mogelijk": "ja",
                "hulp_aanvaard": "twijfel",
            },
            "melden",
            2,
        ),
        (
            {**HULP_AANVAARD, "resultaat": "nog_niet"},
            "hulp_organiseren",
            None,
        ),
        (
            {**HULP_AANVAARD, "resultaat": "twijfel"},
            "melden",
            3,
        ),
        (
            {**HULP_AANVAARD, "resultaat": "ja"},
            "hulp_afsluiten_met_monitoring",
            None,
        ),
    ],
)
def test_each_row_of_the_table(answers, besluit, meldnorm):
    outcome = beoordeel(Antwoorden(**answers))
    assert (outcome.besluit, outcome.meldnorm, outcome.volgende_vraag) == (besluit, meldnorm, None)


def test_answers_after_the_deciding_question_are_ignored():
    decided = beoordeel(Antwoorden(vermoeden="ja", onveiligheid="ja"))
    for later in itertools.product(ANSWERS, ANSWERS, ANSWERS, RESULTAAT):
        answers = Antwoorden(
            vermoeden="ja",
            onveiligheid="ja",
            **dict(zip(VRAGEN[2:], later, strict=True)),
        )
        assert beoordeel(answers) == decided


def test_open_questions_are_asked_in_order():
    assert beoordeel(Antwoorden()).volgende_vraag == "vermoeden"
    assert beoordeel(Antwoorden(vermoeden="ja")).volgende_vraag == "onveiligheid"
    assert beoordeel(Antwoorden(vermoeden="ja", onveiligheid="nee")).volgende_vraag == "disclosure"
    # A later answer without the earlier one does not skip the earlier question.
    assert beoordeel(Antwoorden(resultaat="ja")).volgende_vraag == "vermoeden"


@pytest.mark.parametrize(
    "answers, asked",
    [
        ({}, ["vermoeden"]),
        ({"vermoeden": "nee", "onveiligheid": "ja"}, ["vermoeden"]),
        ({"vermoeden": "ja", "onveiligheid": "nee"}, ["vermoeden", "onveiligheid", "disclosure"]),
        ({"vermoeden": "ja", "onveiligheid": "twijfel"}, ["vermoeden", "onveiligheid"]),
    ],
)
def test_questions_asked_stop_at_the_deciding_one(answers, asked):
    assert gestelde_vragen(Antwoorden(**answers)) == asked


def test_invalid_answers_are_rejected():
    with pytest.raises(ValueError):
        Antwoorden(vermoeden="misschien")
    with pytest.raises(ValueError):
        Antwoorden(hulp_mogelijk="nog_niet")  # only afweging 5 knows "nog niet"


def test_every_rule_has_a_text():
    keys = set(teksten())
    assert {regel.tekst for regel in REGELS.values()} <= keys


# --- "Twijfel" at vraag 1: the two safety questions (issue 16), a function of their own.

from bot.afwegingskader import (  # noqa: E402
    TWIJFEL_REGELS,
    TWIJFEL_VRAGEN,
    TwijfelAntwoorden,
    beoordeel_dialoog,
    dialoog_vragen,
    gelezen,
    samenvatting,
)


def twijfel_reference(t: TwijfelAntwoorden):
    """The branch written out: (besluit, meldnorm, volgende_vraag)."""
    if t.twijfel_acuut is None:
        return None, None, "twijfel_acuut"
    if t.twijfel_acuut in ("ja", "twijfel"):
        return "melden", 1, None
    if t.twijfel_disclosure is None:
        return None, None, "twijfel_disclosure"
    if t.twijfel_disclosure in ("ja", "twijfel"):
        return "melden", 1, None
    return "advies_vragen", None, None


@pytest.mark.parametrize("acuut", ANSWERS)
@pytest.mark.parametrize("disclosure", ANSWERS)
def test_every_combination_of_the_safety_questions(acuut, disclosure):
    t = TwijfelAntwoorden(twijfel_acuut=acuut, twijfel_disclosure=disclosure)
    outcome = beoordeel_dialoog(Antwoorden(vermoeden="twijfel"), t)
    assert (outcome.besluit, outcome.meldnorm, outcome.volgende_vraag) == twijfel_reference(t)
    assert outcome.toelichting.strip() and outcome.bronnen


def test_the_safety_questions_are_only_asked_after_twijfel():
    t = TwijfelAntwoorden(twijfel_acuut="ja")
    for vermoeden in ("ja", "nee"):
        answers = Antwoorden(vermoeden=vermoeden)
        assert beoordeel_dialoog(answers, t) == beoordeel(answers)
        assert dialoog_vragen(answers, t) == gestelde_vragen(answers)
    assert dialoog_vragen(Antwoorden(vermoeden="twijfel"), TwijfelAntwoorden()) == [
        "vermoeden",
        "twijfel_acuut",
    ]
    assert dialoog_vragen(
        Antwoorden(vermoeden="twijfel"), TwijfelAntwoorden(twijfel_acuut="nee")
    ) == ["vermoeden", *TWIJFEL_VRAGEN]


def test_meldnorm_1_texts_say_call_now():
    kb = knowledge.load()
    for regel in TWIJFEL_REGELS.values():
        tekst = teksten()[regel.tekst]
        if regel.meldnorm == 1:
            assert "meldnorm 1" in tekst.toelichting
            assert "0800-2000" in tekst.toelichting and "112" in tekst.toelichting
        for bron in tekst.bronnen:
            assert bron.partition(" §")[0] in kb.bronnen


def test_what_was_read_one_line_per_question():
    text = gelezen(
        {"vermoeden": "ja", "onveiligheid": "nee", "disclosure": "nee", "resultaat": None},
        ["vermoeden", "onveiligheid", "disclosure", "resultaat"],
    )
    lines = text.splitlines()
    assert lines[0] == "Zo heb ik je antwoorden gelezen:"
    assert lines[1:] == [
        "- Vraag 1: ja — je hebt een vermoeden van huiselijk geweld of kindermishandeling",
        "- Vraag 2a: nee — er is geen acute of structurele onveiligheid",
        "- Vraag 2b: nee — het kind heeft zelf niets verteld",
    ]
    assert "Vraag 5: nee — de hulp leidt niet tot resultaat" in gelezen(
        {"resultaat": "nee"}, ["resultaat"]
    )


def test_every_reading_has_a_line():
    from bot.antwoorden import ANTWOORDEN as PER_VRAAG

    for vraag, betekenissen in PER_VRAAG.items():
        for betekenis in betekenissen:
            assert gelezen({vraag: betekenis}, [vraag]).count("\n") == 1


def test_the_summary_lists_the_safety_questions():
    from datetime import date

    t = TwijfelAntwoorden(twijfel_acuut="nee", twijfel_disclosure="ja")
    text = samenvatting(Antwoorden(vermoeden="twijfel"), date(2026, 1, 2), t)
    assert "Bij twijfel: iemand nu of de komende dagen in direct gevaar: nee" in text
    assert "meldnorm 1" in text
