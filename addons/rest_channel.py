"""Rasa's REST channel (POST /webhooks/rest/webhook), hardened; and the same with a token.

``SafeRestInput`` (``credentials.yml``, name ``rest``) checks each request with
``bot.channels.rest`` before Rasa sees it: anything but ``{"sender": "...", "message": "..."}``
with sensible values gets status 400 and a Dutch explanation, never a server error; the text
is cleaned, and a message over the length limit is answered without being read
(``bot.channels.incoming``). Clients cannot set the input channel, and ``metadata`` is
dropped (never stored). A body over 32 kB gets 413, a client over the rate limit
(MELDCODE_RATE_LIMIT, ``bot.channels.flood``) 429, both with a Dutch explanation; a message
beyond the per-conversation bound is answered with the "te veel berichten" notice.

It also installs the HTTP guard for the whole server (``addons.http_guard``): cross-origin
state changes refused, body sizes capped.

``TokenRestInput`` (``credentials.prod.yml``, for production) makes the guard ask for the API
token (MELDCODE_API_TOKEN or MELDCODE_API_TOKEN_FILE) as ``Authorization: Bearer <token>`` on
every route but the public ones; without it the answer is 401 and nothing reaches the
assistant.
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

from addons import flood_guard, http_guard
from bot.channels import api_token, flood, guard, rest

logger = logging.getLogger(__name__)


class SafeRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        credentials = credentials or {}
        return cls(origins=http_guard.origins_from(credentials.get("allowed_origins")))

    def __init__(self, origins: Optional[list] = None) -> None:
        self.errors = rest.error_messages()
        self.origins = list(origins or [])
        self.rate_limiter = flood.RateLimiter(
            flood.parse_rate_limit(os.environ.get("MELDCODE_RATE_LIMIT"))
        )
        self.refusals = flood.Refusals("REST webhook")

    def guard_settings(self) -> guard.Settings:
        return guard.Settings(origins=self.origins)

    def refusal(self, request: Request) -> Optional[HTTPResponse]:
        """The answer for a request that must not reach the assistant, or None."""
        if request.method != "POST":
            return None  # the health check; the webhook route takes POST only
        if len(request.body or b"") > rest.MAX_BODY_BYTES:  # also when the guard is not there
            return self._error(rest.TOO_LARGE, 413)
        try:
            body = request.json
        except Exception:  # invalid JSON, invalid UTF-8: Sanic raises its own error types
            body = None
        message = rest.read(body)
        if isinstance(message, str):
            logger.info("REST webhook: request refused (%s).", message)
            return self._error(message, 400)
        if not self.rate_limiter.allow(request.remote_addr or request.ip or "?"):
            self.refusals.count(flood.RATE_LIMITED)
            return self._error(rest.RATE_LIMITED, 429)
        request.ctx.rest_message = message
        return None

    def _error(self, code: str, status: int) -> HTTPResponse:
        return response.json({"error": code, "message": self.errors[code]}, status=status)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = super().blueprint(flood_guard.bounded(on_new_message, "REST webhook"))
        http_guard.install_on(webhook, self.guard_settings())

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
        return None  # never stored: see bot.channels.rest


class TokenRestInput(SafeRestInput):
    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        credentials = credentials or {}
        token = api_token.from_environment(os.environ)
        problem = api_token.problem_with(token)
        if problem:
            raise ValueError(
                f"REST channel: {problem} (set MELDCODE_API_TOKEN or MELDCODE_API_TOKEN_FILE)"
            )
        return cls(token, origins=http_guard.origins_from(credentials.get("allowed_origins")))

    def __init__(self, token: str, origins: Optional[list] = None):
        super().__init__(origins)
        self.token = token

    def guard_settings(self) -> guard.Settings:
        return guard.Settings(
            origins=self.origins,
            token=self.token,
            jwt_secret=os.environ.get("MELDCODE_JWT_SECRET", ""),
            jwt_method=os.environ.get("MELDCODE_JWT_METHOD", "HS256"),
        )

    def refusal(self, request: Request) -> Optional[HTTPResponse]:
        # The HTTP guard has checked it already; checked here again so that the webhook
        # never depends on the guard being installed.
        if not api_token.accepted(self.token, request.headers.get("Authorization")):
            return response.json(
                {"error": guard.UNAUTHORIZED, "message": self.errors[guard.UNAUTHORIZED]},
                status=401,
            )
        return super().refusal(request)
