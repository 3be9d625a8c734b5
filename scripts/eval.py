"""Evaluate the NLU on data it was not trained on (``make eval``).

1. Held-out FAQ questions (``tests/nlu/faq_heldout.yml``, never in the training data): top-1
   topic accuracy, macro F1 and F1 per topic, the fallback rate, and a confusion-matrix PNG.
2. Acute danger: recall on held-out danger messages, precision against ordinary messages
   (``scripts/eval_danger.py``).
3. Personal data: redaction recall and precision on a held-out set (``scripts/eval_privacy.py``).
4. Real questions over REST, as the user sees them (``scripts/eval_real_questions.py``): the
   dev set, the own out-of-scope dev list and the held-out file: right / "bedoel je"-choice with
   a right topic / wrong / no answer. The frozen blind files only with ``--blind``.
5. 5-fold cross-validation of the NLU on the training data (``rasa test nlu``).

Writes ``reports/eval/summary.json`` + ``summary.md`` and prints a one-line summary.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from scripts import eval_danger, eval_privacy, eval_real_questions, train

ROOT = train.ROOT
HELD_OUT = ROOT / "tests" / "nlu" / "faq_heldout.yml"
OUT = ROOT / "reports" / "eval"
FALLBACK = "nlu_fallback"


def held_out_examples(path: Path = HELD_OUT) -> List[Tuple[str, str]]:
    """(text, expected full intent such as 'faq/meldnormen')."""
    pairs = []
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        for line in block["examples"].splitlines():
            if line.startswith("- "):
                pairs.append((line[2:].strip(), block["intent"]))
    return pairs


def predicted_label(parse: dict) -> str:
    """The full intent the assistant acts on: faq/<topic> for FAQ, else the intent name."""
    intent = parse["intent"]["name"]
    if intent == "faq":
        response = parse.get("response_selector", {}).get("default", {}).get("response", {})
        return response.get("intent_response_key") or "faq"
    return intent


async def _parse_all(model: Path, texts: List[str]) -> List[dict]:
    from rasa.core.agent import load_agent

    agent = await load_agent(model_path=str(model))
    return [await agent.parse_message(text) for text in texts]


def parse_texts(model: Path, texts: List[str]) -> Tuple[Dict[str, dict], float]:
    """Every text parsed once by the model (loaded once), and the seconds the parsing took."""
    unique = list(dict.fromkeys(texts))
    started = time.monotonic()
    parsed = asyncio.run(_parse_all(model, unique))
    return dict(zip(unique, parsed, strict=True)), time.monotonic() - started


def evaluate_held_out(pairs: List[Tuple[str, str]], parsed: Dict[str, dict]) -> Dict:
    from sklearn.metrics import classification_report, f1_score

    texts = [text for text, _ in pairs]
    expected = [label for _, label in pairs]
    predicted = [predicted_label(parsed[text]) for text in texts]
    topics = sorted(set(expected))
    report = classification_report(
        expected, predicted, labels=topics, output_dict=True, zero_division=0
    )
    accuracy = sum(e == p for e, p in zip(expected, predicted, strict=True)) / len(pairs)
    fallback_rate = sum(p == FALLBACK for p in predicted) / len(pairs)
    errors = [
        {"text": t, "expected": e, "predicted": p}
        for t, e, p in zip(texts, expected, predicted, strict=True)
        if e != p
    ]
    _confusion_png(expected, predicted, topics + [FALLBACK], OUT / "heldout_confusion.png")
    return {
        "examples": len(pairs),
        "topics": len(topics),
        "top1_accuracy": round(accuracy, 4),
        "macro_f1": round(f1_score(expected, predicted, labels=topics, average="macro"), 4),
        "fallback_rate": round(fallback_rate, 4),
        "f1_per_topic": {t: round(report[t]["f1-score"], 3) for t in topics},
        "errors": errors,
        "confusion_png": str((OUT / "heldout_confusion.png").relative_to(ROOT)),
    }


def evaluate_danger(dangerous: List[str], ordinary: List[str], parsed: Dict[str, dict]) -> Dict:
    def flagged(texts: List[str]) -> List[bool]:
        return [parsed[t]["intent"]["name"] == eval_danger.danger.INTENT for t in texts]

    figures = eval_danger.score(dangerous, flagged(dangerous), ordinary, flagged(ordinary))
    figures["patterns_only"] = eval_danger.patterns_only(dangerous, ordinary)
    return figures


def _confusion_png(expected: List[str], predicted: List[str], labels: List[str], path: Path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import confusion_matrix

    other = "(ander intent)"
    names = labels + [other]
    predicted = [p if p in labels else other for p in predicted]
    matrix = confusion_matrix(expected, predicted, labels=names)
    short = [n.removeprefix("faq/") for n in names]
    fig, ax = plt.subplots(figsize=(16, 14))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(names)), short, rotation=90, fontsize=7)
    ax.set_yticks(range(len(names)), short, fontsize=7)
    ax.set_xlabel("voorspeld")
    ax.set_ylabel("verwacht")
    ax.set_title("Held-out FAQ-vragen: verwacht tegen voorspeld")
    for (row, col), value in __import__("numpy").ndenumerate(matrix):
        if value:
            ax.text(
                col,
                row,
                str(value),
                ha="center",
                va="center",
                fontsize=6,
                color="white" if value > matrix.max() / 2 else "black",
            )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def cross_validate(folds: int) -> Dict:
    out = OUT / "crossval"
    cmd = [
        sys.executable,
        "-m",
        "rasa",
        "test",
        "nlu",
        "--nlu",
        "data/nlu",
        "--config",
        "config.yml",
        "--cross-validation",
        "--folds",
        str(folds),
        "--out",
        str(out),
    ]
    print(
        f"Cross-validation: {folds} folds, each trains the NLU once (several minutes) ...",
        flush=True,
    )
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    (OUT / "crossval.log").write_text(result.stdout + result.stderr)
    if result.returncode != 0:
        sys.exit(f"Cross-validation failed; see {OUT / 'crossval.log'}")
    figures: Dict = {}
    for name, key in (
        ("intent_report.json", "intent"),
        ("response_selection_report.json", "response_selection"),
    ):
        path = out / name
        if path.exists():
            data = json.loads(path.read_text())
            figures[key] = {
                "accuracy": round(data.get("accuracy", 0.0), 4),
                "macro_f1": round(data.get("macro avg", {}).get("f1-score", 0.0), 4),
            }
    return figures


def write_reports(summary: Dict) -> None:
    (OUT / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    held = summary["held_out"]
    lines = [
        "# NLU evaluation",
        "",
        f"Model: `{summary['model']}`, spaCy pipeline `{summary['spacy_pipeline']}`",
        "",
        "## Held-out FAQ questions (never trained on)",
        f"- examples: {held['examples']} over {held['topics']} topics",
        f"- top-1 topic accuracy: {held['top1_accuracy']:.1%}",
        f"- macro F1: {held['macro_f1']:.3f}",
        f"- fallback rate: {held['fallback_rate']:.1%}",
        f"- confusion matrix: `{held['confusion_png']}`",
        "",
        "| topic | F1 |",
        "| --- | --- |",
        *[f"| {t} | {f:.2f} |" for t, f in held["f1_per_topic"].items()],
        "",
        "### Misses",
        *[
            f'- "{e["text"]}": expected {e["expected"]}, got {e["predicted"]}'
            for e in held["errors"]
        ],
    ]
    risk = summary["danger"]
    patterns = risk["patterns_only"]
    lines += [
        "",
        "## Acute danger (tests/safety/danger_heldout.yml + held-out FAQ questions)",
        f"- recall: {risk['recall']:.1%} of {risk['danger_examples']} danger messages",
        f"- precision: {risk['precision']:.1%}; false alarms on "
        f"{risk['ordinary_examples']} ordinary messages: {risk['false_alarm_rate']:.1%}",
        f"- patterns of bot/danger.py alone: recall {patterns['recall']:.1%}, "
        f"precision {patterns['precision']:.1%}",
        "",
        "### Missed",
        *[f"- {t}" for t in risk["missed"]],
        "",
        "### False alarms",
        *[f"- {t}" for t in risk["false_alarms"]],
    ]
    pii, false = summary["privacy"], summary["false_redactions"]
    lines += [
        "",
        "## Personal-data redaction (tests/privacy/pii_heldout.yml + held-out FAQ questions)",
        f"- recall: {pii['recall']:.1%} of {pii['planted']} planted values",
        f"- precision: {pii['precision']:.1%} of {pii['hits']} hits",
        "- false redactions in the held-out FAQ questions: "
        f"{false['rate']:.2%} of {false['words']} words",
        "",
        "### Missed",
        *[f"- {m}" for m in pii["missed"]],
        "",
        "### False hits",
        *[f"- {m}" for m in pii["false_hits"]],
    ]
    if "real_questions" in summary:
        lines += ["", "## Real questions over REST (reports/eval/real_questions.md)", "",
                  "| set | n | right | choice | wrong | none | choice without right topic |",
                  "| --- | --- | --- | --- | --- | --- | --- |"]  # fmt: skip
        for name, f in summary["real_questions"].items():
            lines.append(
                f"| {name} | {f['n']} | {f['right']:.1%} | {f['choice']:.1%} | "
                f"{f['wrong']:.1%} | {f['none']:.1%} | {f['choice_miss']:.1%} |"
            )
    if "cross_validation" in summary:
        lines += ["", f"## {summary['folds']}-fold cross-validation (training data)"]
        for key, figures in summary["cross_validation"].items():
            lines.append(
                f"- {key}: accuracy {figures['accuracy']:.1%}, macro F1 {figures['macro_f1']:.3f}"
            )
    (OUT / "summary.md").write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-crossval", action="store_true", help="held-out evaluation only")
    parser.add_argument("--no-rest", action="store_true", help="skip the real questions over REST")
    parser.add_argument(
        "--blind", action="store_true", help="also the frozen blind sets (the lead, once)"
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    model = train.train()
    pairs = held_out_examples()
    faq_texts = [text for text, _ in pairs]
    dangerous, ordinary = eval_danger.load(pairs)
    parsed, seconds = parse_texts(model, [*faq_texts, *dangerous, *ordinary])
    summary: Dict = {
        "model": str(model.relative_to(ROOT)),
        "spacy_pipeline": train.spacy_pipeline(),
        # one model load, then every held-out text (FAQ, danger, ordinary) parsed once
        "parse_seconds": round(seconds, 1),
        "parsed_texts": len(parsed),
        "held_out": evaluate_held_out(pairs, parsed),
        "danger": evaluate_danger(dangerous, ordinary, parsed),
        "privacy": eval_privacy.evaluate(faq_texts),
        "false_redactions": eval_privacy.false_redaction_rate(faq_texts),
    }
    if not args.no_rest:
        rest = eval_real_questions.run(model, eval_real_questions.default_sets(args.blind))
        eval_real_questions.write_report(rest)
        summary["real_questions"] = {name: data["summary"] for name, data in rest["sets"].items()}
    if not args.no_crossval:
        summary["folds"] = args.folds
        summary["cross_validation"] = cross_validate(args.folds)
    write_reports(summary)
    held = summary["held_out"]
    line = (
        f"Held-out: top-1 {held['top1_accuracy']:.1%}, macro F1 {held['macro_f1']:.3f}, "
        f"fallback {held['fallback_rate']:.1%} ({held['examples']} questions)"
    )
    risk = summary["danger"]
    line += f"; danger recall {risk['recall']:.1%}, precision {risk['precision']:.1%}"
    pii = summary["privacy"]
    line += f"; PII recall {pii['recall']:.1%}, precision {pii['precision']:.1%}"
    line += f", false redactions {summary['false_redactions']['rate']:.2%} of FAQ words"
    for name, figures in summary.get("real_questions", {}).items():
        line += f"; REST {name}: right {figures['right']:.1%}, wrong {figures['wrong']:.1%}"
    for key, figures in summary.get("cross_validation", {}).items():
        line += f"; CV {key} {figures['accuracy']:.1%}"
    print(line + f". Report: {(OUT / 'summary.md').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
