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


def test_good_settings_give_an_api_with_restricted_cors_and_no_secret_on_the_command_line():
    argv = command(GOOD, "model.tar.gz")
    assert TOKEN not in " ".join(argv)  # `ps` shows the command line to every local user
    assert "--auth-token" not in argv  # the project's HTTP guard checks the token
    cors = argv[argv.index("--cors") + 1 : argv.index("--interface")]
    assert cors == ["https://www.school.nl"]
    assert argv[argv.index("--credentials") + 1].endswith("credentials.prod.yml")
    assert argv[argv.index("--endpoints") + 1].endswith("endpoints.prod.yml")
    assert TOKEN not in shown(argv)


def test_the_jwt_secret_is_not_on_the_command_line_either():
    argv = command({**GOOD, "MELDCODE_JWT_SECRET": "geheim-geheim"}, "m")
    assert "geheim-geheim" not in " ".join(argv) and "--jwt-secret" not in argv


def test_the_token_may_come_from_a_file(tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN, encoding="utf-8")
    env = {k: v for k, v in GOOD.items() if k != "MELDCODE_API_TOKEN"}
    command({**env, "MELDCODE_API_TOKEN_FILE": str(token_file)}, "m")
    with pytest.raises(SettingsError, match="no token"):
        command({**env, "MELDCODE_API_TOKEN_FILE": str(tmp_path / "ontbreekt")}, "m")


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
        ({"MELDCODE_JWT_METHOD": "none"}, "MELDCODE_JWT_METHOD"),
    ],
)
def test_unsafe_or_incomplete_settings_refuse_to_start(change, reason):
    with pytest.raises(SettingsError, match=reason):
        command({**GOOD, **change}, "m")


def test_a_missing_password_variable_is_reported():
    env = {k: v for k, v in GOOD.items() if k != "MELDCODE_DB_PASSWORD"}
    with pytest.raises(SettingsError, match="MELDCODE_DB_PASSWORD"):
        command(env, "m")
