"""scripts/serve.py: production never starts with an open HTTP API."""

import pytest

from scripts.serve import REQUIRED, SettingsError, command, shown

TOKEN = "t" * 40
GOOD = {
    **{name: "x" for name in REQUIRED},
    "MELDCODE_DB_PASSWORD": "",
    "MELDCODE_WEB_ORIGINS": "https://www.school.nl",
    "MELDCODE_API_TOKEN": TOKEN,
}


def test_good_settings_give_an_authenticated_api_with_restricted_cors():
    argv = command(GOOD, "model.tar.gz")
    assert argv[argv.index("--auth-token") + 1] == TOKEN
    cors = argv[argv.index("--cors") + 1 : argv.index("--interface")]
    assert cors == ["https://www.school.nl"]
    assert argv[argv.index("--credentials") + 1].endswith("credentials.prod.yml")
    assert argv[argv.index("--endpoints") + 1].endswith("endpoints.prod.yml")
    assert TOKEN not in shown(argv)


def test_jwt_is_added_next_to_the_token():
    argv = command({**GOOD, "MELDCODE_JWT_SECRET": "geheim"}, "m")
    assert argv[argv.index("--jwt-secret") + 1] == "geheim"
    assert "--auth-token" in argv


@pytest.mark.parametrize(
    "change,reason",
    [
        ({"MELDCODE_API_TOKEN": ""}, "no token"),
        ({"MELDCODE_API_TOKEN": "kort"}, "shorter"),
        ({"MELDCODE_CORS_ORIGINS": "*"}, "not allowed"),
        ({"MELDCODE_WEB_ORIGINS": "*"}, "not allowed"),
        ({"MELDCODE_WEB_ORIGINS": "www.school.nl"}, "not an origin"),
        ({"MELDCODE_DB_HOST": ""}, "MELDCODE_DB_HOST"),
        ({"MELDCODE_WEB_SESSION_SECRET": ""}, "MELDCODE_WEB_SESSION_SECRET"),
    ],
)
def test_unsafe_or_incomplete_settings_refuse_to_start(change, reason):
    with pytest.raises(SettingsError, match=reason):
        command({**GOOD, **change}, "m")


def test_a_missing_password_variable_is_reported():
    env = {k: v for k, v in GOOD.items() if k != "MELDCODE_DB_PASSWORD"}
    with pytest.raises(SettingsError, match="MELDCODE_DB_PASSWORD"):
        command(env, "m")
