"""Print what the current model is: path, when trained, Rasa version, spaCy pipeline."""

from __future__ import annotations

import json
import sys
import tarfile
from importlib import metadata
from pathlib import Path
from typing import Any

from scripts import spacy_pipeline, train


def read_metadata(model: Path) -> dict[str, Any]:
    with tarfile.open(model, "r:gz") as archive:
        member = next(m for m in archive.getmembers() if m.name.lstrip("/") == "metadata.json")
        handle = archive.extractfile(member)
        assert handle is not None
        return json.load(handle)


def trained_spacy_pipeline(meta: dict[str, Any]) -> str | None:
    """The spaCy pipeline name the model was trained with, as Rasa recorded it."""
    for node in meta["predict_schema"]["nodes"].values():
        if node["uses"].endswith(".SpacyNLP"):
            return node["config"].get("model")
    return None


def describe(name: str | None) -> str:
    if name is None:
        return "none"
    try:
        version = metadata.version(name)
    except metadata.PackageNotFoundError:
        return f"{name} (NOT installed here)"
    kind = (
        "the real Dutch pipeline"
        if name == spacy_pipeline.REAL_PIPELINE
        else "FALLBACK: blank Dutch tokenizer + lookup lemmatizer, not nl_core_news_sm"
    )
    return f"{name} {version} ({kind})"


def main() -> None:
    path = train.model_path()
    if not path.exists():
        sys.exit(f"No model for the current inputs ({path.name}): run 'make train'.")
    meta = read_metadata(path)
    print(f"Model:            {path.relative_to(train.ROOT)}")
    print(f"Trained at:       {meta['trained_at']}")
    print(f"Rasa:             {meta['rasa_open_source_version']}")
    print(f"Language:         {meta['language']}")
    print(f"spaCy pipeline:   {describe(trained_spacy_pipeline(meta))}")
    print(f"Set-up selected:  {spacy_pipeline.current() or 'none'}")


if __name__ == "__main__":
    main()
