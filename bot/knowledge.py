"""The knowledge base: FAQ entries and the source registry in ``knowledge/``.

``knowledge/`` is the single place answers are written. This module loads and checks it and
renders each answer as shown to the user (answer + one citation line); the Rasa responses in
``domain/faq.yml`` are generated from it (``make generate``) and a test fails when they drift.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import List, Literal

import yaml
from pydantic import BaseModel, Field, validator

KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"
MAX_ANSWER_WORDS = 120
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")

Sector = Literal["onderwijs", "kinderopvang", "gastouder"]
ALL_SECTORS: list[str] = ["onderwijs", "kinderopvang", "gastouder"]


class KnowledgeError(ValueError):
    """The knowledge base is inconsistent; ``problems`` lists every finding."""

    def __init__(self, problems: list[str]):
        super().__init__("knowledge/ has problems:\n- " + "\n- ".join(problems))
        self.problems = problems


class GeregistreerdeZin(BaseModel):
    """A sentence of an external source (a website), registered as read, with its address."""

    sectie: str
    tekst: str
    url: str


class Bron(BaseModel):
    """One source document in the registry.

    ``bestand`` is the seed file (``../shared/seeds/``, only read by ``make check-sources``),
    ``koppen`` its declared heading lines, ``bestand_project`` a file of this repository;
    an external source (no file) lists the sentences it is quoted for in ``citaten``.
    """

    id: str
    titel: str
    korte_naam: str
    uitgever: str
    jaar: int | None
    jaar_toelichting: str | None = None
    url: str | None
    bestand: str | None
    bestand_project: str | None = None
    status: Literal["actueel", "historisch"]
    koppen: list[str | dict] = []
    citaten: list[GeregistreerdeZin] = []


class Weergave(BaseModel):
    """How a citation line is written (Dutch text lives in YAML, not here)."""

    een_bron: str
    meer_bronnen: str
    scheiding: str
    verwijzing: str


class Citaat(BaseModel):
    """Evidence for one paragraph: the words of the source, never shown to users.

    ``kop`` is the heading of the section in the source file where the quote stands (see
    ``scripts/check_sources.py`` for how headings are found); ``alinea`` counts from 1.
    """

    alinea: int = Field(1, ge=1)
    kop: str
    tekst: str


class Verwijzing(BaseModel):
    """A citation: a source id from the registry plus the section cited (as shown), and the
    supporting quotes per paragraph (checked by ``make check-sources``, never shown)."""

    bron: str
    sectie: str
    citaten: list[Citaat] = []


class Knop(BaseModel):
    """A follow-up button shown under an answer."""

    titel: str
    payload: str


class FaqEntry(BaseModel):
    id: str
    titel: str
    antwoord: str
    bronnen: list[Verwijzing] = Field(..., min_items=1)
    vervolg: list[Knop] = []
    sectoren: list[Sector] = Field(default_factory=lambda: list(ALL_SECTORS))

    @validator("id")
    def id_is_snake_case(cls, value: str) -> str:
        if not SNAKE_CASE.match(value):
            raise ValueError(f"id '{value}' is not snake_case")
        return value

    @validator("antwoord")
    def answer_is_short(cls, value: str) -> str:
        words = len(value.split())
        if not value.strip():
            raise ValueError("answer is empty")
        if words > MAX_ANSWER_WORDS:
            raise ValueError(f"answer has {words} words; at most {MAX_ANSWER_WORDS}")
        return value.strip()


class KnowledgeBase(BaseModel):
    weergave: Weergave
    bronnen: dict[str, Bron]
    faq: dict[str, FaqEntry]

    def citation(self, entry: FaqEntry) -> str:
        return self.citation_line(entry.bronnen)

    def citation_line(self, references: List[Verwijzing]) -> str:
        """One short line naming each source document and section."""
        parts = [
            self.weergave.verwijzing.format(
                korte_naam=self.bronnen[ref.bron].korte_naam, sectie=ref.sectie
            )
            for ref in references
        ]
        template = self.weergave.een_bron if len(parts) == 1 else self.weergave.meer_bronnen
        return template.format(lijst=self.weergave.scheiding.join(parts))

    def render(self, entry: FaqEntry) -> str:
        """The answer as the user sees it: the text, then one line with its sources."""
        return f"{entry.antwoord}\n\n{self.citation(entry)}"


def parse_reference(text: str) -> Verwijzing:
    """``"<bron id> §<section>"`` (as used in knowledge/afwegingskader.yml) to a citation."""
    bron, sep, sectie = text.partition(" §")
    if not sep or not bron.strip() or not sectie.strip():
        raise ValueError(f"reference '{text}' is not '<bron id> §<section>'")
    sectie = sectie.strip()
    if sectie[0].isdigit():  # a numbered paragraph keeps its sign: "§5 Privacy van ouders"
        sectie = "§" + sectie
    return Verwijzing(bron=bron.strip(), sectie=sectie)


def _read_yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise KnowledgeError([f"{path.name}: expected a mapping at the top level"])
    return data


def load(directory: Path = KNOWLEDGE_DIR) -> KnowledgeBase:
    """Load and cross-check ``knowledge/``; raise ``KnowledgeError`` listing all problems."""
    problems: list[str] = []
    registry = _read_yaml(directory / "bronnen.yml")
    bronnen: dict[str, Bron] = {}
    for raw in registry.get("bronnen", []):
        bron = Bron(**raw)
        if bron.id in bronnen:
            problems.append(f"bronnen.yml: source id '{bron.id}' listed twice")
        bronnen[bron.id] = bron

    faq: dict[str, FaqEntry] = {}
    for path in sorted((directory / "faq").glob("*.yml")):
        try:
            entry = FaqEntry(**_read_yaml(path))
        except (ValueError, TypeError) as error:
            problems.append(f"faq/{path.name}: {error}")
            continue
        if entry.id != path.stem:
            problems.append(f"faq/{path.name}: id '{entry.id}' differs from the file name")
        unknown = [ref.bron for ref in entry.bronnen if ref.bron not in bronnen]
        for bron_id in unknown:
            problems.append(f"faq/{path.name}: cites unknown source '{bron_id}'")
        if not unknown and all(bronnen[r.bron].status == "historisch" for r in entry.bronnen):
            problems.append(f"faq/{path.name}: cites only historical sources; add a current one")
        faq[entry.id] = entry
    if problems:
        raise KnowledgeError(problems)
    return KnowledgeBase(weergave=Weergave(**registry["weergave"]), bronnen=bronnen, faq=faq)


@lru_cache(maxsize=1)
def default() -> KnowledgeBase:
    """The project's knowledge base, loaded once per process."""
    return load()
