"""Rasa's REST channel (POST /webhooks/rest/webhook), hardened; and the same with a token.

``SafeRestInput`` (``credentials.yml``, name ``rest``) checks each request with
``bot.channels.rest`` before Rasa sees it: anything but ``{"sender": "...", "message": "..."}``
with sensible values gets status 400 and a Dutch explanation, never a server error; the text
is cleaned, and a message over the length limit is answered without being read
(``bot.channels.incoming``). Clients cannot set the input channel.

``TokenRestInput`` (``credentials.prod.yml``, for production) also asks for the API token
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
from sanic.response import HTTPResponse

from bot.channels import api_token, rest

logger = logging.getLogger(__name__)


class SafeRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def __init__(self) -> None:
        self.errors = rest.error_messages()

    def refusal(self, request: Request) -> Optional[HTTPResponse]:
        """The answer for a request that must not reach the assistant, or None."""
        if request.method != "POST" or not request.path.endswith("/webhook"):
            return None  # the health check
        try:
            body = request.json
        except Exception:  # invalid JSON, invalid UTF-8: Sanic raises its own error types
            body = None
        message = rest.read(body)
        if isinstance(message, str):
            logger.info("REST webhook: request refused (%s).", message)
            return response.json({"error": message, "message": self.errors[message]}, status=400)
        request.ctx.rest_message = message
        return None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)

        @webhook.middleware("request")
        async def check(request: Request) -> Optional[HTTPResponse]:
            return self.refusal(request)

        return webhook

    # The stock handler reads the body through these; they return what ``refusal`` checked.
    async def _extract_sender(self, request: Request) -> Optional[str]:
        return request.ctx.rest_message.sender

    def _extract_message(self, request: Request) -> Optional[str]:
        return request.ctx.rest_message.text

    def _extract_input_channel(self, request: Request) -> str:
        return self.name()

    def get_metadata(self, request: Request) -> Optional[Dict[str, Any]]:
        return request.ctx.rest_message.metadata


class TokenRestInput(SafeRestInput):
    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        credentials = credentials or {}
        token = os.environ.get("MELDCODE_API_TOKEN") or credentials.get("token") or ""
        problem = api_token.problem_with(token)
        if problem:
            raise ValueError(f"REST channel: {problem} (set MELDCODE_API_TOKEN)")
        return cls(token)

    def __init__(self, token: str):
        super().__init__()
        self.token = token

    def refusal(self, request: Request) -> Optional[HTTPResponse]:
        if not api_token.accepted(
            self.token, request.headers.get("Authorization"), request.args.get("token")
        ):
            return response.json({"error": "unauthorized"}, status=401)
        return super().refusal(request)
