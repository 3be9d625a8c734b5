"""What the HTTP guard in front of every route of the Rasa server refuses (``addons.http_guard``).

Three checks, in this order, on every request:

1. **Origin** (development and production): a state-changing request (POST, PUT, PATCH,
   DELETE) whose ``Origin`` is neither an allowed site nor the server itself is refused (403).
   Browsers send ``Origin`` with every cross-origin POST, also a "simple" one with
   ``Content-Type: text/plain`` that CORS does not stop, so a page a developer visits cannot
   post into the local bot. Requests without ``Origin`` (curl, the Bot Framework, programs)
   pass; socket.io checks origins itself.
2. **Token** (production only): every route except the public ones needs the API token as
   ``Authorization: Bearer <token>`` (or a JWT, ``bot.channels.api_token``), else 401. Public:
   ``/`` (the health check, answered here without a version), the web chat's socket and
   health check, and the Teams webhook (it checks its own Bot Framework tokens).
3. **Size**: a body over ``MAX_BODY_BYTES`` (the REST webhook: ``rest.MAX_BODY_BYTES``) is
   refused (413), except on the model upload and training routes of the protected API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from bot.channels import api_token, rest

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Routes that check their callers themselves (socket.io: origin allow-list and signed
# sessions; Teams: Bot Framework tokens). Prefixes of the path.
OWN_AUTHENTICATION = ("/socket.io", "/webhooks/webchat", "/webhooks/teams")
HEALTH_PATH = "/"
MAX_BODY_BYTES = 128 * 1024  # other routes: a Teams activity with a long message fits
UPLOAD_ROUTES = ("/model", "/model/train")  # plus /model/test/...: protected, may be large

ORIGIN_NOT_ALLOWED = rest.ORIGIN_NOT_ALLOWED
UNAUTHORIZED = rest.UNAUTHORIZED
STATUS = {ORIGIN_NOT_ALLOWED: 403, UNAUTHORIZED: 401, rest.TOO_LARGE: 413}


@dataclass(frozen=True)
class Settings:
    origins: List[str] = field(default_factory=list)  # sites that may send state changes
    token: str = ""  # empty: no token needed (development)
    jwt_secret: str = ""
    jwt_method: str = "HS256"


def _under(path: str, prefixes: Tuple[str, ...]) -> bool:
    return any(path == p or path.startswith(p + "/") for p in prefixes)


def body_limit(path: str) -> Optional[int]:
    """The largest body ``path`` takes, or None for no limit (model uploads)."""
    trimmed = path.rstrip("/") or "/"
    if trimmed in UPLOAD_ROUTES or trimmed.startswith("/model/test/"):
        return None
    if _under(trimmed, ("/webhooks/rest",)):
        return rest.MAX_BODY_BYTES
    return MAX_BODY_BYTES


def refusal(
    settings: Settings,
    method: str,
    path: str,
    origin: Optional[str],
    own_origin: str,
    authorization: Optional[str],
    body_bytes: int,
) -> Optional[str]:
    """The error code for a request that must not reach its route, or None."""
    if (
        method.upper() in STATE_CHANGING
        and origin is not None
        and not _under(path, ("/socket.io",))
        and origin.rstrip("/") not in (*settings.origins, own_origin)
    ):
        return ORIGIN_NOT_ALLOWED
    if settings.token and not is_public(path) and not authorized(settings, authorization, path):
        return UNAUTHORIZED
    limit = body_limit(path)
    if limit is not None and body_bytes > limit:
        return rest.TOO_LARGE
    return None


# Rasa API routes that parse a JSON body and answer a 500 when it is not JSON (stock Rasa).
JSON_ROUTES = ("/model/parse", "/conversations")


def needs_json(method: str, path: str) -> bool:
    return method.upper() in STATE_CHANGING and _under(path.rstrip("/"), JSON_ROUTES)


def is_public(path: str) -> bool:
    return path == HEALTH_PATH or _under(path, OWN_AUTHENTICATION)


def authorized(settings: Settings, authorization: Optional[str], path: str) -> bool:
    return api_token.accepted(settings.token, authorization) or api_token.jwt_allows(
        settings.jwt_secret, settings.jwt_method, authorization, path
    )
