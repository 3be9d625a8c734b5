"""Find, install or build the Dutch spaCy pipeline the NLU uses.

Order (first that works wins):
1. ``nl_core_news_sm`` 3.4.x already installed in the venv;
2. a wheel, sdist or directory named by ``MELDCODE_SPACY_MODEL`` (file or folder);
3. a wheel, sdist or directory ``nl_core_news_sm*`` in ``../shared/models/`` (set-up only);
4. ``python -m spacy download nl_core_news_sm`` (needs GitHub; fails offline);
5. otherwise: build ``nl_meldcode_blank`` -- ``spacy.blank("nl")`` plus the lookup
   lemmatizer from ``spacy-lookups-data`` -- as a local package, and say so loudly.

The chosen package name is written to ``.setup/spacy_pipeline``; ``config.yml`` reads it
through the ``MELDCODE_SPACY_PIPELINE`` environment variable, which the venv sets by
default (``meldcode_env.pth``), so the trained model's metadata records which pipeline it
was trained with (``make info`` prints it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAMP = ROOT / ".setup" / "spacy_pipeline"
REAL_PIPELINE = "nl_core_news_sm"
BLANK_PIPELINE = "nl_meldcode_blank"
BLANK_VERSION = "0.1.0"
SHARED_MODELS = ROOT.parent / "shared" / "models"
ENV_VAR_PATH = "MELDCODE_SPACY_MODEL"


def log(message: str) -> None:
    print(message, flush=True)


def installed_pipeline_version(name: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def compatible(name: str) -> bool:
    """True when ``name`` is installed and made for the installed spaCy (3.4)."""
    version = installed_pipeline_version(name)
    if version is None:
        return False
    if name == REAL_PIPELINE and not version.startswith("3.4."):
        log(f"  {name} {version} is installed but spaCy 3.4 needs {name} 3.4.x: ignored.")
        return False
    return True


def pip_install(target: Path) -> bool:
    log(f"  Installing {target} ...")
    cmd = [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", str(target)]
    return subprocess.run(cmd).returncode == 0


def candidates_in(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    found = [
        p
        for p in sorted(folder.iterdir())
        if p.name.lower().replace("-", "_").startswith(REAL_PIPELINE)
    ]
    return [p for p in found if p.suffix == ".whl" or p.name.endswith(".tar.gz") or p.is_dir()]


def try_install(paths: Iterable[Path]) -> bool:
    for path in paths:
        if path.is_dir() and (path / "config.cfg").exists() and (path / "meta.json").exists():
            meta = json.loads((path / "meta.json").read_text())
            name = f"{meta['lang']}_{meta['name']}"
            if name != REAL_PIPELINE:
                log(f"  {path} holds {name}, not {REAL_PIPELINE}: skipped.")
                continue
            if package_pipeline_dir(path, name, meta["version"]) and compatible(REAL_PIPELINE):
                return True
        elif pip_install(path) and compatible(REAL_PIPELINE):
            return True
    return False


def try_download() -> bool:
    log(f"  Trying 'python -m spacy download {REAL_PIPELINE}' (needs github.com) ...")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "spacy", "download", REAL_PIPELINE],
            timeout=180,
            capture_output=True,
            text=True,
        )
    except subprocess.TimeoutExpired:
        log("  Download timed out.")
        return False
    return result.returncode == 0 and compatible(REAL_PIPELINE)


def package_pipeline_dir(data_dir: Path, name: str, version: str) -> bool:
    """Wrap a saved spaCy pipeline folder as an installable package and pip-install it."""
    with tempfile.TemporaryDirectory() as tmp:
        pkg_root = Path(tmp) / name
        module = pkg_root / name
        module.mkdir(parents=True)
        shutil.copytree(data_dir, module / f"{name}-{version}")
        shutil.copy(data_dir / "meta.json", module / "meta.json")
        (module / "__init__.py").write_text(
            "from spacy.util import load_model_from_init_py\n\n\n"
            "def load(**overrides):\n"
            "    return load_model_from_init_py(__file__, **overrides)\n"
        )
        (pkg_root / "pyproject.toml").write_text(
            "[build-system]\n"
            'requires = ["setuptools>=61"]\n'
            'build-backend = "setuptools.build_meta"\n\n'
            "[project]\n"
            f'name = "{name}"\n'
            f'version = "{version}"\n'
            'requires-python = ">=3.8"\n\n'
            "[tool.setuptools]\n"
            f'packages = ["{name}"]\n\n'
            "[tool.setuptools.package-data]\n"
            f'{name} = ["**/*"]\n'
        )
        return pip_install(pkg_root)


def build_blank() -> bool:
    import spacy

    log(f"  Building {BLANK_PIPELINE}: spacy.blank('nl') + lookup lemmatizer (spacy-lookups-data).")
    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.meta.update(
        {
            "name": BLANK_PIPELINE.split("_", 1)[1],
            "version": BLANK_VERSION,
            "spacy_version": ">=3.4.0,<3.5.0",
            "description": (
                "Blank Dutch pipeline built by the Meldcode-assistent set-up: spaCy's Dutch "
                "tokenizer and lookup lemmatizer (tables from spacy-lookups-data). "
                "NOT nl_core_news_sm: no tagger, parser or named entities."
            ),
            "author": "Meldcode-assistent set-up",
            "license": "MIT (lookup tables: see spacy-lookups-data)",
        }
    )
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "pipeline"
        nlp.to_disk(data_dir)
        return package_pipeline_dir(data_dir, BLANK_PIPELINE, BLANK_VERSION)


def write_env_defaults(pipeline: str) -> None:
    """Give every interpreter of the venv (rasa CLI included) the project's defaults."""
    site = Path(sysconfig.get_paths()["purelib"])
    # A .pth line runs at interpreter start; an empty variable counts as unset.
    line = (
        "import os; "
        "os.environ.get('RASA_TELEMETRY_ENABLED') or "
        "os.environ.__setitem__('RASA_TELEMETRY_ENABLED', 'false'); "
        "os.environ.get('MELDCODE_SPACY_PIPELINE') or "
        f"os.environ.__setitem__('MELDCODE_SPACY_PIPELINE', {pipeline!r})\n"
    )
    (site / "meldcode_env.pth").write_text(line)


def record(pipeline: str) -> None:
    STAMP.parent.mkdir(parents=True, exist_ok=True)
    STAMP.write_text(pipeline + "\n")
    write_env_defaults(pipeline)


def ensure() -> str:
    if compatible(REAL_PIPELINE):
        log(f"  {REAL_PIPELINE} {installed_pipeline_version(REAL_PIPELINE)} is installed.")
        record(REAL_PIPELINE)
        return REAL_PIPELINE

    sources: list[Path] = []
    if os.environ.get(ENV_VAR_PATH):
        sources.append(Path(os.environ[ENV_VAR_PATH]))
    sources += candidates_in(SHARED_MODELS)
    if (sources and try_install(sources)) or try_download():
        log(f"  Using {REAL_PIPELINE} {installed_pipeline_version(REAL_PIPELINE)}.")
        record(REAL_PIPELINE)
        return REAL_PIPELINE

    if not compatible(BLANK_PIPELINE) and not build_blank():
        log("ERROR: could not build the fallback spaCy pipeline.")
        raise SystemExit(1)
    banner = "!" * 78
    log(
        f"\n{banner}\n"
        f"  {REAL_PIPELINE} is NOT available (not installed, no wheel in ${ENV_VAR_PATH}\n"
        f"  or ../shared/models/, download failed). Using the fallback pipeline\n"
        f"  '{BLANK_PIPELINE}': Dutch tokenizer + lookup lemmatizer, no tagger/parser/NER.\n"
        f"  To use {REAL_PIPELINE}: put its 3.4.x wheel in ../shared/models/ or point\n"
        f"  ${ENV_VAR_PATH} at it, then run 'make setup' again.\n"
        f"{banner}\n"
    )
    record(BLANK_PIPELINE)
    return BLANK_PIPELINE


def current() -> str | None:
    return STAMP.read_text().strip() if STAMP.exists() else None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["ensure", "show"])
    args = parser.parse_args(argv)
    if args.command == "ensure":
        ensure()
    else:
        print(current() or "none (run 'make setup')")


if __name__ == "__main__":
    main()
