"""The Teams app package: manifest filled in completely, icons as Teams requires."""

import json
import subprocess
import sys
import zipfile

from PIL import Image

from scripts.teams_app import ROOT, TEAMS

APP_ID = "11111111-2222-3333-4444-555555555555"


def test_package_has_a_complete_manifest_and_the_icons(tmp_path):
    out = tmp_path / "teams-app.zip"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "scripts.teams_app",
            "--app-id",
            APP_ID,
            "--organisatie",
            "Stichting Voorbeeld",
            "--website",
            "https://www.voorbeeld.nl",
            "--privacy",
            "https://www.voorbeeld.nl/privacy",
            "--voorwaarden",
            "https://www.voorbeeld.nl/voorwaarden",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
    assert "{{" not in json.dumps(manifest)
    assert manifest["bots"][0]["botId"] == APP_ID
    assert manifest["id"] != APP_ID
    assert len(manifest["name"]["short"]) <= 30 and len(manifest["description"]["short"]) <= 80
    assert len(manifest["description"]["full"]) <= 4000


def test_a_wrong_app_id_is_refused(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "scripts.teams_app",
            "--app-id",
            "mijn-bot",
            "--organisatie",
            "x",
            "--website",
            "https://x.nl",
            "--privacy",
            "https://x.nl/p",
            "--voorwaarden",
            "https://x.nl/v",
            "--out",
            str(tmp_path / "x.zip"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "GUID" in result.stderr


def test_icons_have_the_sizes_teams_requires():
    color, outline = Image.open(TEAMS / "color.png"), Image.open(TEAMS / "outline.png")
    assert color.size == (192, 192)
    assert outline.size == (32, 32)
    # The outline icon is white on a transparent background.
    pixels = [p for p in outline.convert("RGBA").getdata() if p[3] > 0]
    assert pixels and all(p[:3] == (255, 255, 255) for p in pixels)
