"""The Teams channel in the real Rasa server, against a fake Bot Framework on loopback.

Every forged or broken request is refused with 401 and gets no reply; a valid one is answered
through the fake connector with a reply token of the configured (single) tenant.
"""

from __future__ import annotations

import time

import pytest
import requests

from tests.fake_botframework import SigningKey
from tests.integration.conftest import TEAMS_APP_ID, TEAMS_TENANT
from tests.unit.helpers import response_text
from tests.unit.test_channels_teams import REJECTED

pytestmark = pytest.mark.server


def post(rasa_server, activity, token):
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    return requests.post(
        f"{rasa_server.url}/webhooks/teams/webhook", json=activity, headers=headers, timeout=30
    )


def delivered(fake, activity):
    return [r for r in fake.replies_to(activity["id"]) if r["status"] == 200]


def shown_text(activity) -> str:
    """The text a reply shows: its text, or the text of its Adaptive Card."""
    if activity.get("text"):
        return activity["text"]
    cards = [a["content"] for a in activity.get("attachments", [])]
    return "\n\n".join(block["text"] for card in cards for block in card["body"])


def conversation(number: int) -> dict:
    return {"conversation": {"id": f"a:test-{number}-{time.time_ns()}"}}


@pytest.mark.parametrize("case", REJECTED, ids=list(REJECTED))
def test_forged_and_broken_requests_are_refused(rasa_server, fake_botframework, case):
    make, _ = REJECTED[case]
    token, activity = make(fake_botframework)
    activity = activity or fake_botframework.activity("hoi", **conversation(1))
    response = post(rasa_server, activity, token)
    assert response.status_code == 401
    assert delivered(fake_botframework, activity) == []


def test_a_valid_message_is_answered_through_the_connector(rasa_server, fake_botframework):
    fake = fake_botframework
    activity = fake.activity(
        "<at>Meldcode-assistent</at> mag ik anoniem advies vragen bij Veilig Thuis?",
        **conversation(2),
    )
    response = post(rasa_server, activity, fake.token())
    assert response.status_code == 200
    replies = delivered(fake, activity)
    texts = [shown_text(r["activity"]) for r in replies]
    assert texts[0] == response_text("utter_welcome")  # a new conversation starts with it
    assert any("0800-2000" in text for text in texts[1:]), texts
    for reply in replies:
        assert reply["path"] == (
            f"/teams/v3/conversations/{activity['conversation']['id']}/activities/{activity['id']}"
        )
        assert reply["authorization"].startswith("Bearer reply-token-")
        assert reply["activity"]["replyToId"] == activity["id"]
        assert reply["activity"]["recipient"] == activity["from"]
    # The reply token came from the configured tenant, for our app.
    request = fake.token_requests[-1]
    assert request["path"] == f"/{TEAMS_TENANT}/oauth2/v2.0/token"
    assert request["form"]["client_id"] == TEAMS_APP_ID
    assert request["form"]["scope"] == "https://api.botframework.com/.default"


def test_buttons_arrive_as_an_adaptive_card_and_its_submit_is_the_answer(
    rasa_server, fake_botframework
):
    fake = fake_botframework
    chat = conversation(3)
    first = fake.activity("moet ik dit melden?", **chat)
    assert post(rasa_server, first, fake.token()).status_code == 200
    card = delivered(fake, first)[-1]["activity"]["attachments"][0]["content"]
    assert card["body"][0]["text"] == response_text("utter_ask_vermoeden")
    assert [a["title"] for a in card["actions"]] == ["Ja", "Nee", "Weet ik niet"]

    submit = fake.activity(None, value=card["actions"][0]["data"], **chat)  # clicks "Ja"
    assert post(rasa_server, submit, fake.token()).status_code == 200
    card = delivered(fake, submit)[-1]["activity"]["attachments"][0]["content"]
    assert card["body"][0]["text"] == response_text("utter_ask_onveiligheid")


def test_a_member_added_gets_the_welcome(rasa_server, fake_botframework):
    fake = fake_botframework
    activity = fake.activity(
        None, type="conversationUpdate", membersAdded=[{"id": "29:user-9"}], **conversation(4)
    )
    assert post(rasa_server, activity, fake.token()).status_code == 200
    texts = [shown_text(r["activity"]) for r in delivered(fake, activity)]
    assert texts[0] == response_text("utter_welcome")


def test_rotated_keys_are_fetched_when_an_unknown_key_id_arrives(rasa_server, fake_botframework):
    fake = fake_botframework
    new_key = SigningKey(f"rotated-{time.time_ns()}")
    fake.keys.append(new_key)
    try:
        activity = fake.activity("hoi", **conversation(5))
        assert post(rasa_server, activity, fake.token(key=new_key)).status_code == 200
        assert delivered(fake, activity)
    finally:
        fake.keys.remove(new_key)


def test_replies_are_retried_after_429_and_5xx(rasa_server, fake_botframework):
    fake = fake_botframework
    fake.fail_next.extend([429, 503])
    activity = fake.activity("wat is stap 1 van de meldcode?", **conversation(6))
    assert post(rasa_server, activity, fake.token()).status_code == 200
    statuses = [r["status"] for r in fake.replies_to(activity["id"])]
    assert statuses[:3] == [429, 503, 200]
    assert len(delivered(fake, activity)) >= 2  # welcome + answer, nothing lost


def test_invalid_json_is_a_400(rasa_server):
    response = requests.post(
        f"{rasa_server.url}/webhooks/teams/webhook",
        data="{niet json",
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert response.status_code == 400


def test_no_teams_names_or_ids_reach_the_tracker_store(rasa_server, fake_botframework):
    import sqlite3

    fake = fake_botframework
    activity = fake.activity("hoi", **conversation(7))
    assert post(rasa_server, activity, fake.token()).status_code == 200
    with sqlite3.connect(rasa_server.tracker_db) as db:
        rows = db.execute("SELECT sender_id, data FROM events").fetchall()
    teams_rows = [row for row in rows if row[0].startswith("teams-")]
    assert teams_rows
    for sender, data in teams_rows:
        assert "Test Gebruiker" not in data and "29:user-1" not in data and "aad-1" not in data
        assert "conversation" not in sender


def test_the_call_summary_arrives_as_an_adaptive_card(rasa_server, fake_botframework):
    fake = fake_botframework
    chat = conversation(8)
    start = fake.activity("ik wil een melding voorbereiden", **chat)
    assert post(rasa_server, start, fake.token()).status_code == 200
    summary_card = None
    for _ in range(10):  # skip every question with the card's "Sla over" button
        submit = fake.activity(None, value={"payload": "/skip_question"}, **chat)
        assert post(rasa_server, submit, fake.token()).status_code == 200
        cards = [
            a["content"]
            for r in delivered(fake, submit)
            for a in r["activity"].get("attachments", [])
        ]
        summary_card = next(
            (
                c
                for c in cards
                if "Voorbereiding gesprek met Veilig Thuis"
                in shown_text({"attachments": [{"content": c}]})
            ),
            None,
        )
        if summary_card:
            break
    assert summary_card is not None
    assert summary_card["type"] == "AdaptiveCard"
    body = "\n".join(block["text"] for block in summary_card["body"])
    assert "Ik bel voor: een melding doen" in body and "0800-2000" in body


FOREIGN_TENANT = "00000000-1111-2222-3333-444444444444"


@pytest.mark.parametrize(
    "channel_data,reason",
    [
        ({"tenant": {"id": FOREIGN_TENANT}}, f"tenant '{FOREIGN_TENANT}' is not in the allow-list"),
        ({}, "activity without a tenant id"),
        (None, "activity without a tenant id"),
    ],
    ids=["foreign tenant", "no tenant", "no channelData"],
)
def test_activities_from_other_tenants_are_refused_without_a_reply(
    rasa_server, fake_botframework, channel_data, reason
):
    """A correctly signed activity from another Microsoft 365 tenant (issue #17)."""
    fake = fake_botframework
    activity = fake.activity("hoi", **conversation(9))
    if channel_data is None:
        del activity["channelData"]
    else:
        activity["channelData"] = channel_data
    mark = rasa_server.log_mark()
    response = post(rasa_server, activity, fake.token())
    assert response.status_code == 403
    time.sleep(1)
    assert fake.replies_to(activity["id"]) == []
    # This request's own refusal, with its reason (not a line an earlier case wrote).
    refusals = [
        line.split("Teams: activity refused, no reply: ", 1)[1]
        for line in rasa_server.log_since(mark).splitlines()
        if "Teams: activity refused, no reply: " in line
    ]
    assert refusals == [reason]
