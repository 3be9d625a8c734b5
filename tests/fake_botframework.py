"""A stand-in for the Bot Framework on loopback, for the Teams tests (no Azure, no internet).

It serves the OpenID metadata and the signing keys (JWKS), a token endpoint for reply tokens,
and a connector that records the replies. Tokens for incoming activities are signed with
locally generated RSA keys, the way the Bot Framework signs them.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional
from urllib.parse import parse_qs

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ISSUER = "https://api.botframework.com"


class SigningKey:
    def __init__(self, kid: str, endorsements=("msteams",)):
        self.kid = kid
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.endorsements = list(endorsements)

    def jwk(self) -> Dict[str, Any]:
        key = json.loads(RSAAlgorithm.to_jwk(self.private.public_key()))
        return {**key, "kid": self.kid, "use": "sig", "endorsements": self.endorsements}


class FakeBotFramework:
    def __init__(self, app_id: str, tenant: str, url: str = ""):
        """``url`` empty: serve on a free loopback port (call ``start``); a fixed ``url``:
        no server, only tokens and activities (unit tests)."""
        self.app_id = app_id
        self.tenant = tenant
        self.keys: List[SigningKey] = [SigningKey("key-1")]
        self.replies: List[Dict[str, Any]] = []
        self.token_requests: List[Dict[str, Any]] = []
        self.key_fetches = 0
        self.fail_next: List[int] = []  # status codes the connector answers first
        self._lock = threading.Lock()
        self.server = None if url else ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = url or f"http://127.0.0.1:{self.server.server_address[1]}"

    def documents(self, url: str) -> Dict[str, Any]:
        """What GET ``url`` answers (the OpenID metadata or the JWKS)."""
        if url == self.openid_url:
            return {
                "issuer": ISSUER,
                "jwks_uri": f"{self.url}/v1/.well-known/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
            }
        if url == f"{self.url}/v1/.well-known/keys":
            with self._lock:
                self.key_fetches += 1
                return {"keys": [key.jwk() for key in self.keys]}
        raise KeyError(url)

    # -- lifecycle --
    def start(self) -> FakeBotFramework:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def openid_url(self) -> str:
        return f"{self.url}/v1/.well-known/openidconfiguration"

    @property
    def service_url(self) -> str:
        return f"{self.url}/teams/"

    # -- tokens and activities --
    def token(
        self,
        key: Optional[SigningKey] = None,
        algorithm: str = "RS256",
        **overrides: Any,
    ) -> str:
        key = key or self.keys[0]
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "aud": self.app_id,
            "exp": now + 3600,
            "nbf": now - 60,
            "serviceurl": self.service_url,
        }
        claims.update(overrides)
        claims = {name: value for name, value in claims.items() if value is not None}
        return jwt.encode(claims, key.private, algorithm=algorithm, headers={"kid": key.kid})

    def activity(self, text: Optional[str] = None, **fields: Any) -> Dict[str, Any]:
        activity = {
            "type": "message",
            "id": uuid.uuid4().hex[:12],
            "channelId": "msteams",
            "serviceUrl": self.service_url,
            "from": {"id": "29:user-1", "name": "Test Gebruiker", "aadObjectId": "aad-1"},
            "recipient": {"id": f"28:{self.app_id}", "name": "Meldcode-assistent"},
            "conversation": {"id": "a:conversation-1", "conversationType": "personal"},
            "channelData": {"tenant": {"id": self.tenant}},
            "text": text,
        }
        activity.update(fields)
        return {name: value for name, value in activity.items() if value is not None}

    def replies_to(self, activity_id: str) -> List[Dict[str, Any]]:
        with self._lock:
            return [r for r in self.replies if r["path"].endswith(f"/activities/{activity_id}")]

    # -- the HTTP side --
    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, status: int, body: Any) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                if status == 429:
                    self.send_header("Retry-After", "0.1")
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802
                try:
                    self._json(200, fake.documents(fake.url + self.path))
                except KeyError:
                    self._json(404, {})

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path.endswith("/oauth2/v2.0/token"):
                    form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                    with fake._lock:
                        fake.token_requests.append({"path": self.path, "form": form})
                        number = len(fake.token_requests)
                    self._json(
                        200,
                        {
                            "access_token": f"reply-token-{number}",
                            "expires_in": 3600,
                            "token_type": "Bearer",
                        },
                    )
                elif self.path.startswith("/teams/v3/conversations/"):
                    with fake._lock:
                        status = fake.fail_next.pop(0) if fake.fail_next else 200
                        fake.replies.append(
                            {
                                "path": self.path,
                                "authorization": self.headers.get("Authorization"),
                                "activity": json.loads(body or b"{}"),
                                "status": status,
                            }
                        )
                    self._json(status, {"id": uuid.uuid4().hex[:8]})
                else:
                    self._json(404, {})

        return Handler
