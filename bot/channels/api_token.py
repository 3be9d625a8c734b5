"""Shared-secret tokens for the HTTP API and the REST webhook in production.

The token is read from the environment (MELDCODE_API_TOKEN) or from a file
(MELDCODE_API_TOKEN_FILE), never from the command line, where every local user could read it
(``ps``). It is accepted only as ``Authorization: Bearer <token>`` (a ``?token=`` in the URL
ends up in access logs and proxies) and compared in constant time. Optionally the API also
accepts JWTs signed with MELDCODE_JWT_SECRET, with Rasa's claims: ``user.role`` "admin" for
everything, "user" only for the conversation named ``user.username``.
"""

from __future__ import annotations

import hmac
from pathlib import Path
from typing import Mapping, Optional

import jwt

MIN_LENGTH = 32
ADMIN_ROLE = "admin"
USER_ROLE = "user"


def problem_with(token: Optional[str]) -> Optional[str]:
    """Why ``token`` is not good enough for production, or None when it is."""
    if not token:
        return "no token set"
    if len(token) < MIN_LENGTH:
        return f"token shorter than {MIN_LENGTH} characters"
    return None


def from_environment(env: Mapping[str, str]) -> str:
    """MELDCODE_API_TOKEN, or the first line of the file MELDCODE_API_TOKEN_FILE ("" if none)."""
    token = env.get("MELDCODE_API_TOKEN", "")
    if not token and env.get("MELDCODE_API_TOKEN_FILE"):
        try:
            lines = Path(env["MELDCODE_API_TOKEN_FILE"]).read_text(encoding="utf-8").splitlines()
        except OSError:
            return ""
        token = lines[0].strip() if lines else ""
    return token


def presented(authorization: Optional[str]) -> Optional[str]:
    """The token a request carries in ``Authorization: Bearer <token>`` (nothing else counts)."""
    if authorization and authorization.startswith("Bearer "):
        return authorization[len("Bearer ") :].strip() or None
    return None


def accepted(expected: str, authorization: Optional[str]) -> bool:
    """Whether the request's bearer token is ``expected`` (constant-time comparison)."""
    token = presented(authorization)
    if not expected or not token:
        return False
    return hmac.compare_digest(token.encode("utf-8"), expected.encode("utf-8"))


def jwt_allows(secret: str, method: str, authorization: Optional[str], path: str) -> bool:
    """Whether a JWT in the Authorization header may use ``path`` (Rasa's roles)."""
    token = presented(authorization)
    if not secret or not token:
        return False
    try:
        claims = jwt.decode(token, secret, algorithms=[method])
    except (jwt.InvalidTokenError, ValueError, TypeError):
        return False
    user = claims.get("user")
    if not isinstance(user, dict):
        return False
    if user.get("role") == ADMIN_ROLE:
        return True
    username = user.get("username")
    return (
        user.get("role") == USER_ROLE
        and isinstance(username, str)
        and bool(username)
        and path.startswith(f"/conversations/{username}/")
    )
