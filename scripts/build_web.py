"""Build the web chat widget: web/dist/meldcode-widget.js (+ .css).

The bundle is socket.io-client (installed by `npm ci` in web/, pinned by web/package-lock.json)
followed by web/src/widget.js, so a site needs one <script> tag. Run by `make setup`; run it
again after editing web/src.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "web"
DIST = WEB / "dist"
SOCKET_IO = WEB / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"


def build() -> Path:
    if not SOCKET_IO.exists():
        raise SystemExit(
            f"{SOCKET_IO.relative_to(ROOT)} is missing: run 'npm ci --prefix web' "
            "(make setup does)."
        )
    DIST.mkdir(exist_ok=True)
    library = SOCKET_IO.read_text(encoding="utf-8")
    # The map file is not shipped; drop the reference so browsers do not ask for it.
    library = "\n".join(
        line for line in library.splitlines() if not line.startswith("//# sourceMappingURL")
    )
    widget = (WEB / "src" / "widget.js").read_text(encoding="utf-8")
    bundle = DIST / "meldcode-widget.js"
    bundle.write_text(
        "/* socket.io-client (MIT), see web/node_modules/socket.io-client/LICENSE */\n"
        f"{library}\n{widget}",
        encoding="utf-8",
    )
    shutil.copyfile(WEB / "src" / "widget.css", DIST / "meldcode-widget.css")
    return bundle


def main() -> None:
    bundle = build()
    print(f"Widget built: {bundle.relative_to(ROOT)} ({bundle.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    sys.exit(main())
