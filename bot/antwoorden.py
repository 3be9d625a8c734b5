"""Reading a typed answer to an afwegingsvraag in the context of that question.

``lees(vraag, tekst, intent)`` returns a ``Lezing``: the meaning (one of the question's answers,
or ``GEEN_ANTWOORD`` when the message is not an answer: a question, another topic, "stop", a
change request) and how certain the reading is. Only a certain reading (a button, a clear
answer) may fill the slot; an uncertain one is confirmed first ("Ik lees je antwoord als
*nee*: klopt dat?"). The NLU intent is only a hint, used when the text itself says nothing.

How a text is read, in this order:
1. a button payload ("/deny") is explicit;
2. a message that is clearly not an answer (a question, stop, a change request, another
   FAQ topic without any answer in it) is ``GEEN_ANTWOORD``;
3. words of doubt ("weet ik niet", "misschien", "niet zeker") mean *twijfel*;
4. the opening words ("nee, ...", "ja hoor", "volgens mij niet") and the content words of the
   question, with negation in their clause ("het kind heeft niks verteld", "de ouders
   willen er niks van weten", "er is geen acute onveiligheid"), each give a reading; when
   they agree the reading is certain, a hedge or a conflict makes it uncertain;
5. at vraag 5, "nog niet" in time ("nog te vroeg", "loopt nog", "termijn is nog niet om")
   is *nog_niet*, and "nog steeds niet", "werkt niet", "geen verbetering" are *nee*.
The tables below hold one row per pattern; every row has a unit test.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Dict, List, NamedTuple, Optional, Tuple

GEEN_ANTWOORD = "geen_antwoord"

# Certainty of a reading. A reading fills the slot at ZEKER_GENOEG or above.
ZEKER = 1.0  # a button, or opening words and content that agree
DUIDELIJK = 0.9  # a clear answer: plain opening words, or content words alone
GEWOON = 0.85  # a clear answer with a small hedge ("ja, dat denk ik wel", "niet dat ik weet")
VERMOEDELIJK = 0.6  # a hedge ("ik denk het wel", "volgens mij niet")
TWIJFELACHTIG = 0.5  # opening words and content disagree
ALLEEN_INTENT = 0.55  # only the NLU intent says something
ZEKER_GENOEG = 0.8

# The answers each question allows.
ANTWOORDEN: Dict[str, Tuple[str, ...]] = {
    "vermoeden": ("ja", "nee", "twijfel"),
    "onveiligheid": ("ja", "nee", "twijfel"),
    "disclosure": ("ja", "nee", "twijfel"),
    "hulp_mogelijk": ("ja", "nee", "twijfel"),
    "hulp_aanvaard": ("ja", "nee", "twijfel"),
    "resultaat": ("ja", "nee", "twijfel", "nog_niet"),
    "twijfel_acuut": ("ja", "nee", "twijfel"),
    "twijfel_disclosure": ("ja", "nee", "twijfel"),
}

# Button payloads and NLU intents -> meaning.
INTENT_BETEKENIS = {"affirm": "ja", "deny": "nee", "dont_know": "twijfel", "not_yet": "nog_niet"}


class Lezing(NamedTuple):
    betekenis: str  # an answer of ANTWOORDEN[vraag], or GEEN_ANTWOORD
    zekerheid: float  # 0..1

    @property
    def zeker(self) -> bool:
        return self.betekenis != GEEN_ANTWOORD and self.zekerheid >= ZEKER_GENOEG


NIETS = Lezing(GEEN_ANTWOORD, 0.0)


# ---- normalising ----------------------------------------------------------------------------

# Common typos and spellings, per word.
_SPELLING = {
    "neen": "nee", "neej": "nee", "neh": "nee", "neuh": "nee", "nope": "nee", "nah": "nee",
    "no": "nee", "nee.": "nee", "njet": "nee",
    "jah": "ja", "jep": "ja", "jup": "ja", "yes": "ja", "yep": "ja", "jaja": "ja",
    "neit": "niet", "nit": "niet", "nie": "niet", "niett": "niet", "nieet": "niet",
    "nks": "niks", "nix": "niks", "niets": "niks", "nikss": "niks", "geeen": "geen",
    "mischien": "misschien", "misschein": "misschien", "misshien": "misschien",
    "missschien": "misschien", "misscien": "misschien", "miss": "misschien",
    "twijvel": "twijfel", "twijfl": "twijfel", "twijffel": "twijfel", "twijfels": "twijfel",
    "idd": "inderdaad", "idee.": "idee", "wrs": "waarschijnlijk", "vlgs": "volgens",
    "weetniet": "weet niet", "idk": "weet ik niet", "ikweetniet": "ik weet niet", "geenidee": "geen idee", "ff": "even",
    "verteld": "verteld", "vertelt": "verteld", "vertelde": "verteld", "gezegt": "gezegd",
}  # fmt: skip
# English phrases of doubt, read before single words are mapped ("no" -> "nee").
_ENGELS = [
    (r"\bno (idea|clue)\b", "geen idee"),
    (r"\bnot (really )?sure\b", "niet zeker"),
    (r"\b(i )?(don'?t|dont) know\b|\bdunno\b", "weet ik niet"),
    (r"\bmaybe\b", "misschien"),
]


def normaliseer(tekst: str) -> str:
    """Lower case, accents removed, punctuation to ", ", repeated letters folded, typos fixed."""
    t = unicodedata.normalize("NFKD", tekst.lower())
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = re.sub(r"[’`´]", "'", t)
    t = re.sub(r"([a-z])\1{2,}", r"\1", t)  # "neeee" -> "ne", fixed below
    t = re.sub(r"\bne\b", "nee", t)
    t = re.sub(r"\bjaa+\b", "ja", t)
    t = re.sub(r"[.;:!?()\"\-–—/]+", " , ", t)
    for engels, nederlands in _ENGELS:  # before "no" becomes "nee": "no idea" is no "nee"
        t = re.sub(engels, nederlands, t)
    woorden = [_SPELLING.get(w, w) for w in t.replace(",", " , ").split()]
    t = " ".join(woorden)
    t = re.sub(r"(\s*,\s*)+", ", ", t).strip(" ,")
    return t


def _clauses(t: str) -> List[str]:
    """Clauses: split at commas and at "maar", "want", "alleen", "behalve" ("geen X, maar wel Y")."""
    delen = re.split(r", |\b(?=maar\b)|\b(?=want\b)|\b(?=behalve\b)", t)
    return [d.strip(" ,") for d in delen if d and d.strip(" ,")]


_NEGATIE = re.compile(
    r"\b(niet|geen|niks|nooit|nergens|niemand|allerminst|geenszins|nee)\b|\bnog steeds niet\b"
)
_WEL = re.compile(r"\b(wel|toch|maar wel|juist wel|zeker wel)\b")


# ---- not an answer ------------------------------------------------------------------------

_VRAAGWOORD = re.compile(
    r"^(waarom|hoezo|wat (is|zijn|betekent|bedoel|bedoelt|moet|doe|houdt|gebeurt|als|kan|mag)|"
    r"hoe (moet|werkt|zit|kan|doe|lang|vaak)|wie (moet|beslist|is|bepaalt|doet)|wanneer|welke|"
    r"mag (ik|je|een)|moet (ik|je)|kan (ik|je)|kun (ik|je|jij)|kunt u|is het (verplicht|nodig|"
    r"toegestaan|erg)|heb ik|ben ik|zijn wij|klopt het dat|bestaat)\b"
)
_STOP = re.compile(
    r"^(stop|stoppen|stop maar|ik wil stoppen|ik stop( ermee)?|laat maar( zitten)?|hou (maar )?op|"
    r"annuleer|annuleren|afbreken|ophouden|ik wil niet verder|ik wil dit niet meer)\b"
)
_WIJZIGING = re.compile(
    r"\b(vraag|afweging)\s*[1-5][ab]?\b|\bantwoord (veranderen|wijzigen|aanpassen)\b|"
    r"\b(vorige|eerdere) (vraag|antwoord)\b|\bik heb me vergist\b|\bverkeerd antwoord\b"
)
# Intents that the form lets its rules handle when the text holds no answer.
ONDERBREKENDE_INTENTS = frozenset(
    {
        "faq", "stop", "explain_question", "change_answer", "change_answer_menu",
        "bot_challenge", "choose_topic", "clear_answers", "request_summary", "acute_danger",
        "resume_form", "start_afwegingskader", "start_melden_zonder_toestemming",
        "prepare_call", "greet", "goodbye", "thank", "out_of_scope", "message_too_long",
    }
)  # fmt: skip


def onderbreking(tekst: str, intent: Optional[str]) -> bool:
    """Whether the message is clearly something else than an answer (before any reading).

    A question ("?" at the end, or a question word at the start), "stop" or a change request
    interrupts, unless the message opens with an answer ("nee, maar mag ik dan melden?").
    """
    t = normaliseer(tekst)
    if not t:
        return True
    if _STOP.search(t) or _WIJZIGING.search(t):
        return True
    opent_met_antwoord = _opening(t) is not None
    if tekst.strip().endswith("?") or _VRAAGWOORD.search(t):
        return not opent_met_antwoord
    return False


# ---- doubt ------------------------------------------------------------------------------

# (pattern, note) -> twijfel. "zonder twijfel" and "twijfel ik niet aan" are certainty, not doubt.
TWIJFEL_RIJEN: List[Tuple[str, str]] = [
    (r"\b(weet|wist) (ik|we|wij|je) (het |dat |dit )?(echt |eigenlijk |ook |gewoon )?niet\b", "weet ik niet"),
    (r"\bik weet (het |dat |dit )?((echt|eigenlijk|ook|gewoon|eerlijk gezegd|nog),? )*niet\b", "ik weet het niet"),
    (r"^weet niet\b|\bweet niet (of|zeker)\b", "weet niet"),
    (r"\b(geen|geen flauw) idee\b", "geen idee"),
    (r"\b(ik )?twijfel\b", "twijfel"),
    (r"\bmisschien\b", "misschien"),
    (r"\b(niet|weinig) (helemaal |zo |echt |100 ?% )?zeker\b", "niet zeker"),
    (r"\bonzeker\b", "onzeker"),
    (r"\b(lastig|moeilijk|niet) (goed )?(te |in te )?(zeggen|beoordelen|inschatten|schatten)\b", "lastig te zeggen"),
    (r"\b(kan|kun|kunnen) (ik |we |je )?(het |dat )?(niet|moeilijk|slecht) (goed )?(inschatten|beoordelen|zeggen)\b", "kan ik niet inschatten"),
    (r"\bonduidelijk\b|\bniet duidelijk\b", "onduidelijk"),
    (r"\bwie weet\b", "wie weet"),
    (r"\bhangt (er )?(ervan |van )?af\b", "hangt ervan af"),
    (r"\b(ja en nee|wel en niet|soms wel,? soms niet|deels|gedeeltelijk|half)\b", "deels"),
    (r"\b(onderbuikgevoel|gevoel|niet pluis)\b.{0,40}\bmaar\b.{0,30}\b(geen|niks)\b.{0,20}\b(bewijs|hard\w*|concre\w*|signalen|aanwijzingen)\b", "een gevoel, maar geen bewijs"),
]  # fmt: skip
_GEEN_TWIJFEL = re.compile(
    r"\bzonder twijfel\b|\bgeen twijfel\b|\btwijfel (ik )?niet\b|\bongetwijfeld\b"
)


def _twijfel(t: str) -> bool:
    t = _GEEN_TWIJFEL.sub(" ", t)
    return any(re.search(patroon, t) for patroon, _ in TWIJFEL_RIJEN)


# ---- opening words ---------------------------------------------------------------------

# (pattern at the start, meaning, certainty). First match wins: longer phrases first.
OPENING_RIJEN: List[Tuple[str, str, float]] = [
    (r"ja,? nee\b", "nee", DUIDELIJK),  # Dutch "ja nee" is a no
    (r"nee,? ja\b", "ja", VERMOEDELIJK),
    (r"niet dat ik (weet|kan zien|zie|merk|gemerkt heb|heb gezien|heb gehoord)\b", "nee", GEWOON),
    (r"(ik denk|denk|ik dacht|ik geloof|ik vermoed|ik verwacht) (het |'t |t |van )?niet\b", "nee", VERMOEDELIJK),
    (r"(ik denk|denk|ik geloof|ik vermoed|ik verwacht) (het |'t |t |van )?wel\b", "ja", VERMOEDELIJK),
    (r"dat (denk|geloof|vermoed|verwacht) ik (eigenlijk )?niet\b", "nee", VERMOEDELIJK),
    (r"dat (denk|geloof|vermoed|verwacht) ik (eigenlijk )?wel\b", "ja", VERMOEDELIJK),
    (r"(volgens mij|waarschijnlijk|vermoedelijk|ik neem aan|lijkt me|het lijkt erop|ik gok) (van )?niet\b", "nee", VERMOEDELIJK),
    (r"(volgens mij|waarschijnlijk|vermoedelijk|ik neem aan|lijkt me|het lijkt erop|ik gok) (van )?wel\b", "ja", VERMOEDELIJK),
    (r"nog niet\b", "nee", VERMOEDELIJK),  # at vraag 5 read as "nog niet" first
    (r"(niet echt|eigenlijk niet|nauwelijks|amper|weinig)\b", "nee", GEWOON),
    (r"(zeker niet|absoluut niet|helemaal niet|totaal niet|echt niet|beslist niet|nooit|geenszins|welnee|nee|helaas niet|gelukkig niet)\b", "nee", DUIDELIJK),
    (r"(dat klopt niet|klopt niet|dat is niet zo|niet van toepassing|is niet het geval)\b", "nee", DUIDELIJK),
    (r"(ja,? (dat denk ik|denk ik|ik denk het)|ja,? (volgens mij|waarschijnlijk))\b", "ja", GEWOON),
    (r"(ja|jazeker|jawel|zeker|klopt|dat klopt|inderdaad|absoluut|zeker weten|zeer zeker|correct|"
     r"helaas wel|helaas ja|natuurlijk|uiteraard|dat is zo|zonder twijfel|ongetwijfeld|"
     r"wel degelijk|dat wel|precies|juist|yes|oke|ok|akkoord|zeer|ja hoor)\b", "ja", DUIDELIJK),
]  # fmt: skip


def _opening(t: str) -> Optional[Tuple[str, float, int]]:
    """The reading of the opening words: (meaning, certainty, length of the matched part)."""
    for patroon, betekenis, zekerheid in OPENING_RIJEN:
        match = re.match(patroon, t)
        if match:
            return betekenis, zekerheid, match.end()
    return None


# ---- content words per question ----------------------------------------------------------

# Content words of a question: a proposition that, said without negation in its clause,
# answers "ja" ("het kind heeft het verteld"), and with negation "nee" ("heeft niks verteld").
INHOUD: Dict[str, str] = {
    "vermoeden": r"vermoed\w*|zorgen|bezorgd|signal\w*|mishandel\w*|geweld|verwaarloo?s\w*|"
    r"misbruik\w*|onveilig\w*|spraken? van|aanwijzing\w*",
    "onveiligheid": r"onveilig\w*|gevaar\w*|bedreig\w*|dreig\w*|geweld|sla(at|an)|geslagen|"
    r"mishandel\w*|letsel|blauwe plekken|structure\w*|acu(u|)t\w*|terug(komen|kom\w*|kerend)|"
    r"blijft? (maar )?(terug)?(komen|gebeuren)|steeds (weer|opnieuw)|herhaal\w*|"
    r"(komt|keert) (steeds |telkens )?terug|voortdur\w*|duurt voort|spraken? van|"
    r"speelt (al )?(maanden|jaren|lang|een tijd)|al (maanden|jaren|lange tijd|een tijd)",
    "disclosure": r"vertel\w*|verteld|gezegd|zei|zegt|zeggen|geuit|uitte|aangegeven|gesproken|"
    r"(ge)?vra\w* .*\bhelp\w*|"
    r"toevertrouwd|in vertrouwen|om hulp|hulp gevraagd|hulp vr(aagt|oeg|agen)|"
    r"(kwam|komt) (het )?(vertellen|zeggen)|opengesteld|open(gebroken|hartig)|disclosure|"
    r"uit zichzelf|zelf (aangekaart|begonnen)",
    "hulp_mogelijk": r"kunnen|kan|kun|lukt|lukken|gelukt|mogelijk|haalbaar|bieden|organiseren|"
    r"regelen|inzetten|inschakelen|wijkteam|jeugdzorg|ketenpartner\w*|ggd|jgz|"
    r"hulp(verlening)? (bieden|organiseren|inzetten|regelen|geven|aanbieden)|in staat",
    "hulp_aanvaard": r"aanvaard\w*|accept\w*|open (staan|voor)|staan (\w+ ){0,3}open|openstaan|"
    r"werk\w* (\w+ ){0,3}mee\b|meewerk\w*|meedoen|doen (\w+ ){0,3}mee\b|"
    r"zet\w* (zich|zichzelf) (er )?(actief |goed )?(voor )?in|inzet\w*|gemotiveerd|akkoord|"
    r"instemm\w*|ingestemd|stemmen (ermee )?in|(komen|kwamen) (de )?afspraken na|"
    r"nem\w* (\w+ ){0,3}aan\b|aangenomen|willen (wel )?(hulp|meewerken|meedoen)|willen|"
    r"(komen|kwamen|komt) (\w+ ){0,2}opdagen|"
    r"blij met|staan achter",
    "resultaat": r"werkt|werken|helpt|helpen|geholpen|beter\w*|verbeter\w*|vooruitgang|"
    r"vooruit|gaat goed|loopt goed|gaat het goed|resultat\w*|effect\w*|doel\w* (zijn )?"
    r"(bereikt|gehaald)|bereikt|gehaald|veilig(er)?\b(?! thuis)|opgelost|rustig\w*|succes\w*|"
    r"verbetering|verandering|veranderd",
    "twijfel_acuut": r"gevaar\w*|bedreig\w*|dreig\w*|onveilig\w*|bang|sla(at|an)|geslagen|"
    r"geweld|letsel|wapen|acu(u|)t\w*|spoed|nu (direct|meteen)",
    "twijfel_disclosure": "",  # = disclosure, below
}
INHOUD["twijfel_disclosure"] = INHOUD["disclosure"]

# Rows that say the answer by themselves, per question: (pattern, meaning, certainty).
# They are checked before the content words and win over them.
VRAAG_RIJEN: Dict[str, List[Tuple[str, str, float]]] = {
    "vermoeden": [
        (r"\b(niks|niets) aan de hand\b", "nee", DUIDELIJK),
        (r"\b(iets|er) (niet klopt|niet pluis is|mis is)\b", "ja", VERMOEDELIJK),
        (r"\b(gewoon|alleen|eerder) (een )?(druk|lastig|gedragsprobleem|gedragsproblemen|"
         r"opvoedingsvragen|leerproblemen)\b", "nee", VERMOEDELIJK),
        (r"\bik maak me (echt |wel |grote |ernstig )?zorgen\b", "ja", DUIDELIJK),
    ],
    "onveiligheid": [
        (r"\b(is|zijn|voelt zich|lijkt) (thuis )?(nu )?(gewoon )?veilig\b", "nee", DUIDELIJK),
        (r"\b(eenmalig|een keer|1 keer|incident)\b", "nee", VERMOEDELIJK),
    ],
    "disclosure": [
        (r"\b(alleen|enkel|slechts) (signalen|vermoedens|gedrag|wat ik zie|zelf gezien|gezien)\b", "nee", DUIDELIJK),
        (r"\bvan (de |een |haar |zijn )?(buren|buurvrouw|buurman|collega|anderen|ander|"
         r"klasgenoot|broer|zus|oma|opa|moeder|vader)\b.*\bgehoord\b", "nee", VERMOEDELIJK),
        (r"\b(zwijgt|houdt (zijn|haar) mond|klapt dicht|sluit zich af)\b", "nee", DUIDELIJK),
        (r"\b(doorvroeg|doorvragen|doorgevraagd|na (veel |lang )?(door)?vragen|toen ik (ernaar |erna )?vroeg)\b", "twijfel", VERMOEDELIJK),
    ],
    "hulp_mogelijk": [
        (r"\b(onmogelijk|te zwaar|te complex|boven (ons|mijn|de) (petje|pet)|"
         r"(gaat|gaan) (\w+ ){0,3}(mogelijkheden|petje|pet|macht) te boven|"
         r"buiten onze mogelijkheden|geen aanbod|niet in staat)\b", "nee", DUIDELIJK),
        (r"\bwachtlijst\w*\b", "nee", VERMOEDELIJK),
    ],
    "hulp_aanvaard": [
        (r"\b(niks|niets) (van|mee) (te )?(weten|maken)\b", "nee", DUIDELIJK),
        (r"\b(zeggen ja|beloven\w*|beloofd)\b.*\b(maar|en) (doen|gebeurt) (er )?(niks|weinig|niet)\b|\bdoen (er )?(niks|weinig) (mee|aan)\b", "nee", DUIDELIJK),
        (r"\b(weiger\w*|houden .{0,20}\baf|afhouden|wijzen (alles |de hulp |het )?af|"
         r"afgewezen|ontkenn\w*|bagatelliser\w*|tegenwerk\w*|werken tegen|haken af|afgehaakt|"
         r"zeggen (de )?afspraken af|komen (de )?afspraken niet na|verzet\w*)\b", "nee", DUIDELIJK),
        (r"\b(alleen|maar) (de )?(moeder|vader|een van beide|een ouder)\b|\b(moeder|vader) wel\b.*\bniet\b|\b(moeder|vader) niet\b.*\bwel\b", "twijfel", VERMOEDELIJK),
    ],
    "resultaat": [
        # nee: the help does not lead to the results
        (r"\bnog steeds niet\b", "nee", DUIDELIJK),
        (r"\b(werkt|helpt) (nog steeds |helemaal |echt )?niet\b", "nee", DUIDELIJK),
        (r"\bgeen (enkele |echte |merkbare )?(verbetering|vooruitgang|resultaat|resultaten|effect|verandering)\b", "nee", DUIDELIJK),
        (r"\b(slechter|erger|verergert|verslechter\w*|terugval|vastgelopen|loopt vast|"
         r"zit vast|stopt niet|gaat (gewoon )?door|blijft (maar )?(gebeuren|doorgaan|terugkomen)|"
         r"komt (steeds |weer )?terug)\b", "nee", DUIDELIJK),
        (r"\b(gaat|loopt) (nog steeds |helemaal |echt )?niet (goed|beter|lekker)\b", "nee", DUIDELIJK),
        (r"\b(niks|niets|weinig) (veranderd|verbeterd|opgeleverd|bereikt)\b", "nee", DUIDELIJK),
        # nog_niet: the term is not over yet
        (r"\b(nog )?(te|veel te) vroeg\b", "nog_niet", DUIDELIJK),
        (r"\bloopt nog\b|\bnog (volop )?bezig\b|\bnog gaande\b|\bnog in (gang|behandeling)\b|\bpas .{0,25}\b(bezig|gestart|begonnen|aan de gang|onderweg)\b", "nog_niet", DUIDELIJK),
        (r"\b(pas|net|zojuist|recent) (begonnen|gestart|opgestart|ingezet)\b|\bnog maar (net|pas)\b", "nog_niet", DUIDELIJK),
        (r"\btermijn (is |loopt )?(nog niet (om|voorbij|verstreken|afgelopen)|nog)\b", "nog_niet", DUIDELIJK),
        (r"\bnog niet (te )?(zeggen|beoordelen|bekend|duidelijk|geevalueerd|om)\b", "nog_niet", DUIDELIJK),
        (r"\b(eerst |nog )(even |maar )?afwachten\b|\bafwachten\b", "nog_niet", DUIDELIJK),
        (r"\bevaluatie (is |komt )?(nog|pas|binnenkort|later)\b|\bpas (na|bij) (de )?(evaluatie|termijn)\b|\bna de evaluatie\b", "nog_niet", DUIDELIJK),
        (r"^nog niet$", "nog_niet", DUIDELIJK),
        # ja
        (r"\b(gaat|loopt) (nu |inmiddels |echt |nog steeds )?(goed|beter|prima)\b", "ja", DUIDELIJK),
        (r"\b(doelen|resultaten|afspraken) (zijn )?(bereikt|gehaald|behaald|nagekomen)\b", "ja", DUIDELIJK),
        (r"\bnog steeds\b", "nee", VERMOEDELIJK),  # "de zorgen zijn er nog steeds"
    ],
    "twijfel_acuut": [
        (r"\b(is|zijn|voelt zich|lijkt) (thuis )?(nu )?(gewoon )?veilig\b", "nee", DUIDELIJK),
        (r"\bniet acuut\b", "nee", DUIDELIJK),
    ],
    "twijfel_disclosure": [],
}  # fmt: skip
VRAAG_RIJEN["twijfel_disclosure"] = VRAAG_RIJEN["disclosure"]

# Hedges in front of a statement. Not at vraag 1: "ik denk dat ..." there is the suspicion.
_HEDGE = re.compile(
    r"\b(ik denk|denk ik|volgens mij|waarschijnlijk|vermoedelijk|ik vermoed|ik geloof|lijkt me|"
    r"lijkt erop|ik gok|ik neem aan|zou kunnen|kan zijn)\b"
)

# "nog niet" with a verb of result, no time words: nee or nog niet, uncertain ("werkt nog niet").
_NOG_NIET = re.compile(r"\bnog niet\b")


def _vraag_rij(vraag: str, t: str) -> Optional[Tuple[str, float]]:
    for patroon, betekenis, zekerheid in VRAAG_RIJEN[vraag]:
        if re.search(patroon, t):
            return betekenis, zekerheid
    return None


def _inhoud(vraag: str, t: str) -> Optional[Tuple[str, float]]:
    """The reading from the question's content words, clause by clause, with negation."""
    patroon = re.compile(rf"\b({INHOUD[vraag]})")
    lezingen = []
    for clause in _clauses(t):
        if not patroon.search(clause):
            continue
        negatief = bool(_NEGATIE.search(clause)) and not re.search(r"\bniet alleen\b", clause)
        nadruk = bool(_WEL.search(clause)) or clause.startswith("maar")
        lezingen.append(("nee" if negatief else "ja", nadruk))
    if not lezingen:
        return None
    betekenissen = {b for b, _ in lezingen}
    if len(betekenissen) == 1:
        return lezingen[0][0], DUIDELIJK
    benadrukt = [b for b, nadruk in lezingen if nadruk]
    if len(set(benadrukt)) == 1:  # "geen acute onveiligheid, maar wel structureel"
        return benadrukt[-1], DUIDELIJK
    if vraag == "onveiligheid":  # "acute en/of structurele": one of them is enough
        return "ja", VERMOEDELIJK
    return lezingen[-1][0], TWIJFELACHTIG


def lees(vraag: str, tekst: Optional[str], intent: Optional[str] = None) -> Lezing:
    """Read ``tekst`` as the answer to ``vraag``; the intent is only a hint."""
    toegestaan = ANTWOORDEN[vraag]
    tekst = (tekst or "").strip()
    if not tekst:
        return NIETS
    if tekst.startswith("/"):  # a button payload
        betekenis = INTENT_BETEKENIS.get(intent or "")
        return Lezing(betekenis, ZEKER) if betekenis in toegestaan else NIETS
    if onderbreking(tekst, intent):
        return NIETS
    t = normaliseer(tekst)
    lezing = _lees_tekst(vraag, t)
    if lezing is None:
        if intent in ONDERBREKENDE_INTENTS:
            return NIETS  # another topic: the rules answer it, the question comes again
        hint = INTENT_BETEKENIS.get(intent or "")
        if hint == "nog_niet" and "nog_niet" not in toegestaan:
            hint = "twijfel"
        return Lezing(hint, ALLEEN_INTENT) if hint else NIETS
    betekenis, zekerheid = lezing
    if betekenis == "nog_niet" and "nog_niet" not in toegestaan:
        betekenis, zekerheid = "twijfel", min(zekerheid, VERMOEDELIJK)
    return Lezing(betekenis, zekerheid)


# "..., ja" / "..., nee" at the end of a sentence.
_SLOTWOORD = re.compile(r", (ja|nee)( hoor| zeker| dus)?$")

# Fillers in front of the answer ("eerlijk gezegd nee", "tja, misschien").
_VULLING = re.compile(r"^((eerlijk gezegd|nou|tja|hmm+|uhm+|uh+|eh+|oh|goh|in principe|kijk),? )+")


def _lees_tekst(vraag: str, t: str) -> Optional[Tuple[str, float]]:
    t = _VULLING.sub("", t)
    opening = _opening(t)
    rest = t[opening[2] :].strip(" ,") if opening else t
    slot = _SLOTWOORD.search(t)
    if opening is None and slot:  # "het kind is niet veilig thuis, ja"
        opening = (slot.group(1), DUIDELIJK, 0)
        rest = t[: slot.start()]
    rij = _vraag_rij(vraag, t) or (_vraag_rij(vraag, rest) if rest != t else None)

    if vraag == "resultaat":
        if rij and rij[0] == "nog_niet":  # "nee, de termijn is nog niet om": not yet
            return rij
        if rij is None and _NOG_NIET.search(t):
            return "nee", VERMOEDELIJK  # "het werkt nog niet": nee, or nog niet? confirm

    if _twijfel(t):
        sterk = (opening and opening[1] >= DUIDELIJK) or rij is not None
        return "twijfel", VERMOEDELIJK if sterk else DUIDELIJK

    inhoud = rij or _inhoud(vraag, rest)
    if rij and rij[1] < DUIDELIJK:  # a weak row, and the content words say the same: clear
        woorden = _inhoud(vraag, rest)
        if woorden and woorden[0] == rij[0]:
            inhoud = woorden
    if opening is None:
        if inhoud and vraag != "vermoeden" and _HEDGE.search(t):
            return inhoud[0], min(inhoud[1], VERMOEDELIJK)  # "volgens mij heeft ze niks gezegd"
        return inhoud
    betekenis, zekerheid, _ = opening
    if inhoud is None:
        return betekenis, zekerheid
    if inhoud[0] == betekenis:
        return betekenis, max(zekerheid, inhoud[1]) if zekerheid >= GEWOON else GEWOON
    return inhoud[0], TWIJFELACHTIG  # "ja, ze weigeren alles": the content, confirmed first


# ---- the confirmation question -------------------------------------------------------------

ANDERS = "anders"  # "Anders": the question is asked again, with its buttons
_BEVESTIG = re.compile(
    r"^(ja|jazeker|jawel|klopt|dat klopt|klopt helemaal|ja klopt|inderdaad|correct|precies|"
    r"zeker|juist|dat is juist|yes|oke|ok|goed zo|dat bedoel ik|dat bedoelde ik|ja hoor)\b"
)
_ONTKEN = re.compile(r"^(nee|klopt niet|dat klopt niet|niet goed|fout|verkeerd|onjuist)\b")


def lees_bevestiging(
    vraag: str, gelezen: str, tekst: Optional[str], intent: Optional[str], entiteit: Optional[str]
) -> Optional[str]:
    """The reply to "Ik lees je antwoord als *<gelezen>*: klopt dat?".

    Returns the answer to keep, ``ANDERS`` (ask the question again), or None when the reply is
    not about the confirmation at all (a question, stop: the form's rules handle it).
    """
    toegestaan = ANTWOORDEN[vraag]
    if intent == "choose_answer" and entiteit in (*toegestaan, ANDERS):
        return entiteit
    tekst = (tekst or "").strip()
    if not tekst or tekst.startswith("/"):
        betekenis = INTENT_BETEKENIS.get(intent or "")
        return betekenis if betekenis in toegestaan else None
    if onderbreking(tekst, intent):
        return None
    t = normaliseer(tekst)
    ontkend = _ONTKEN.match(t)
    if ontkend:
        rest = t[ontkend.end() :].strip(" ,")
        rest = re.sub(r"^(juist|ik bedoel(de)?|het is|het was|eigenlijk|maar)\b\s*", "", rest)
        if rest:
            lezing = _lees_tekst(vraag, rest)
            zeker = lezing and lezing[1] >= ZEKER_GENOEG and lezing[0] in toegestaan
            if zeker and lezing[0] != gelezen:
                return lezing[0]
        return ANDERS
    if _BEVESTIG.match(t):
        return gelezen
    lezing = lees(vraag, tekst, intent)
    if lezing.betekenis == GEEN_ANTWOORD:
        return None
    return lezing.betekenis if lezing.zeker else ANDERS
