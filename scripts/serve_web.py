"""Serve the widget and its demo page (web/dist + web/demo) for `make run` and the browser test.

    python -m scripts.serve_web --port 8080 --rasa-url http://localhost:5005

A site that embeds the widget serves web/dist/ itself; this server is for trying it out. It
sends a strict Content-Security-Policy, so the widget is checked to work without inline
scripts or styles.
"""

from __future__ import annotations

import argparse
import contextlib
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
FILES = {
    "/": ROOT / "web" / "demo" / "index.html",
    "/index.html": ROOT / "web" / "demo" / "index.html",
    "/privacy.html": ROOT / "web" / "demo" / "privacy.html",
    "/demo.css": ROOT / "web" / "demo" / "demo.css",
    "/meldcode-widget.js": ROOT / "web" / "dist" / "meldcode-widget.js",
    "/meldcode-widget.css": ROOT / "web" / "dist" / "meldcode-widget.css",
}
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript"}


def content_security_policy(rasa_url: str) -> str:
    parts = urlsplit(rasa_url)
    websocket = f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self' {parts.scheme}://{parts.netloc} {websocket}; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


class Handler(SimpleHTTPRequestHandler):
    rasa_url = "http://localhost:5005"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = FILES.get(urlsplit(self.path).path)
        if path is None or not path.exists():
            self.send_error(HTTPStatus.NOT_FOUND, "Niet gevonden")
            return
        body = path.read_bytes()
        if path.suffix == ".html":
            body = body.replace(b"{{RASA_URL}}", self.rasa_url.encode("utf-8"))
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", TYPES.get(path.suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", content_security_policy(self.rasa_url))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass  # quiet: no request log


def serve(port: int, rasa_url: str, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    handler = type("DemoHandler", (Handler,), {"rasa_url": rasa_url.rstrip("/")})
    return ThreadingHTTPServer((host, port), handler)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-url", default="http://localhost:5005")
    args = parser.parse_args()
    server = serve(args.port, args.rasa_url)
    print(f"Demo page: http://localhost:{args.port}/  (widget talks to {args.rasa_url})")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
