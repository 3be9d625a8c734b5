"""Start one production Rasa instance (`make serve`), after checking the settings.

It refuses to start when the HTTP API would be open to anyone: the API and the REST webhook
need MELDCODE_API_TOKEN or a file named by MELDCODE_API_TOKEN_FILE (at least 32 characters;
a JWT secret, MELDCODE_JWT_SECRET, can be added for the API), CORS allows only
MELDCODE_CORS_ORIGINS (default: the web chat origins; never "*"), and the web chat needs its
origins and a session secret. Uses endpoints.prod.yml and credentials.prod.yml.

No secret is put on the command line (``ps`` shows it to every local user): the token and
the JWT secret stay in the environment (or the file), where the project's HTTP guard
(``addons.http_guard``, installed by the REST channel of credentials.prod.yml) checks them on
every route; Rasa's own ``--auth-token`` check is not used.

    python -m scripts.serve            # check, then exec `rasa run ...`
    python -m scripts.serve --check    # only check and print the command (no secrets in it)

The action server runs separately: `rasa run actions --actions actions` (see README).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import List, Mapping

ROOT = Path(__file__).resolve().parents[1]
REQUIRED = [
    "MELDCODE_ACTION_SERVER_URL",
    "MELDCODE_DB_HOST",
    "MELDCODE_DB_PORT",
    "MELDCODE_DB_NAME",
    "MELDCODE_DB_USER",
    "MELDCODE_REDIS_HOST",
    "MELDCODE_REDIS_PORT",
    "MELDCODE_REDIS_DB",
    "MELDCODE_WEB_ORIGINS",
    "MELDCODE_WEB_SESSION_SECRET",
]


JWT_METHODS = ("HS256", "HS384", "HS512")


class SettingsError(Exception):
    pass


def _origins(value: str, name: str) -> List[str]:
    from bot.channels.web import allowed_origins

    try:
        origins = allowed_origins(value)
    except ValueError as error:
        raise SettingsError(f"{name}: {error}") from None
    if not origins:
        raise SettingsError(f"{name} is empty: list the sites that embed the chat")
    return origins


def command(env: Mapping[str, str], model: str) -> List[str]:
    """The `rasa run` command line for these settings; raises SettingsError when unsafe."""
    from bot.channels import api_token

    missing = [name for name in REQUIRED if not env.get(name)]
    if "MELDCODE_DB_PASSWORD" not in env:
        missing.append("MELDCODE_DB_PASSWORD (may be empty)")
    if missing:
        raise SettingsError("not set: " + ", ".join(missing))

    problem = api_token.problem_with(api_token.from_environment(env))
    if problem:
        raise SettingsError(
            f"MELDCODE_API_TOKEN (or MELDCODE_API_TOKEN_FILE): {problem}; the API needs it"
        )
    if env.get("MELDCODE_JWT_METHOD", "HS256") not in JWT_METHODS:
        raise SettingsError(f"MELDCODE_JWT_METHOD: one of {', '.join(JWT_METHODS)}")

    _origins(env["MELDCODE_WEB_ORIGINS"], "MELDCODE_WEB_ORIGINS")
    cors = _origins(
        env.get("MELDCODE_CORS_ORIGINS") or env["MELDCODE_WEB_ORIGINS"], "MELDCODE_CORS_ORIGINS"
    )

    return [
        str(Path(sys.executable).parent / "rasa"),
        "run",
        "--enable-api",
        "--cors",
        *cors,
        "--interface",
        env.get("MELDCODE_INTERFACE", "0.0.0.0"),
        "--port",
        env.get("MELDCODE_PORT", "5005"),
        "--model",
        model,
        "--endpoints",
        str(ROOT / "endpoints.prod.yml"),
        "--credentials",
        str(ROOT / "credentials.prod.yml"),
    ]


def shown(argv: List[str]) -> str:
    return " ".join(argv)  # nothing secret in it


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="check and print, do not start")
    parser.add_argument("--model", help="model file (default: the one `make train` made)")
    args = parser.parse_args()
    model = args.model
    if not model:
        from scripts.train import model_path

        model = str(model_path())
    try:
        argv = command(os.environ, model)
    except SettingsError as error:
        print(f"Not started: {error}. See README, 'Production'.", file=sys.stderr)
        sys.exit(2)
    print(shown(argv), flush=True)
    if not args.check:
        os.execv(argv[0], argv)


if __name__ == "__main__":
    main()
