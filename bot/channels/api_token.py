"""Shared-secret tokens for the HTTP API and the REST webhook in production.

Rasa's REST channel (/webhooks/rest/webhook) has no authentication of its own; in production
it asks for the same token as the HTTP API (``rasa run --auth-token``).
"""

from __future__ import annotations

import hmac
from typing import Optional

MIN_LENGTH = 32


def problem_with(token: Optional[str]) -> Optional[str]:
    """Why ``token`` is not good enough for production, or None when it is."""
    if not token:
        return "no token set"
    if len(token) < MIN_LENGTH:
        return f"token shorter than {MIN_LENGTH} characters"
    return None


def presented(authorization: Optional[str], query_token: Optional[str]) -> Optional[str]:
    """The token a request carries: ``Authorization: Bearer <token>`` or ``?token=<token>``."""
    if authorization and authorization.startswith("Bearer "):
        return authorization[len("Bearer ") :].strip()
    return query_token


def accepted(expected: str, authorization: Optional[str], query_token: Optional[str]) -> bool:
    token = presented(authorization, query_token)
    if not expected or not token:
        return False
    return hmac.compare_digest(token.encode("utf-8"), expected.encode("utf-8"))
