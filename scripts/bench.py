"""Benchmark the assistant over HTTP (`make bench`; not part of `make test`).

Starts the action server and Rasa (SQLite tracker store, in-memory lock store, as `make run`)
on free ports and measures, in one run:

- cold start: from starting Rasa to the first answer;
- /model/parse p50 (the NLU floor);
- REST turns (p50/p95/p99, turns/s, errors) at 1, 10 and 50 concurrent conversations, closed
  loop and with 2 s think time (on average: 1-3 s, and the users start spread over the first
  2 s, as people do), using scripted conversations (FAQ questions, a full afwegingskader
  walk-through, a question in the middle of it);
- Rasa's resident memory (RSS) after warm-up;
- full training time (a fresh `rasa train` without cache; skip with --no-training).

Writes reports/bench/bench.json, bench.md and latency.png (with --workers N:
reports/bench/workers-N/), and prints the table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Dict, List

import yaml

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "reports" / "bench"
VENV_BIN = Path(sys.executable).parent

FAQ = [
    "mag ik melden zonder toestemming van de ouders?",
    "wat is disclosure?",
    "wat doet de vertrouwensinspecteur?",
    "hoe praat ik met ouders over mijn zorgen?",
    "wat is structurele onveiligheid?",
]
WALK = ["moet ik dit melden?", "/affirm", "wat is acute onveiligheid?", "/deny", "/deny", "/affirm"]
SCRIPTS = [FAQ[:3], WALK, FAQ[2:]]
GOALS = {
    "turn_p50_vs_parse_p50": "turn p50 <= 2x parse p50",
    "max_turns_per_s": ">= 60 turns/s per instance",
    "p95_50_think_ms": "p95 <= 100 ms at 50 conversations with 2 s think time",
    "rss_mb": "RSS <= 1024 MB per worker",
    "cold_start_s": "cold start <= 15 s",
}


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: List[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def say(text: str) -> None:
    print(text, flush=True)


def worker_pids(pid: int) -> List[int]:
    """The Sanic worker processes of a Rasa server started with SANIC_WORKERS > 1."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children] or [pid]


class Servers:
    def __init__(self, model: str, workdir: Path, workers: int = 1, debug: bool = False):
        self.env = {
            **os.environ,
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "MELDCODE_RATE_LIMIT": "off",  # every simulated user comes from 127.0.0.1
        }
        actions_port, self.port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
        endpoints["action_endpoint"]["url"] = f"http://127.0.0.1:{actions_port}/webhook"
        endpoints["tracker_store"]["db"] = str(workdir / "bench.db")
        if workers > 1:
            # Several Sanic workers need a lock store they share (Rasa refuses in-memory):
            # the project's Redis lock store, as in production (README, "Production").
            endpoints["lock_store"] = {
                "type": "addons.lock_store.AtomicRedisLockStore",
                "url": "127.0.0.1", "port": 6379, "db": 13, "key_prefix": "bench",
            }  # fmt: skip
            self.env["SANIC_WORKERS"] = str(workers)
        (workdir / "endpoints.yml").write_text(yaml.safe_dump(endpoints), encoding="utf-8")
        self.logs = workdir
        self.actions = self._start(
            ["run", "actions", "--actions", "actions", "--port", str(actions_port)], "actions"
        )
        self.started = time.monotonic()
        self.rasa = self._start(
            ["run", "--enable-api", "--interface", "127.0.0.1", "--port", str(self.port),
             "--model", model, "--endpoints", str(workdir / "endpoints.yml"),
             "--credentials", str(ROOT / "credentials.yml"), *(["--debug"] if debug else [])],
            "rasa",
        )  # fmt: skip

    def _start(self, arguments: List[str], name: str) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("w")
        return subprocess.Popen(
            [str(VENV_BIN / "rasa"), *arguments], cwd=ROOT, env=self.env,
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def cold_start(self, timeout: float = 300) -> float:
        """Seconds from starting Rasa to its first answer."""
        import requests

        while time.monotonic() - self.started < timeout:
            if self.rasa.poll() is not None:
                raise SystemExit(f"Rasa stopped; see {self.logs / 'rasa.log'}")
            try:
                reply = requests.post(
                    f"{self.url}/webhooks/rest/webhook",
                    json={"sender": "bench-cold", "message": "hoi"},
                    timeout=5,
                )
                if reply.ok and reply.json():
                    return time.monotonic() - self.started
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise SystemExit(f"Rasa did not answer within {timeout} s")

    def stop(self) -> None:
        for process in (self.rasa, self.actions):
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


async def parse_p50(url: str, rounds: int) -> float:
    import aiohttp

    times = []
    async with aiohttp.ClientSession() as session:
        for i in range(rounds):
            started = time.perf_counter()
            async with session.post(f"{url}/model/parse", json={"text": FAQ[i % len(FAQ)]}) as r:
                await r.read()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


async def load(url: str, concurrency: int, seconds: float, think: float) -> Dict[str, float]:
    """``concurrency`` users, each talking through the scripts for ``seconds``."""
    import aiohttp

    latencies: List[float] = []
    errors = 0
    deadline = time.monotonic() + seconds

    async def user(number: int) -> None:
        nonlocal errors
        if think:  # people do not start in the same instant: spread over the first think time
            await asyncio.sleep(random.uniform(0, think))
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
            turn = 0
            while time.monotonic() < deadline:
                script = SCRIPTS[(number + turn) % len(SCRIPTS)]
                sender = f"bench-{uuid.uuid4().hex[:10]}"
                for message in script:
                    if time.monotonic() >= deadline:
                        return
                    started = time.perf_counter()
                    try:
                        async with session.post(
                            f"{url}/webhooks/rest/webhook",
                            json={"sender": sender, "message": message},
                        ) as response:
                            body = await response.json()
                            if response.status != 200 or not body:
                                errors += 1
                    except (aiohttp.ClientError, asyncio.TimeoutError):
                        errors += 1
                    latencies.append((time.perf_counter() - started) * 1000)
                    if think:  # on average ``think`` seconds, not in step with the others
                        await asyncio.sleep(random.uniform(0.5 * think, 1.5 * think))
                turn += 1

    started = time.monotonic()
    await asyncio.gather(*(user(n) for n in range(concurrency)))
    elapsed = time.monotonic() - started
    return {
        "concurrency": concurrency,
        "think_s": think,
        "turns": len(latencies),
        "turns_per_s": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "p99_ms": percentile(latencies, 99),
        "errors": errors,
    }


def training_seconds(workdir: Path) -> float:
    say("Full training without cache (rasa train into a temporary folder) ...")
    started = time.monotonic()
    subprocess.run(
        [str(VENV_BIN / "rasa"), "train", "--config", "config.yml", "--domain", "domain",
         "--data", "data", "--out", str(workdir / "models"), "--fixed-model-name", "bench"],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false",
             "RASA_CACHE_DIRECTORY": str(workdir / "cache")},  # an empty cache
    )  # fmt: skip
    return time.monotonic() - started


def plot(results: List[Dict[str, float]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(7, 4))
    for think, label in ((0.0, "closed loop"), (2.0, "2 s think time")):
        rows = [r for r in results if r["think_s"] == think]
        for key, style in (("p50_ms", "-o"), ("p95_ms", "--s")):
            axis.plot(
                [r["concurrency"] for r in rows], [r[key] for r in rows], style,
                label=f"{label}, {key[:3]}",
            )  # fmt: skip
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("concurrent conversations")
    axis.set_ylabel("REST turn latency (ms)")
    axis.set_title("Meldcode-assistent: latency vs concurrency")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=120)


def markdown(report: Dict) -> str:
    lines = [
        "# Benchmark",
        "",
        f"Machine: {os.cpu_count()} cores. Model: `{Path(report['model']).name}`. "
        f"Sanic workers: {report['workers']}.",
        "",
        f"- cold start to first answer: {report['cold_start_s']:.1f} s",
        f"- /model/parse p50: {report['parse_p50_ms']:.1f} ms",
        f"- Rasa RSS after warm-up, per worker: {report['rss_mb']:.0f} MB",
        f"- max turns/s: {report['max_turns_per_s']:.1f}",
    ]
    if report.get("training_s") is not None:
        lines.append(f"- full training (no cache): {report['training_s']:.0f} s")
    lines += [
        "",
        "| conversations | think | turns | turns/s | p50 ms | p95 ms | p99 ms | errors |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in report["load"]:
        lines.append(
            f"| {r['concurrency']} | {r['think_s']:.0f} s | {r['turns']} | {r['turns_per_s']:.1f} "
            f"| {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | {r['p99_ms']:.0f} | {r['errors']} |"
        )
    lines += ["", "## Goals", ""]
    for key, text in GOALS.items():
        lines.append(f"- {text}: measured {report['goals'][key]}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20, help="per load level")
    parser.add_argument("--no-training", action="store_true", help="skip the training time")
    parser.add_argument(
        "--workers", type=int, default=1, help="Sanic workers (more than 1: Redis lock store)"
    )
    args = parser.parse_args()
    from scripts.train import model_path

    model = model_path()
    if not model.exists():
        raise SystemExit("No trained model: run 'make train' first.")
    out = REPORTS if args.workers == 1 else REPORTS / f"workers-{args.workers}"
    out.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="meldcode-bench-"))
    servers = Servers(str(model), workdir, args.workers)
    try:
        say("Starting the servers ...")
        cold = servers.cold_start()
        say(f"cold start: {cold:.1f} s; warming up ...")
        asyncio.run(load(servers.url, 5 * args.workers, 5, 0))
        workers = [servers.rasa.pid] if args.workers == 1 else worker_pids(servers.rasa.pid)
        rss = max(rss_mb(pid) for pid in workers)  # per worker
        say(f"Rasa RSS per worker: {rss:.0f} MB ({len(workers)} worker(s))")
        parse = asyncio.run(parse_p50(servers.url, 200))
        say(f"/model/parse p50: {parse:.1f} ms")
        results = []
        for think in (0.0, 2.0):
            for concurrency in (1, 10, 50):
                row = asyncio.run(load(servers.url, concurrency, args.seconds, think))
                results.append(row)
                say(
                    f"{concurrency:>3} conversations, think {think:.0f} s: "
                    f"{row['turns_per_s']:.1f} turns/s, p50 {row['p50_ms']:.0f} ms, "
                    f"p95 {row['p95_ms']:.0f} ms, p99 {row['p99_ms']:.0f} ms, "
                    f"errors {row['errors']}"
                )
    finally:
        servers.stop()
    training = None if args.no_training else training_seconds(workdir)
    shutil.rmtree(workdir, ignore_errors=True)

    closed_1 = next(r for r in results if r["concurrency"] == 1 and r["think_s"] == 0)
    think_50 = next(r for r in results if r["concurrency"] == 50 and r["think_s"] == 2)
    max_rate = max(r["turns_per_s"] for r in results)
    report = {
        "model": str(model),
        "workers": args.workers,
        "cold_start_s": cold,
        "parse_p50_ms": parse,
        "rss_mb": rss,
        "max_turns_per_s": max_rate,
        "training_s": training,
        "load": results,
    }
    report["goals"] = {
        "turn_p50_vs_parse_p50": f"{closed_1['p50_ms'] / parse:.1f}x "
        f"({closed_1['p50_ms']:.0f} ms vs {parse:.0f} ms)",
        "max_turns_per_s": f"{max_rate:.1f}",
        "p95_50_think_ms": f"{think_50['p95_ms']:.0f} ms",
        "rss_mb": f"{rss:.0f} MB",
        "cold_start_s": f"{cold:.1f} s",
    }
    (out / "bench.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    (out / "bench.md").write_text(markdown(report), encoding="utf-8")
    plot(results, out / "latency.png")
    say("\n" + markdown(report))
    say(f"Written: {out / 'bench.md'}, bench.json, latency.png")


if __name__ == "__main__":
    main()
