"""Rasa's REST channel with a token: POST /webhooks/rest/webhook, for production.

credentials.prod.yml registers it instead of ``rest``. Requests carry the API token
(MELDCODE_API_TOKEN) as ``Authorization: Bearer <token>`` or ``?token=<token>``; without it
the answer is 401 and nothing reaches the assistant.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from bot.channels import api_token

logger = logging.getLogger(__name__)


class TokenRestInput(RestInput):
    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        credentials = credentials or {}
        token = os.environ.get("MELDCODE_API_TOKEN") or credentials.get("token") or ""
        problem = api_token.problem_with(token)
        if problem:
            raise ValueError(f"REST channel: {problem} (set MELDCODE_API_TOKEN)")
        return cls(token)

    def __init__(self, token: str):
        self.token = token

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)

        @webhook.middleware("request")
        async def require_token(request: Request) -> Any:
            if not api_token.accepted(
                self.token, request.headers.get("Authorization"), request.args.get("token")
            ):
                return response.json({"error": "unauthorized"}, status=401)
            return None

        return webhook
