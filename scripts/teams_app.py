"""Make the Teams app package (reports/teams-app.zip) from teams/manifest.json.

    python -m scripts.teams_app --app-id <Microsoft App ID of the Azure Bot> \\
        --organisatie "Stichting Voorbeeld" --website https://www.voorbeeld.nl \\
        --privacy https://www.voorbeeld.nl/privacy --voorwaarden https://www.voorbeeld.nl/voorwaarden

Upload the zip in Teams (Apps > Manage your apps > Upload an app) or the Teams admin centre.
"""

from __future__ import annotations

import argparse
import json
import re
import uuid
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEAMS = ROOT / "teams"
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


def manifest(values: dict) -> dict:
    text = (TEAMS / "manifest.json").read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", value)
    left = re.findall(r"\{\{[A-Z_]+\}\}", text)
    if left:
        raise SystemExit(f"manifest.json: no value for {', '.join(sorted(set(left)))}")
    return json.loads(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app-id", required=True, help="Microsoft App ID of the Azure Bot")
    parser.add_argument("--teams-app-id", help="id of the Teams app (default: a new GUID)")
    parser.add_argument("--organisatie", required=True)
    parser.add_argument("--website", required=True)
    parser.add_argument("--privacy", required=True)
    parser.add_argument("--voorwaarden", required=True)
    parser.add_argument("--out", default=str(ROOT / "reports" / "teams-app.zip"))
    args = parser.parse_args()
    if not GUID.match(args.app_id):
        raise SystemExit(f"--app-id is not a GUID: {args.app_id!r}")
    data = manifest(
        {
            "TEAMS_APP_ID": args.teams_app_id or str(uuid.uuid4()),
            "MICROSOFT_APP_ID": args.app_id,
            "ORGANISATIE": args.organisatie,
            "WEBSITE_URL": args.website,
            "PRIVACY_URL": args.privacy,
            "VOORWAARDEN_URL": args.voorwaarden,
        }
    )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(data, indent=2, ensure_ascii=False))
        for icon in ("color.png", "outline.png"):
            package.write(TEAMS / icon, icon)
    print(f"Teams app package: {out}")


if __name__ == "__main__":
    main()
