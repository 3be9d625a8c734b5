"""Real questions as the user sees them over REST (issue #14; part of ``make eval``).

Starts the action server and Rasa on free ports (as ``scripts/bench.py`` does), and sends every
question in a fresh conversation after a greeting ("hoi"). The first reply is classified:

- ``right``: an FAQ answer of an acceptable topic;
- ``choice``: a "bedoel je ...?" whose buttons contain an acceptable topic (for a question no
  topic covers, and for an out-of-scope message, any "bedoel je" is an honest choice);
- ``choice_miss``: a "bedoel je ...?" without an acceptable topic (nothing wrong was stated,
  but the user has to rephrase; reported apart, counted as "no answer" in the summary);
- ``wrong``: an FAQ answer of another topic, or any FAQ answer to a question no topic covers or
  to an out-of-scope message;
- ``none``: no FAQ answer and no choice (out-of-scope reply, fallback, or another dialog).

An FAQ answer is recognised by its text: the first paragraph of every ``utter_faq/<topic>``
response in ``domain/faq.yml`` (the REST channel sends each paragraph as its own message,
possibly after a safety line); a choice by its ``/choose_topic`` buttons.

Sets: the dev set (``tests/eval/real_questions_dev.yml``), the own out-of-scope dev list
(``tests/eval/out_of_scope_dev.yml``) and the old held-out file (``tests/nlu/faq_heldout.yml``);
with ``--blind`` also the frozen blind files in ``tests/blind/`` (for the lead, once).
``tests/eval/missing_covered.yml`` maps a ``missing`` description to the topic now covering it.

The parse result's ``faq_matcher.before`` also gives what the same model would have done
without the FAQ matcher (intent after the FallbackClassifier, the selector's top topics);
``--before`` reports that too ("matcher off", simulated from the parse).

Writes ``reports/eval/real_questions.json`` and ``real_questions.md``.
Usage: ``python -m scripts.eval_real_questions [--blind] [--sets dev,oos,heldout]``
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "reports" / "eval"
DEV = ROOT / "tests" / "eval" / "real_questions_dev.yml"
OOS_DEV = ROOT / "tests" / "eval" / "out_of_scope_dev.yml"
COVERED = ROOT / "tests" / "eval" / "missing_covered.yml"
HELD_OUT = ROOT / "tests" / "nlu" / "faq_heldout.yml"
BLIND = ROOT / "tests" / "blind" / "real_questions_test.yml"
BLIND_OOS = ROOT / "tests" / "blind" / "out_of_scope.yml"
OUTCOMES = ("right", "choice", "choice_miss", "wrong", "none")
TOPIC_PAYLOAD = re.compile(r'/choose_topic\{"topic":\s*"([a-z0-9_]+)"\}')

Case = Tuple[str, List[str]]  # (text, acceptable topics; [] = no topic covers it)


# ---- the question sets -------------------------------------------------------------------


def load_questions(path: Path, covered: Optional[Dict[str, List[str]]] = None) -> List[Case]:
    """A real-question file: ``questions: [{text, topics, missing?}]``."""
    covered = covered or {}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = []
    for item in data["questions"]:
        topics = list(item.get("topics") or []) or list(covered.get(item.get("missing"), []))
        cases.append((str(item["text"]), topics))
    return cases


def load_out_of_scope(path: Path) -> List[Case]:
    """An out-of-scope file: a list of messages (strings, or mappings with ``text``), at the top
    level or under ``messages`` / ``questions``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data = data.get("messages") or data.get("questions") or []
    texts = [item if isinstance(item, str) else item.get("text") for item in data]
    return [(str(t), []) for t in texts if t]


def load_held_out(path: Path = HELD_OUT) -> List[Case]:
    cases = []
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        topic = block["intent"].partition("/")[2]
        for line in block["examples"].splitlines():
            if line.startswith("- "):
                cases.append((line[2:].strip(), [topic]))
    return cases


# ---- recognising the reply ---------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(str(text or "").split()).casefold()


def answer_index(domain_faq: Path = ROOT / "domain" / "faq.yml") -> Dict[str, str]:
    """First paragraph of each FAQ answer (normalised) -> topic id."""
    responses = yaml.safe_load(domain_faq.read_text(encoding="utf-8"))["responses"]
    index: Dict[str, str] = {}
    for name, variants in responses.items():
        if not name.startswith("utter_faq/"):
            continue
        first = str(variants[0].get("text", "")).split("\n\n")[0]
        index[_norm(first)] = name.partition("/")[2]
    return index


def read_reply(messages: Sequence[dict], index: Dict[str, str]) -> Tuple[str, List[str]]:
    """("answer", [topic]) / ("choice", [topics]) / ("none", [])."""
    for message in messages:
        # A message may hold one paragraph or the whole answer.
        for paragraph in str(message.get("text") or "").split("\n\n"):
            topic = index.get(_norm(paragraph))
            if topic:
                return "answer", [topic]
    for message in messages:
        topics = [
            m.group(1)
            for button in message.get("buttons") or []
            for m in [TOPIC_PAYLOAD.search(str(button.get("payload", "")))]
            if m
        ]
        if topics:
            return "choice", topics
    return "none", []


def outcome(kind: str, topics: List[str], acceptable: List[str]) -> str:
    if kind == "answer":
        return "right" if acceptable and topics[0] in acceptable else "wrong"
    if kind == "choice":
        if not acceptable or any(t in acceptable for t in topics):
            return "choice"
        return "choice_miss"
    return "none"


def before_outcome(parse: dict, acceptable: List[str]) -> str:
    """What the model would have done without the FAQ matcher, from the parse result."""
    matcher = parse.get("faq_matcher")
    if not matcher:  # the matcher did not act: the intent is what it always was
        intent = (parse.get("intent") or {}).get("name")
        if intent == "faq":
            key = (parse.get("response_selector") or {}).get("default", {}).get("response", {})
            return outcome("answer", [str(key.get("intent_response_key", "")).partition("/")[2]],
                           acceptable)  # fmt: skip
        return "none"
    before = matcher.get("before") or {}
    selector = before.get("selector") or []
    if before.get("intent") == "faq" and selector:
        return outcome("answer", selector[:1], acceptable)
    if before.get("intent") == "nlu_fallback" and selector:
        return outcome("choice", selector[:2], acceptable)
    return "none"


# ---- talking to the servers --------------------------------------------------------------


def ask_all(url: str, cases: Iterable[Case], index: Dict[str, str]) -> List[dict]:
    import requests

    results = []
    with requests.Session() as http:
        for text, acceptable in cases:
            sender = f"eval-{uuid.uuid4().hex[:12]}"
            hook = f"{url}/webhooks/rest/webhook"
            greeting = http.post(hook, json={"sender": sender, "message": "hoi"}, timeout=60)
            greeting.raise_for_status()
            reply = http.post(hook, json={"sender": sender, "message": text}, timeout=60)
            reply.raise_for_status()
            kind, topics = read_reply(reply.json(), index)
            started = time.perf_counter()
            parse = http.post(f"{url}/model/parse", json={"text": text}, timeout=60).json()
            parse_ms = (time.perf_counter() - started) * 1000
            results.append({
                "text": text,
                "acceptable": acceptable,
                "reply": kind,
                "topics": topics,
                "outcome": outcome(kind, topics, acceptable),
                "before": before_outcome(parse, acceptable),
                "matcher": parse.get("faq_matcher"),
                "first_message": (reply.json() or [{}])[0].get("text", "")[:120],
                "parse_ms": round(parse_ms, 1),
            })  # fmt: skip
    return results


def summarise(results: List[dict], key: str = "outcome") -> Dict[str, float]:
    n = len(results) or 1
    counts = {o: sum(r[key] == o for r in results) for o in OUTCOMES}
    figures = {o: round(counts[o] / n, 4) for o in OUTCOMES}
    figures["right_plus_choice"] = round((counts["right"] + counts["choice"]) / n, 4)
    figures["n"] = len(results)
    if results and "parse_ms" in results[0]:
        figures["parse_p50_ms"] = round(statistics.median(r["parse_ms"] for r in results), 1)
    return figures


def write_report(report: Dict) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "real_questions.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    lines = [
        "# Real questions over REST",
        "",
        f"Model: `{report['model']}`",
        "",
        "| set | n | right | choice (right topic offered) | wrong | none "
        "| choice without right topic |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, data in report["sets"].items():
        for label, key in (("", "summary"), (" (matcher off)", "before")):
            if key not in data:
                continue
            f = data[key]
            lines.append(
                f"| {name}{label} | {f['n']} | {f['right']:.1%} | {f['choice']:.1%} | "
                f"{f['wrong']:.1%} | {f['none']:.1%} | {f['choice_miss']:.1%} |"
            )
    for name, data in report["sets"].items():
        bad = [r for r in data["results"] if r["outcome"] in ("wrong", "choice_miss")]
        lines += ["", f"## {name}: wrong answers and choices without a right topic", ""]
        lines += [
            f"- {r['outcome']}: \"{r['text']}\" -> {r['reply']} {r['topics']}"
            f" (acceptable: {r['acceptable'] or 'none'})"
            for r in bad
        ]
    (OUT / "real_questions.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(model: Path, sets: Dict[str, List[Case]], with_before: bool = True) -> Dict:
    import signal

    from scripts.bench import Servers

    # A terminated evaluation still stops the servers it started (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(SystemExit(143)))
    index = answer_index()
    report: Dict = {"model": str(model.relative_to(ROOT)), "sets": {}}
    with tempfile.TemporaryDirectory() as tmp:
        servers = Servers(str(model), Path(tmp))
        try:
            servers.cold_start()
            for name, cases in sets.items():
                started = time.monotonic()
                results = ask_all(servers.url, cases, index)
                entry = {"summary": summarise(results), "results": results,
                         "seconds": round(time.monotonic() - started, 1)}  # fmt: skip
                if with_before:
                    entry["before"] = summarise(results, "before")
                report["sets"][name] = entry
                print(f"{name}: {format_line(entry['summary'])}", flush=True)
        finally:
            servers.stop()
    return report


def format_line(f: Dict[str, float]) -> str:
    return (
        f"right {f['right']:.1%}, choice {f['choice']:.1%}, wrong {f['wrong']:.1%}, "
        f"none {f['none'] + f['choice_miss']:.1%} (of which choice without a right topic "
        f"{f['choice_miss']:.1%}), n={f['n']}, /model/parse p50 {f.get('parse_p50_ms', '-')} ms"
    )


def default_sets(blind: bool, names: Optional[Sequence[str]] = None) -> Dict[str, List[Case]]:
    covered = yaml.safe_load(COVERED.read_text(encoding="utf-8")) or {}
    sets = {
        "dev": lambda: load_questions(DEV, covered),
        "oos": lambda: load_out_of_scope(OOS_DEV),
        "heldout": load_held_out,
    }
    if blind:
        sets["blind"] = lambda: load_questions(BLIND, covered)
        sets["blind_oos"] = lambda: load_out_of_scope(BLIND_OOS)
    chosen = names or list(sets)
    return {name: sets[name]() for name in chosen}


def main() -> None:
    from scripts import train

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blind", action="store_true", help="also the frozen blind files")
    parser.add_argument("--sets", help="comma-separated subset, e.g. dev,oos")
    parser.add_argument("--model", type=Path, help="this model instead of the current one")
    args = parser.parse_args()
    model = args.model.resolve() if args.model else train.train()
    names = args.sets.split(",") if args.sets else None
    report = run(model, default_sets(args.blind, names))
    write_report(report)
    print(f"Report: {(OUT / 'real_questions.md').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
