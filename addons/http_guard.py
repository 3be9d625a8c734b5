"""One request middleware in front of every route of the Rasa server (``bot.channels.guard``).

Installed by the REST channel (``addons.rest_channel``; both credentials files use it) when
the server starts, so it covers the HTTP API too, in ``make run`` as in ``make serve``:
cross-origin state changes are refused, bodies are capped and, in production, every route
but the public ones needs the API token in the ``Authorization`` header (constant-time
comparison; Rasa's own token check, which compares with ``==`` and reads ``?token=``, is not
used). Refusals are logged (without the token) and answered in Dutch
(``bot/channels/rest_errors.yml``).
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any, Optional

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import guard, rest

logger = logging.getLogger(__name__)

_INSTALLED = "_meldcode_http_guard"


def origins_from(configured: Any) -> list:
    """The sites allowed to send state changes: MELDCODE_WEB_ORIGINS and MELDCODE_CORS_ORIGINS
    when set, else ``configured`` (the credentials file)."""
    from bot.channels.web import allowed_origins

    env = [os.environ.get("MELDCODE_WEB_ORIGINS"), os.environ.get("MELDCODE_CORS_ORIGINS")]
    listed = [origin for value in env if value for origin in allowed_origins(value)]
    return listed or allowed_origins(configured)


def _own_origin(request: Request) -> str:
    return f"{request.scheme}://{request.host}"


def install_on(blueprint: Blueprint, settings: guard.Settings) -> None:
    """Add the guard to the app ``blueprint`` is registered on, when the server starts."""
    errors = rest.error_messages()

    async def check(request: Request) -> Optional[HTTPResponse]:
        if settings.token and request.path == guard.HEALTH_PATH and request.method == "GET":
            return response.json({"status": "ok"})  # health check, without Rasa's version
        code = guard.refusal(
            settings,
            request.method,
            request.path,
            request.headers.get("Origin"),
            _own_origin(request),
            request.headers.get("Authorization"),
            len(request.body or b""),
        )
        if code is None and guard.needs_json(request.method, request.path) and request.body:
            try:
                parsed = json.loads(request.body)
            except ValueError:
                parsed = None
            if not isinstance(parsed, dict):  # stock Rasa answers these with a 500
                code = rest.NOT_AN_OBJECT
        if code is None:
            return None
        logger.warning("HTTP guard: %s %s refused (%s).", request.method, request.path, code)
        return response.json(
            {"error": code, "message": errors[code]}, status=guard.STATUS.get(code, 400)
        )

    @blueprint.listener("before_server_start")
    async def install(app: Any, _loop: Any) -> None:
        if getattr(app.ctx, _INSTALLED, False):
            return
        setattr(app.ctx, _INSTALLED, True)
        app.register_middleware(check, "request")
        logger.info(
            "HTTP guard: origins %s; token %s.",
            ", ".join(settings.origins) or "(same origin only)",
            "required" if settings.token else "not required (development)",
        )
