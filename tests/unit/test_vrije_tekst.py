"""The shared reader of free-text answers (melden zonder toestemming, call preparation)."""

import pytest

from bot import vrije_tekst as vt

# (text, NLU intent, kind, kept value). Every row of vt.RIJEN has examples here.
VOORBEELDEN = [
    # answers, also on FAQ topics and with intents that look like something else
    ("nee, we hebben al anoniem advies gevraagd", "faq", "antwoord", None),
    ("het kind is thuis niet veilig", "deny", "antwoord", None),
    ("de bescherming van het kind weegt zwaarder", "start_melden_zonder_toestemming",
     "antwoord", None),
    ("ik wil niet verder zonder dat de ouders het weten, maar het moet", "stop", "antwoord", None),
    ("ik weet niet precies wanneer het begon, maar sinds de zomer vaker", "dont_know",
     "antwoord", None),
    # weet ik niet: kept as such
    ("weet ik niet", "dont_know", "weet_niet", vt.WEET_NIET),
    ("ik weet het echt niet", "dont_know", "weet_niet", vt.WEET_NIET),
    ("Geen idee eigenlijk.", "dont_know", "weet_niet", vt.WEET_NIET),
    ("dat weet ik nog niet", "not_yet", "weet_niet", vt.WEET_NIET),
    ("onbekend", "out_of_scope", "weet_niet", vt.WEET_NIET),
    ("wie weet", "dont_know", "weet_niet", vt.WEET_NIET),
    ("dat weet ik niet zo goed eigenlijk", "nlu_fallback", "weet_niet", vt.WEET_NIET),
    # overslaan
    ("sla over", "skip_question", "overslaan", vt.OVERGESLAGEN),
    ("sla deze vraag maar over", "nlu_fallback", "overslaan", vt.OVERGESLAGEN),
    ("overslaan", "stop", "overslaan", vt.OVERGESLAGEN),
    ("volgende vraag", "nlu_fallback", "overslaan", vt.OVERGESLAGEN),
    ("dat wil ik liever niet zeggen", "deny", "overslaan", vt.OVERGESLAGEN),
    ("overslaan graag", "nlu_fallback", "overslaan", vt.OVERGESLAGEN),
    ("deze vraag sla ik over", "nlu_fallback", "overslaan", vt.OVERGESLAGEN),
    ("door", "nlu_fallback", "overslaan", vt.OVERGESLAGEN),
    ("geen zin om dit in te vullen, door", "nlu_fallback", "overslaan", vt.OVERGESLAGEN),
    # stop
    ("stop", "stop", "stop", None),
    ("laat maar zitten", "stop", "stop", None),
    ("ik wil stoppen", "nlu_fallback", "stop", None),
    ("ik wil stoppen met deze vragen", "nlu_fallback", "stop", None),
    ("stoppen graag", "out_of_scope", "stop", None),
    ("wis mijn antwoorden", "clear_answers", "stop", None),
    ("ik kap ermee", "nlu_fallback", "stop", None),
    ("hou maar op, ik bel zelf wel naar Veilig Thuis", "prepare_call", "stop", None),
    # a question
    ("kan ik ook eerst anoniem advies vragen?", "faq", "vraag", None),
    ("waarom vraag je dit", "explain_question", "vraag", None),
    ("mag ik de ouders eerst bellen", "faq", "vraag", None),
    ("ben je een mens", "bot_challenge", "vraag", None),
    # danger: never kept as an answer
    ("hij heeft nu een mes", "acute_danger", "gevaar", None),
    # empty
    ("   ", "nlu_fallback", "leeg", None),
]


@pytest.mark.parametrize("tekst, intent, soort, waarde", VOORBEELDEN)
def test_what_a_free_text_message_is(tekst, intent, soort, waarde):
    lezing = vt.lees(tekst, intent)
    assert lezing.soort == soort
    if soort == "antwoord":
        assert lezing.waarde == vt.schoon_antwoord(tekst)
    else:
        assert lezing.waarde == waarde


def test_every_row_has_an_example():
    import re

    for patroon, soort in vt.RIJEN:
        assert any(
            re.search(patroon, vt._kaal(tekst)) for tekst, _, s, _ in VOORBEELDEN if s == soort
        ), patroon


def test_danger_is_recognised_by_the_patterns_too():
    assert vt.lees("hij dreigt haar vanavond te vermoorden", "faq").soort == "gevaar"
