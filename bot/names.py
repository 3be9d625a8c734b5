"""Which words are person names: the lexicon behind the name detection of ``bot.privacy``.

First names and surnames come from the name lists of the Faker package (MIT licence): the
Dutch and Belgian lists and those of the languages most spoken in Dutch classrooms. Faker is a
pinned dependency, so nothing is downloaded. What is *not* a name comes from
``knowledge/privacy.yml`` and from the project's own texts: every word of ``knowledge/`` and
``domain/`` (written without names of persons) is an ordinary word or an organisation.

``simplemma`` (MIT) knows Dutch words; a capitalised word inside a sentence that is neither a
known word nor on those lists is taken for a name too (most such words are names or places).
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import FrozenSet, Iterable, NamedTuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORD_LISTS = ROOT / "knowledge" / "privacy.yml"
PROJECT_TEXTS = (ROOT / "knowledge", ROOT / "domain")

# Faker locales whose Latin-script name lists are read. Dutch and Belgian first; then the
# languages of the largest groups of pupils with a migration background, and the neighbours.
LOCALES = (
    "nl_NL", "nl_BE", "tr_TR", "pl_PL", "de_DE", "fr_FR", "en_GB", "en_US", "es_ES",
    "it_IT", "pt_PT", "pt_BR", "ro_RO", "hr_HR", "cs_CZ", "sk_SK", "hu_HU", "lt_LT",
    "lv_LV", "id_ID", "en_IN", "tw_GH", "yo_NG", "sw", "fr_CH", "da_DK", "sv_SE",
)  # fmt: skip
DUTCH_LOCALES = ("nl_NL", "nl_BE")

# Lower-case words that join the parts of a surname: "van den Berg", "el Amrani".
PARTICLES = frozenset(
    {
        "van", "de", "der", "den", "het", "ter", "ten", "te", "'t", "'s", "le", "la", "du",
        "da", "di", "del", "della", "dos", "das", "von", "zu", "el", "al", "ben", "bin", "abu",
        "ibn", "ould",
    }
)  # fmt: skip

WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


class Lexicon(NamedTuple):
    first_names: FrozenSet[str]  # lower case
    dutch_first_names: FrozenSet[str]  # lower case, from the Dutch and Belgian lists only
    surnames: FrozenSet[str]  # lower case, the last word of each surname ("vries")
    ordinary: FrozenSet[str]  # lower case: names that are also ordinary words
    not_names: FrozenSet[str]  # lower case words and phrases: never a person's name
    places: FrozenSet[str]  # lower case: Dutch towns and villages, countries (Faker's nl_NL)
    project_words: FrozenSet[str]  # lower case: every word of the project's own texts


def _faker_lists(locale: str) -> tuple[set[str], set[str]]:
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    first: set[str] = set()
    for attribute in ("first_names", "first_names_male", "first_names_female"):
        values = getattr(provider, attribute, ()) or ()
        first.update(values.keys() if isinstance(values, dict) else values)
    last_values = getattr(provider, "last_names", ()) or ()
    last = set(last_values.keys() if isinstance(last_values, dict) else last_values)
    return first, last


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 or not c.isalpha() for c in name)


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _project_words() -> set[str]:
    words: set[str] = set()
    for folder in PROJECT_TEXTS:
        for path in folder.rglob("*.yml"):
            if path == WORD_LISTS:
                continue
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            for text in _strings(data):
                words.update(w.lower() for w in WORD.findall(text))
    return words


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    first: set[str] = set()
    last: set[str] = set()
    foreign_first: set[str] = set()
    for locale in LOCALES:
        names, surnames = _faker_lists(locale)
        names = {n for n in names if _latin(n)}
        (first if locale in DUTCH_LOCALES else foreign_first).update(names)
        for surname in surnames:
            if _latin(surname):
                last.add(surname.split()[-1])
    _known_words("en")  # built once here, not on the first message that needs it
    lists = yaml.safe_load(WORD_LISTS.read_text(encoding="utf-8"))
    addresses = importlib.import_module("faker.providers.address.nl_NL").Provider
    # Towns and countries (Faker's Dutch lists): "uit Oekraïne", "in Eritrea".
    places = {city.lower() for city in addresses.cities}
    places |= {country.lower() for country in addresses.countries if " " not in country}
    project = _project_words()
    ordinary = {w.lower() for w in lists["gewone_woorden"]}
    # A foreign list's name that is a Dutch word ("Beste", "Kader") or a word of the project's
    # texts is an ordinary word first.
    dutch = {n.lower() for n in first}
    for name in foreign_first:
        lower = name.lower()
        if lower not in dutch and (lower in project or lower in _known_words("nl")):
            ordinary.add(lower)
    for name in first:
        if name.lower() in project:
            ordinary.add(name.lower())
    first_lower = {n.lower() for part in first | foreign_first for n in part.split()}
    # Also without accents: "Ayse" for "Ayşe", "Zoe" for "Zoë" (typed either way).
    first_lower |= {fold_accents(n) for n in first_lower}
    last |= {fold_accents(s) for s in last}
    return Lexicon(
        first_names=frozenset(first_lower - PARTICLES),
        dutch_first_names=frozenset({fold_accents(n.lower()) for n in first} - PARTICLES),
        surnames=frozenset(s.lower() for s in last if s.lower() not in PARTICLES),
        ordinary=frozenset(ordinary),
        not_names=frozenset(w.lower() for w in lists["geen_namen"]),
        places=frozenset(places),
        project_words=frozenset(project),
    )


def fold_accents(word: str) -> str:
    """``word`` without diacritics ("Ayşe" -> "Ayse", "Łukasz" -> "Lukasz")."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_STROKES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_STROKES = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i"})


@cache
def _known_words(lang: str) -> FrozenSet[str]:
    """simplemma's word forms for ``lang``, as a set: a miss in its own mapping costs
    milliseconds, a set lookup nothing (a message of random capitalised words stays cheap)."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    dictionary = DefaultDictionaryFactory().get_dictionary(lang)
    return frozenset(key.lower() for key in dictionary)


@lru_cache(maxsize=65536)
def is_dutch_word(word: str) -> bool:
    """A known Dutch word (any inflection), or a word of the project's own texts."""
    lower = word.lower()
    return lower in lexicon().project_words or lower in _known_words("nl")


@lru_cache(maxsize=65536)
def is_english_word(word: str) -> bool:
    """A known English word: not a name when capitalised ("Connection", "Failed")."""
    return word.lower() in _known_words("en")
