"""Organisation settings (``knowledge/organisatie.yml``): who decides about a melding, etc."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal, Optional

import yaml
from pydantic import BaseModel

from bot import knowledge

SETTINGS_FILE = knowledge.KNOWLEDGE_DIR / "organisatie.yml"


class Organisatie(BaseModel):
    naam: Optional[str]
    sector: Optional[Literal["onderwijs", "kinderopvang", "gastouder"]]
    wie_beslist: str
    aandachtsfunctionaris: Optional[str]


@lru_cache(maxsize=1)
def laad(path: Path = SETTINGS_FILE) -> Organisatie:
    return Organisatie(**yaml.safe_load(path.read_text(encoding="utf-8")))
