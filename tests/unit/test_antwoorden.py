"""The readers of typed afwegingskader answers: every row of every answer table, and whole
answers in many styles (short, long, typos, hedges, answers that restate the question)."""

import re

import pytest

from bot import antwoorden as a

G = a.GEEN_ANTWOORD

# One example per row of TWIJFEL_RIJEN, in order: (question, text).
TWIJFEL_VOORBEELDEN = [
    ("vermoeden", "weet ik eigenlijk niet"),
    ("hulp_aanvaard", "ik weet het echt niet"),
    ("disclosure", "weet niet of ze het zelf gezegd heeft"),
    ("hulp_mogelijk", "geen flauw idee"),
    ("onveiligheid", "ik twijfel daar erg over"),
    ("resultaat", "misschien, het is wisselend"),
    ("vermoeden", "niet helemaal zeker"),
    ("hulp_aanvaard", "ik ben onzeker over hun inzet"),
    ("onveiligheid", "lastig te zeggen"),
    ("vermoeden", "dat kan ik niet goed inschatten"),
    ("disclosure", "het is onduidelijk wat hij bedoelde"),
    ("hulp_mogelijk", "wie weet"),
    ("hulp_aanvaard", "hangt ervan af welke hulp"),
    ("hulp_aanvaard", "deels, de moeder wel"),
    ("vermoeden", "wel een onderbuikgevoel, maar geen concrete signalen"),
]

# One example per row of OPENING_RIJEN, in order: (question, text, meaning, certain?).
OPENING_VOORBEELDEN = [
    ("disclosure", "ja nee, dat niet", "nee", True),
    ("vermoeden", "nee, ja eigenlijk wel", "ja", False),
    ("disclosure", "niet dat ik weet", "nee", True),
    ("hulp_mogelijk", "ik denk het niet", "nee", False),
    ("vermoeden", "ik denk het wel", "ja", False),
    ("onveiligheid", "dat denk ik niet", "nee", False),
    ("vermoeden", "dat denk ik wel", "ja", False),
    ("vermoeden", "volgens mij niet", "nee", False),
    ("hulp_aanvaard", "waarschijnlijk wel", "ja", False),
    ("disclosure", "nog niet", "nee", False),
    ("onveiligheid", "niet echt", "nee", True),
    ("vermoeden", "helemaal niet", "nee", True),
    ("hulp_aanvaard", "dat klopt niet", "nee", True),
    ("vermoeden", "ja, denk ik", "ja", True),
    ("onveiligheid", "jazeker", "ja", True),
]

# One example per row of VRAAG_RIJEN[question], in order: (text, meaning, certain?).
VRAAG_VOORBEELDEN = {
    "vermoeden": [
        ("nee hoor, er is niks aan de hand", "nee", True),
        ("ik heb het gevoel dat er iets niet klopt", "ja", False),
        ("het is gewoon een druk kind", "nee", False),
        ("ik maak me echt zorgen", "ja", True),
    ],
    "onveiligheid": [
        ("het kind is thuis veilig", "nee", True),
        ("het was eenmalig", "nee", False),
    ],
    "disclosure": [
        ("nee, alleen signalen die ik zelf zie", "nee", True),
        ("ik heb het van de buurvrouw gehoord", "nee", False),
        ("hij zwijgt als het graf", "nee", True),
        ("alleen toen ik doorvroeg", "twijfel", False),
    ],
    "hulp_mogelijk": [
        ("dat gaat ons boven de pet", "nee", True),
        ("er zijn lange wachtlijsten", "nee", False),
    ],
    "hulp_aanvaard": [
        ("nee, de ouders willen er niks van weten", "nee", True),
        ("ze beloven van alles maar doen niks", "nee", True),
        ("ze weigeren elke vorm van hulp", "nee", True),
        ("alleen de moeder", "twijfel", False),
    ],
    "resultaat": [
        ("nee, het gaat nog steeds niet goed", "nee", True),
        ("het werkt helemaal niet", "nee", True),
        ("er is geen enkele verbetering", "nee", True),
        ("het wordt eerder erger", "nee", True),
        ("het gaat echt niet beter", "nee", True),
        ("er is weinig veranderd", "nee", True),
        ("dat is nog te vroeg om te zeggen", "nog_niet", True),
        ("de hulp loopt nog", "nog_niet", True),
        ("we zijn pas begonnen", "nog_niet", True),
        ("nee, de termijn is nog niet om", "nog_niet", True),
        ("nog niet te beoordelen", "nog_niet", True),
        ("we moeten nog even afwachten", "nog_niet", True),
        ("de evaluatie is pas volgende maand", "nog_niet", True),
        ("nee, nog niet", "nog_niet", True),
        ("het gaat inmiddels goed", "ja", True),
        ("ja, de doelen zijn bereikt", "ja", True),
        ("de zorgen zijn er nog steeds", "nee", False),
    ],
    "twijfel_acuut": [
        ("nee, het kind is nu veilig", "nee", True),
        ("het is niet acuut", "nee", True),
    ],
}


def test_every_row_has_an_example():
    assert len(TWIJFEL_VOORBEELDEN) == len(a.TWIJFEL_RIJEN)
    assert len(OPENING_VOORBEELDEN) == len(a.OPENING_RIJEN)
    for vraag, rijen in a.VRAAG_RIJEN.items():
        if vraag != "twijfel_disclosure":  # the same table as disclosure
            assert len(VRAAG_VOORBEELDEN[vraag]) == len(rijen), vraag


@pytest.mark.parametrize("index", range(len(TWIJFEL_VOORBEELDEN)))
def test_each_doubt_row(index):
    vraag, tekst = TWIJFEL_VOORBEELDEN[index]
    assert re.search(a.TWIJFEL_RIJEN[index][0], a.normaliseer(tekst)), tekst
    lezing = a.lees(vraag, tekst, "dont_know")
    assert lezing.betekenis == "twijfel", tekst


@pytest.mark.parametrize("index", range(len(OPENING_VOORBEELDEN)))
def test_each_opening_row(index):
    vraag, tekst, betekenis, zeker = OPENING_VOORBEELDEN[index]
    assert re.match(a.OPENING_RIJEN[index][0], a.normaliseer(tekst)), tekst
    lezing = a.lees(vraag, tekst, None)
    assert (lezing.betekenis, lezing.zeker) == (betekenis, zeker), tekst


@pytest.mark.parametrize(
    "vraag, index",
    [(v, i) for v, rijen in VRAAG_VOORBEELDEN.items() for i in range(len(rijen))],
)
def test_each_question_row(vraag, index):
    tekst, betekenis, zeker = VRAAG_VOORBEELDEN[vraag][index]
    patroon = a.VRAAG_RIJEN[vraag][index][0]
    t = a.normaliseer(tekst)
    assert re.search(patroon, t) or re.search(patroon, t.split(", ", 1)[-1]), tekst
    lezing = a.lees(vraag, tekst, None)
    assert (lezing.betekenis, lezing.zeker) == (betekenis, zeker), tekst


# Whole answers, per question: (text, NLU intent, meaning, certain?). Written for these tests,
# in many styles; the issue's own misreadings first.
ANTWOORDEN = {
    "vermoeden": [
        ("ja", "affirm", "ja", True),
        ("/affirm", "affirm", "ja", True),
        ("/dont_know", "dont_know", "twijfel", True),
        ("ja, ik maak me echt zorgen", "affirm", "ja", True),
        ("jazeker, er zijn duidelijke signalen van mishandeling", "affirm", "ja", True),
        ("nee hoor", "deny", "nee", True),
        ("nee, ik heb geen vermoeden van geweld", "deny", "nee", True),
        ("ik heb geen vermoeden van kindermishandeling", "faq", "nee", True),
        ("ik maak me geen zorgen over de veiligheid", "deny", "nee", True),
        ("geen idee eigenlijk", "dont_know", "twijfel", True),
        ("ja maar ik weet het niet zeker", "affirm", "twijfel", False),
        ("misschien", "dont_know", "twijfel", True),
        ("neeee", "deny", "nee", True),
        ("Jaa hoor!", "affirm", "ja", True),
        ("mischien wel", "dont_know", "twijfel", True),
        ("tja", "nlu_fallback", G, False),
        ("hmm ja", "affirm", "ja", True),  # a filler in front
        ("zo zo", "affirm", "ja", False),  # only the intent says so
    ],
    "onveiligheid": [
        ("er is geen acute onveiligheid", "faq", "nee", True),
        ("nee, niet acuut en ook niet structureel", "deny", "nee", True),
        ("niet acuut, maar wel structureel", "faq", "ja", True),
        ("ja, het geweld komt steeds terug", "affirm", "ja", True),
        ("ja, er is sprake van structurele onveiligheid", "affirm", "ja", True),
        ("hij wordt thuis regelmatig geslagen", "faq", "ja", True),
        ("nee, het kind is veilig", "deny", "nee", True),
        ("ik twijfel", "dont_know", "twijfel", True),
        ("volgens mij is er geen gevaar", "deny", "nee", False),
    ],
    "disclosure": [
        ("nee, het kind heeft zelf niks verteld", "faq", "nee", True),
        ("het kind heeft niks verteld", "faq", "nee", True),
        ("nee hij heeft nks gezegd", "deny", "nee", True),
        ("ja, ze vertelde dat papa haar slaat", "affirm", "ja", True),
        ("hij vroeg mij om hulp", "faq", "ja", True),
        ("ze heeft het me in vertrouwen verteld", "faq", "ja", True),
        ("niet dat ik weet", "deny", "nee", True),
        ("volgens mij heeft ze niks gezegd", "deny", "nee", False),
        ("nee, ze heeft het niet zelf verteld, ik zag de blauwe plekken", "deny", "nee", True),
        ("ik weet niet of hij het zelf verteld heeft", "dont_know", "twijfel", True),
    ],
    "hulp_mogelijk": [
        ("nee, dat lukt ons niet", "deny", "nee", True),
        ("ja het wijkteam kan helpen", "affirm", "ja", True),
        ("we kunnen samen met de jgz hulp organiseren", "faq", "ja", True),
        ("we kunnen geen hulp bieden", "deny", "nee", True),
        ("dat is niet mogelijk", "deny", "nee", True),
        ("ik denk het niet", "deny", "nee", False),
    ],
    "hulp_aanvaard": [
        ("nee, de ouders willen er niks van weten", "faq", "nee", True),
        ("ze werken goed mee", "affirm", "ja", True),
        ("ja, ze staan open voor hulp", "affirm", "ja", True),
        ("ja, ze weigeren alles", "affirm", "nee", False),  # a conflict: confirm first
        ("de ouders houden de hulp af", "deny", "nee", True),
        ("ze accepteren de hulp niet", "deny", "nee", True),
        ("ik weet niet of ze het accepteren", "dont_know", "twijfel", True),
    ],
    "resultaat": [
        ("nee, het gaat nog steeds niet goed", "not_yet", "nee", True),
        ("nog te vroeg", "not_yet", "nog_niet", True),
        ("de termijn is nog niet om", "not_yet", "nog_niet", True),
        ("werkt niet", "deny", "nee", True),
        ("geen verbetering", "deny", "nee", True),
        ("het werkt nog niet", "not_yet", "nee", False),  # nee or nog niet: confirm
        ("de hulp is net begonnen, dat is nog te vroeg", "not_yet", "nog_niet", True),
        ("ja, het gaat goed", "affirm", "ja", True),
        ("nee helaas niet", "deny", "nee", True),
        ("het is veel beter thuis", "affirm", "ja", True),
        ("/not_yet", "not_yet", "nog_niet", True),
        ("ik weet het niet", "dont_know", "twijfel", True),
    ],
    "twijfel_acuut": [
        ("nee, het kind is veilig", "deny", "nee", True),
        ("ja, ik ben bang dat hij vanavond weer slaat", "affirm", "ja", True),
        ("geen direct gevaar", "deny", "nee", True),
        ("weet ik niet", "dont_know", "twijfel", True),
    ],
    "twijfel_disclosure": [
        ("nee, ze heeft niks verteld", "deny", "nee", True),
        ("ja, hij vertelde het gisteren", "affirm", "ja", True),
    ],
}


@pytest.mark.parametrize(
    "vraag, tekst, intent, betekenis, zeker",
    [(v, *rij) for v, rijen in ANTWOORDEN.items() for rij in rijen],
)
def test_whole_answers(vraag, tekst, intent, betekenis, zeker):
    lezing = a.lees(vraag, tekst, intent)
    assert (lezing.betekenis, lezing.zeker) == (betekenis, zeker)


@pytest.mark.parametrize(
    "tekst, intent",
    [
        ("waarom vraag je dit?", "explain_question"),
        ("wat is structurele onveiligheid?", "faq"),
        ("mag ik melden zonder toestemming van de ouders", "faq"),
        ("stop", "stop"),
        ("laat maar", "stop"),
        ("vraag 2 moet ja zijn", "change_answer"),
        ("ik heb me vergist bij de vorige vraag", "change_answer"),
        ("/request_summary", "request_summary"),
        ("wat doet de vertrouwensinspecteur", "faq"),
        ("", None),
    ],
)
def test_messages_that_are_no_answer_interrupt(tekst, intent):
    for vraag in a.ANTWOORDEN:
        assert a.lees(vraag, tekst, intent) == a.NIETS


def test_an_answer_with_a_question_after_it_is_still_the_answer():
    assert a.lees("disclosure", "nee, maar mag ik dan nog melden?", "faq").betekenis == "nee"


def test_nog_niet_is_only_an_answer_at_vraag_5():
    for vraag in a.ANTWOORDEN:
        for tekst in ("/not_yet", "nog te vroeg om te zeggen"):
            assert a.lees(vraag, tekst, "not_yet").betekenis in (*a.ANTWOORDEN[vraag], G)
    assert a.lees("hulp_mogelijk", "/not_yet", "not_yet") == a.NIETS


# More styles: long sentences, fillers, typos, restating the question.
MEER = [
    ("vermoeden", "Ja. Het kind komt regelmatig met blauwe plekken op school.", "ja", True),
    ("vermoeden", "Jazeker, ik vermoed huiselijk geweld", "ja", True),
    ("vermoeden", "ik heb het vermoeden dat er thuis iets mis is", "ja", True),
    ("vermoeden", "eerlijk gezegd nee", "nee", True),
    ("vermoeden", "zou kunnen, ik weet het niet", "twijfel", True),
    ("onveiligheid", "acuut niet, maar het speelt al maanden", "ja", True),
    ("onveiligheid", "nee er is geen direct gevaar en het is niet structureel", "nee", True),
    ("onveiligheid", "niet dat ik kan zien", "nee", True),
    ("disclosure", "het kind heeft er met geen woord over gesproken", "nee", True),
    ("disclosure", "hij heeft gevraagd of ik hem kan helpen", "ja", True),
    ("disclosure", "geen disclosure", "nee", True),
    ("hulp_mogelijk", "nee, er is geen passende hulp beschikbaar", "nee", True),
    ("hulp_mogelijk", "niet echt, de wachtlijst is lang", "nee", True),
    ("hulp_aanvaard", "de ouders houden alles af", "nee", True),
    ("hulp_aanvaard", "ze zeggen ja maar doen niks", "nee", True),
    ("hulp_aanvaard", "de moeder wel, de vader niet", "twijfel", False),
    ("resultaat", "nog niet, de hulp is pas twee weken bezig", "nog_niet", True),
    ("resultaat", "dat weten we pas na de evaluatie", "nog_niet", True),
    ("resultaat", "helaas niet, het geweld gaat gewoon door", "nee", True),
    ("resultaat", "de afgesproken termijn is nog niet voorbij", "nog_niet", True),
    ("twijfel_acuut", "ja, ik ben bang dat er vanavond iets gebeurt", "ja", True),
    ("twijfel_acuut", "nee, niemand is in gevaar", "nee", True),
    ("onveiligheid", "idk", "twijfel", True),
    ("hulp_aanvaard", "ze staan er niet voor open", "nee", True),
    ("vermoeden", "Ik heb sterk het gevoel dat er thuis iets niet klopt, ja", "ja", True),
    ("vermoeden", "Ik weet het eerlijk gezegd niet, ik zie wel signalen", "twijfel", True),
    ("onveiligheid", "moeilijk in te schatten", "twijfel", True),
    ("hulp_mogelijk", "Nee, dat gaat onze mogelijkheden te boven.", "nee", True),
    ("hulp_aanvaard", "ze nemen de hulp niet aan", "nee", True),
    ("hulp_aanvaard", "ze willen wel, maar komen niet opdagen", "nee", False),
    ("resultaat", "nee, nog niet helemaal", "nee", False),
    ("hulp_aanvaard", "ja, ze accepteren het, maar ze doen niet echt mee", "nee", False),
    ("onveiligheid", "structureel wel, acuut niet", "ja", True),
    ("vermoeden", "ik denk t wel", "ja", False),
    ("hulp_aanvaard", "Nee, de betrokkenen aanvaarden de hulp niet", "nee", True),
    ("resultaat", "De hulp leidt niet tot de afgesproken resultaten", "nee", True),
    # English doubt is doubt, not the "no" in it; English "no" alone stays "nee".
    ("vermoeden", "no idea tbh", "twijfel", True),
    ("hulp_mogelijk", "not sure", "twijfel", True),
    ("hulp_aanvaard", "i dont know", "twijfel", True),
    ("disclosure", "no", "nee", True),
    # A feeling without evidence is doubt; no feeling of danger is a "nee".
    ("vermoeden", "een naar gevoel, maar niks concreets gezien", "twijfel", True),
    ("onveiligheid", "ik heb geen gevoel dat er gevaar is", "nee", True),
]


@pytest.mark.parametrize("vraag, tekst, betekenis, zeker", MEER)
def test_more_styles(vraag, tekst, betekenis, zeker):
    lezing = a.lees(vraag, tekst, None)
    assert (lezing.betekenis, lezing.zeker) == (betekenis, zeker)


# The confirmation question: (question, reading, reply, intent, entity, kept answer).
BEVESTIGINGEN = [
    ("resultaat", "nee", '/choose_answer{"antwoord": "nee"}', "choose_answer", "nee", "nee"),
    ("resultaat", "nee", "/choose_answer", "choose_answer", "nog_niet", "nog_niet"),
    ("vermoeden", "ja", "/choose_answer", "choose_answer", "anders", a.ANDERS),
    ("vermoeden", "ja", "ja, klopt", "affirm", None, "ja"),
    ("disclosure", "nee", "klopt", "affirm", None, "nee"),
    ("resultaat", "nee", "nee, nog niet te zeggen", "deny", None, "nog_niet"),
    ("vermoeden", "ja", "nee", "deny", None, a.ANDERS),
    ("hulp_aanvaard", "nee", "nee, ik bedoel ja", "deny", None, "ja"),
    ("vermoeden", "twijfel", "geen idee", "dont_know", None, "twijfel"),
    ("vermoeden", "ja", "waarom vraag je dit?", "explain_question", None, None),
    ("vermoeden", "ja", "stop", "stop", None, None),
    ("resultaat", "nee", "/affirm", "affirm", None, "ja"),
]


@pytest.mark.parametrize("vraag, gelezen, tekst, intent, entiteit, verwacht", BEVESTIGINGEN)
def test_the_reply_to_a_confirmation(vraag, gelezen, tekst, intent, entiteit, verwacht):
    assert a.lees_bevestiging(vraag, gelezen, tekst, intent, entiteit) == verwacht


def test_normalising_folds_typos_and_punctuation():
    assert a.normaliseer("Neeee!! Hij heeft NKS gezegd.") == "nee, hij heeft niks gezegd"
    assert a.normaliseer("Jaaa, één keer") == "ja, een keer"
