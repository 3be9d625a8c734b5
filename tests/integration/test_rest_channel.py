"""The real servers answer Dutch messages on the REST webhook."""

import sqlite3
import uuid

import pytest

from bot import knowledge
from tests.unit.helpers import response_text

pytestmark = pytest.mark.server

KB = knowledge.load()


def new_sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def joined(replies) -> str:
    """Rasa's REST channel sends each paragraph ("\\n\\n") as its own message."""
    return "\n\n".join(reply["text"] for reply in replies)


def expected(*texts: str) -> str:
    return "\n\n".join(texts)


def test_first_message_gets_the_welcome_from_the_action_server_then_the_greeting(rasa_server):
    sender = new_sender()
    assert joined(rasa_server.send(sender, "hoi")) == expected(
        response_text("utter_welcome"), response_text("utter_greet")
    )
    # The welcome belongs to the start of the conversation only.
    assert joined(rasa_server.send(sender, "ben jij een robot?")) == response_text("utter_iamabot")


@pytest.mark.parametrize(
    "message, topic",
    [
        ("mag ik melden zonder toestemming van de ouders?", "melden_zonder_toestemming"),
        ("kan ik anoniem advies vragen bij veilig thuis", "anoniem_advies_vragen"),
        (
            "een kind vraagt of ik het geheim wil houden, mag ik dat beloven?",
            "geheimhouding_beloven",
        ),
        ("wat zijn de stappen van de meldcode", "meldcode_stappen"),
        ("wat wordt er bedoeld met acute onveiligheid?", "acute_onveiligheid"),
    ],
)
def test_faq_questions_get_the_knowledge_answer_with_its_sources(rasa_server, message, topic):
    replies = rasa_server.send(new_sender(), message)
    assert joined(replies) == expected(response_text("utter_welcome"), KB.render(KB.faq[topic]))
    assert joined(replies).splitlines()[-1].startswith(("Bron: ", "Bronnen: "))


def test_conversation_is_kept_in_the_sqlite_tracker_store(rasa_server):
    sender = new_sender()
    rasa_server.send(sender, "hallo")
    rasa_server.send(sender, "dank je wel")
    with sqlite3.connect(rasa_server.tracker_db) as db:
        rows = db.execute(
            "SELECT type_name, action_name FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()
    types = [row[0] for row in rows]
    assert types.count("user") == 2
    assert ("action", "action_session_start") in rows
    assert ("action", "utter_thank") in rows
