"""End to end: personal data typed into the chat is kept nowhere (tracker store, logs).

Messages full of planted personal data go through the REST webhook of the real Rasa server
(started with --debug, its most talkative log level) and action server; then the SQLite
tracker store file, its rows and both logs are scanned for every planted value.
"""

from __future__ import annotations

import json
import sqlite3
import uuid

import pytest

from bot import melden_zonder_toestemming as mzt

pytestmark = pytest.mark.server

SECRETS = [
    "Anne",
    "Noah",
    "Mila",
    "Daan Jansen",
    "Łukasz",
    "juf.anne@example.org",
    "Sanne",
    "De Regenboog",
    "groep 5b",
    "06-12345678",
    "0612345678",
    "Dorpsstraat 12a",
    "1234 AB",
    "111222333",
    "03-04-2016",
    "NL91 ABNA 0417 1643 00",
    "Kees",
    "Yilmaz",
]

MESSAGES = [
    "hoi, ik ben juf Anne, mijn mail is juf.anne@example.org",
    # Bare names, without a word such as "leerling" before them.
    "Noah uit mijn groep is stil, en ik maak me zorgen om Mila, haar moeder belde gisteren",
    "Daan Jansen zit naast Łukasz, wat leg ik vast in het dossier?",
    "mijn leerling Sanne uit groep 5b van basisschool De Regenboog heeft blauwe plekken. "
    "Mag ik melden zonder toestemming van de ouders?",
    "moeder is bereikbaar op 06-12345678 of 0612345678 en woont op Dorpsstraat 12a, 1234 AB",
    "het bsn van het kind is 111222333 en ze is geboren op 03-04-2016",
    "ouders betalen de ouderbijdrage niet, rekening NL91 ABNA 0417 1643 00",
]

# The reflection dialog keeps free-text answers in slots and echoes them in its rationale.
MZT_ANSWERS = {
    # (no danger words: "haar vader slaat haar" would get the acute-danger answer instead)
    "belang": "haar vader Kees ontkent alles, zegt mijn leerling Sanne",
    "alternatief": "de familie Yilmaz wil geen hulp",
    "toestemming": "moeder weigert, bel haar op 06-12345678",
    "afweging": "de veiligheid van het kind weegt zwaarder dan de privacy van het gezin",
    "informatie": "alleen de feiten, mail juf.anne@example.org voor vragen",
}


def test_planted_personal_data_is_stored_and_logged_nowhere(rasa_server):
    sender = f"privacy-{uuid.uuid4().hex[:12]}"
    for message in MESSAGES:
        assert rasa_server.send(sender, message), f"no reply to: {message}"
    # Where those messages led depends on the NLU model (one may start the call preparation):
    # start the reflection from a clean dialog state. The stored events stay.
    rasa_server.send(sender, "/restart")
    rasa_server.send(sender, "/start_melden_zonder_toestemming")  # the button, not the NLU
    for question in mzt.VRAGEN:
        replies = rasa_server.send(sender, MZT_ANSWERS[question])
    # Redacted at the entrance: the rationale shows placeholders where the user typed a name
    # or an address, also for the answer of this very turn.
    rationale = "\n".join(reply.get("text", "") for reply in replies)
    assert "Kees" not in rationale and "haar vader [NAAM] ontkent alles" in rationale
    assert "juf.anne@example.org" not in rationale and "[E-MAIL]" in rationale

    # The tracker store holds only placeholders,
    with sqlite3.connect(rasa_server.tracker_db) as connection:
        rows = [
            row[0]
            for row in connection.execute("SELECT data FROM events WHERE sender_id = ?", (sender,))
        ]
    assert len(rows) > 20, "the conversation was not stored in the SQLite tracker store"
    stored = "\n".join(json.dumps(json.loads(row), ensure_ascii=False) for row in rows)
    for placeholder in ("[NAAM]", "[E-MAIL]", "[TELEFOON]", "[BSN]", "[IBAN]", "[ADRES]"):
        assert placeholder in stored
    # (the raw file too: no stale pages or journal with the text)
    raw = rasa_server.tracker_db.read_bytes()
    logs = {log.name: log.read_text(encoding="utf-8", errors="replace") for log in rasa_server.logs}
    assert "DEBUG" in logs["rasa.log"], "the Rasa server did not log at debug level"
    for secret in SECRETS:
        assert secret not in stored, f"'{secret}' stored in the tracker store"
        assert secret.encode() not in raw, f"'{secret}' in the tracker store file"
        for name, text in logs.items():
            assert secret not in text, f"'{secret}' written to {name}"
    # ... and the action server never received them either.
    assert rasa_server.action_payloads, "no request reached the action server"
    # (as text, not JSON escapes: "Łukasz" is sent as "\\u0141ukasz")
    payloads = "\n".join(
        json.dumps(json.loads(body), ensure_ascii=False) for body in rasa_server.action_payloads
    )
    assert "[NAAM]" in payloads
    for secret in SECRETS:
        assert secret not in payloads, f"'{secret}' sent to the action server"


def test_the_tracker_api_returns_the_redacted_conversation(rasa_server):
    import requests

    sender = f"privacy-{uuid.uuid4().hex[:12]}"
    rasa_server.send(sender, "mijn leerling Sanne is bang voor haar vader, wat moet ik doen?")
    tracker = requests.get(f"{rasa_server.url}/conversations/{sender}/tracker", timeout=30).json()
    texts = [event.get("text") or "" for event in tracker["events"] if event["event"] == "user"]
    assert texts == ["mijn leerling [NAAM] is bang voor haar vader, wat moet ik doen?"]
