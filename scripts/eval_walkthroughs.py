"""Free-text walk-throughs of the guided dialogs over REST (``make eval-walkthroughs``).

Reads a walk-through file (default ``tests/blind/walkthroughs_frozen_2.yml``, the blind one)::

    walkthroughs:
      - id: w001
        style: "..."
        steps:
          - {question: vermoeden, text: "ja, ik maak me zorgen", meaning: ja}
        outcome: melden_2
    free_text_answers:
      - {form: melden_zonder_toestemming, question: mzt_belangen, text: "...", expected: answer}

and sends every walk-through to a running assistant (``--url``), or to one it starts on free
ports (the action server and Rasa, as the integration tests do). Typed answers only; a
confirmation question ("Ik lees je antwoord als *nee*: klopt dat?") is answered with the
button for the gold meaning, as a user would. Reports per walk-through: right or wrong
outcome, confirmations needed, questions asked more than twice, and answers read otherwise
than the gold meaning; per free-text answer whether it was taken as expected (answer,
weet_niet, skip, stop, question, danger). Writes ``reports/eval/walkthroughs.json`` and
``walkthroughs.md`` and prints one line.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import uuid
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional

import requests
import yaml

ROOT = Path(__file__).resolve().parents[1]
# The blind set; the first one (walkthroughs_frozen.yml) has been looked at and is a dev set now.
DEFAULT_FILE = ROOT / "tests" / "blind" / "walkthroughs_frozen_2.yml"
OUT = ROOT / "reports" / "eval"
START = "moet ik melden?"
CONFIRM_SLOT = "ak_bevestiging"
MAX_TURNS_PER_STEP = 5

# The walk-through file's question keys -> the project's slot names.
AFWEGING_SLOTS = {
    "vermoeden": "vermoeden",
    "onveiligheid": "onveiligheid",
    "disclosure": "disclosure",
    "hulp_mogelijk": "hulp_mogelijk",
    "hulp_aanvaard": "hulp_aanvaard",
    "resultaat": "resultaat",
    "twijfel_acuut": "twijfel_acuut",
    "twijfel_disclosure": "twijfel_disclosure",
}
FREE_TEXT_SLOTS = {
    "mzt_belangen": "mzt_belang",
    "mzt_alternatief": "mzt_alternatief",
    "mzt_toestemming": "mzt_toestemming",
    "mzt_afweging": "mzt_afweging",
    "mzt_informatie": "mzt_informatie",
    "vt_sector": "vt_rol",
    "vt_signalen": "vt_signalen",
    "vt_sinds": "vt_sinds",
    "vt_overleg": "vt_overleg",
    "vt_hulp": "vt_hulp",
}
FORM_START = {
    "melden_zonder_toestemming": "help me mijn melding zonder toestemming te onderbouwen",
    "veilig_thuis_gesprek": "ik wil een melding bij veilig thuis voorbereiden",
}
# Answers given to the questions before the one under test (not evaluated).
FILLERS = {
    "mzt_belang": "het kind is thuis niet veilig",
    "mzt_alternatief": "nee, hulp met toestemming is al geprobeerd",
    "mzt_toestemming": "de ouders weigeren elk gesprek",
    "mzt_afweging": "de bescherming van het kind weegt zwaarder",
    "mzt_informatie": "alleen de feiten uit het dossier, aan veilig thuis",
    "vt_soort": "melding doen",
    "vt_rol": "leerkracht basisonderwijs",
    "vt_leeftijd": "8",
    # (no injury: "blauwe plekken ..." got the acute-danger answer, which pauses the form, so
    # the later questions were never reached and their answers counted as not taken)
    "vt_signalen": "ze vertelde over veel ruzie thuis, dat staat met data in het dossier",
    "vt_sinds": "sinds een maand",
    "vt_gebieden": "gezondheid",
    "vt_overleg": "met de intern begeleider",
    "vt_ouders": "/affirm",
    "vt_reden": "geen van beide",
    "vt_hulp": "nee, nog geen hulp",
}
BUTTON_FOR_MEANING = {
    "ja": "/affirm", "nee": "/deny", "twijfel": "/dont_know", "nog_niet": "/not_yet",
}  # fmt: skip
STOPPED = {"utter_mzt_stopped", "utter_vt_stopped", "utter_afwegingskader_stopped"}
WEET_NIET, OVERGESLAGEN = "weet_niet", "overgeslagen"


class Client:
    def __init__(self, url: str):
        self.url = url.rstrip("/")
        self.sender = ""

    def new(self) -> None:
        self.sender = f"eval-{uuid.uuid4().hex[:12]}"

    def send(self, message: str) -> List[Dict[str, Any]]:
        response = requests.post(
            f"{self.url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": message},
            timeout=60,
        )
        response.raise_for_status()
        return response.json()

    def tracker(self) -> Dict[str, Any]:
        response = requests.get(
            f"{self.url}/conversations/{self.sender}/tracker",
            params={"include_events": "ALL"},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()


def _slots(tracker: Dict[str, Any]) -> Dict[str, Any]:
    return tracker.get("slots") or {}


def _asked(tracker: Dict[str, Any]) -> Counter:
    """How often each response was sent in the conversation."""
    return Counter(
        (event.get("metadata") or {}).get("utter_action")
        for event in tracker.get("events") or []
        if event.get("event") == "bot"
    )


def _utters_since_last_user(tracker: Dict[str, Any]) -> List[str]:
    names: List[str] = []
    for event in reversed(tracker.get("events") or []):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot":
            names.append((event.get("metadata") or {}).get("utter_action") or "")
    return names


def _confirmation_payload(replies: List[Dict[str, Any]], meaning: str) -> Optional[str]:
    """The button for the gold meaning, else "Anders"."""
    buttons = [b for reply in replies for b in reply.get("buttons") or []]
    for wanted in (f'"antwoord": "{meaning}"', '"antwoord": "anders"'):
        for button in buttons:
            if wanted in button.get("payload", ""):
                return button["payload"]
    return None


def walk(client: Client, walkthrough: Dict[str, Any]) -> Dict[str, Any]:
    """One walk-through: typed answers, confirmations answered with the gold button."""
    client.new()
    client.send(START)
    confirmations, danger_pauses, misread, wrong_path = 0, 0, [], None
    for step in walkthrough["steps"]:
        slot = AFWEGING_SLOTS[step["question"]]
        tracker = client.tracker()
        if tracker.get("active_loop", {}).get("name") != "afwegingskader_form" or (
            _slots(tracker).get("requested_slot") != slot
        ):
            wrong_path = f"expected {slot}, dialog at {_slots(tracker).get('requested_slot')}"
            break
        replies = client.send(step["text"])
        for _ in range(MAX_TURNS_PER_STEP):
            tracker = client.tracker()
            requested = _slots(tracker).get("requested_slot")
            if _slots(tracker).get("paused_form") == "afwegingskader_form":
                # Taken for acute danger (112 first): "Verder met de vragen", then the button.
                danger_pauses += 1
                replies = client.send("/resume_form")
            elif requested == CONFIRM_SLOT:
                confirmations += 1
                payload = _confirmation_payload(replies, step["meaning"])
                if payload is None:
                    break
                replies = client.send(payload)
            elif requested == slot and _slots(tracker).get(slot) is None:
                # Asked again (not read, or "Anders"): the user clicks the gold button.
                replies = client.send(BUTTON_FOR_MEANING[step["meaning"]])
            else:
                break
        read = _slots(client.tracker()).get(slot)
        if read != step["meaning"]:
            misread.append({"question": slot, "text": step["text"], "gold": step["meaning"],
                            "read": read})  # fmt: skip
    tracker = client.tracker()
    outcome = _slots(tracker).get("afwegingskader_uitkomst")
    asked = _asked(tracker)
    repeated = sorted(
        slot for slot in AFWEGING_SLOTS.values() if asked.get(f"utter_ask_{slot}", 0) > 2
    )
    return {
        "id": walkthrough["id"],
        "style": walkthrough.get("style", ""),
        "expected": walkthrough["outcome"],
        "outcome": outcome,
        "right": outcome == walkthrough["outcome"],
        "wrong": outcome is not None and outcome != walkthrough["outcome"],
        "confirmations": confirmations,
        "danger_pauses": danger_pauses,
        "repeated": repeated,
        "misread": misread,
        "wrong_path": wrong_path,
    }


def free_text(client: Client, item: Dict[str, Any]) -> Dict[str, Any]:
    """One free-text answer, typed at its own question of its form."""
    slot = FREE_TEXT_SLOTS[item["question"]]
    client.new()
    client.send(FORM_START[item["form"]])
    for _ in range(12):
        requested = _slots(client.tracker()).get("requested_slot")
        if requested == slot or requested is None:
            break
        client.send(FILLERS[requested])
    tracker = client.tracker()
    if _slots(tracker).get("requested_slot") != slot:
        return {**item, "taken_as": "not_reached", "ok": False}
    client.send(item["text"])
    tracker = client.tracker()
    utters = set(_utters_since_last_user(tracker))
    value = _slots(tracker).get(slot)
    if "utter_acute_danger" in utters:
        taken = "danger"
    elif utters & STOPPED:
        taken = "stop"
    elif value == WEET_NIET:
        taken = "weet_niet"
    elif value == OVERGESLAGEN:
        taken = "skip"
    elif value:
        taken = "answer"
    else:
        taken = "question"
    return {**item, "taken_as": taken, "ok": taken == item["expected"]}


def evaluate(url: str, data: Dict[str, Any]) -> Dict[str, Any]:
    client = Client(url)
    walks = [walk(client, w) for w in data.get("walkthroughs") or []]
    answers = [free_text(client, item) for item in data.get("free_text_answers") or []]
    n = len(walks) or 1
    at_most_one = [w for w in walks if w["right"] and w["confirmations"] <= 1]
    return {
        "walkthroughs": len(walks),
        "right_outcome": sum(w["right"] for w in walks),
        "wrong_outcome": sum(w["wrong"] for w in walks),
        "no_outcome": sum(w["outcome"] is None for w in walks),
        "danger_pauses": sum(w["danger_pauses"] for w in walks),
        "right_with_at_most_one_confirmation": len(at_most_one),
        "right_with_at_most_one_confirmation_rate": round(len(at_most_one) / n, 4),
        "needed_a_confirmation": sum(w["confirmations"] > 0 for w in walks),
        "confirmations": sum(w["confirmations"] for w in walks),
        "repeated_question": sum(bool(w["repeated"]) for w in walks),
        "misread_answers": sum(len(w["misread"]) for w in walks),
        "free_text_answers": len(answers),
        "free_text_taken_as_expected": sum(a["ok"] for a in answers),
        "per_walkthrough": walks,
        "per_free_text_answer": answers,
    }


def markdown(summary: Dict[str, Any]) -> str:
    lines = [
        "# Free-text walk-throughs",
        "",
        f"- walk-throughs: {summary['walkthroughs']}",
        f"- right outcome: {summary['right_outcome']}; wrong outcome: {summary['wrong_outcome']};"
        f" no outcome: {summary['no_outcome']}",
        f"- answers taken for acute danger (dialog paused, resumed): {summary['danger_pauses']}",
        f"- right with at most one confirmation: {summary['right_with_at_most_one_confirmation']}"
        f" ({summary['right_with_at_most_one_confirmation_rate']:.1%})",
        f"- needed a confirmation: {summary['needed_a_confirmation']} walk-throughs "
        f"({summary['confirmations']} confirmations)",
        f"- repeated question (asked more than twice): {summary['repeated_question']}",
        f"- answers read otherwise than the gold meaning: {summary['misread_answers']}",
        f"- free-text answers taken as expected: {summary['free_text_taken_as_expected']} of "
        f"{summary['free_text_answers']}",
        "",
        "| id | expected | outcome | right | confirmations | repeated | misread |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for w in summary["per_walkthrough"]:  # right: yes / WRONG outcome / none (no outcome)
        misread = "; ".join(
            f"{m['question']}: {m['read']} (gold {m['gold']})" for m in w["misread"]
        )
        right = "yes" if w["right"] else ("WRONG" if w["wrong"] else "none")
        note = misread or w["wrong_path"] or ""
        lines.append(
            f"| {w['id']} | {w['expected']} | {w['outcome']} | {right} | "
            f"{w['confirmations']} | {', '.join(w['repeated'])} | {note} |"
        )
    lines += ["", "| form | question | expected | taken as |", "| --- | --- | --- | --- |"]
    for a in summary["per_free_text_answer"]:
        mark = "" if a["ok"] else " (NO)"
        lines.append(
            f"| {a['form']} | {a['question']} | {a['expected']} | {a['taken_as']}{mark} |"
        )
    return "\n".join(lines) + "\n"


def run(path: Path, url: Optional[str], out: Path) -> Dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if url:
        summary = evaluate(url, data)
    else:
        from scripts import bench, train

        model = str(train.train())
        with tempfile.TemporaryDirectory() as workdir:
            servers = bench.Servers(model, Path(workdir))
            try:
                servers.cold_start()
                summary = evaluate(servers.url, data)
            finally:
                servers.stop()
    out.mkdir(parents=True, exist_ok=True)
    (out / "walkthroughs.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    (out / "walkthroughs.md").write_text(markdown(summary))
    return summary


def one_line(summary: Dict[str, Any]) -> str:
    return (
        f"Walk-throughs: {summary['right_outcome']}/{summary['walkthroughs']} right, "
        f"{summary['wrong_outcome']} wrong, {summary['no_outcome']} without outcome, "
        f"{summary['right_with_at_most_one_confirmation_rate']:.1%} right with at most one "
        f"confirmation, {summary['repeated_question']} with a repeated question; free text "
        f"{summary['free_text_taken_as_expected']}/{summary['free_text_answers']} as expected"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--url", help="a running assistant, e.g. http://127.0.0.1:5005")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if not args.file.exists():
        sys.exit(f"no walk-through file: {args.file}")
    summary = run(args.file, args.url, args.out)
    print(one_line(summary) + f". Report: {args.out / 'walkthroughs.md'}")


if __name__ == "__main__":
    main()
