"""Where a REST turn spends its CPU time (`make profile`; not part of `make test`).

Starts the servers as `make bench` does, warms up, then samples the Rasa process with py-spy
while conversations run (the bench's scripted conversations, one at a time by default).
Writes reports/profile/flamegraph.svg and top.md: per function, the share of samples in
which it was on the stack ("inclusive"), for the functions that take at least 1%.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path
from typing import List, Tuple

from scripts.bench import VENV_BIN, Servers, load, say

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "reports" / "profile"
_LINE = re.compile(r":\d+\)$")


def inclusive_shares(raw: str) -> Tuple[int, List[Tuple[str, float]]]:
    """From py-spy's raw (collapsed) output: samples, and (function, share) best first."""
    counts: Counter = Counter()
    total = 0
    for line in raw.splitlines():
        stack, _, number = line.rstrip().rpartition(" ")
        if not stack or not number.isdigit():
            continue
        total += int(number)
        for frame in {_LINE.sub(")", frame) for frame in stack.split(";")}:
            counts[frame] += int(number)
    return total, [(frame, n / total) for frame, n in counts.most_common()] if total else []


def record(pid: int, seconds: float, out: Path, rate: int, fmt: str) -> subprocess.Popen:
    return subprocess.Popen(
        [str(VENV_BIN / "py-spy"), "record", "--pid", str(pid), "--duration", str(int(seconds)),
         "--rate", str(rate), "--format", fmt, "--output", str(out), "--subprocesses"],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--conversations", type=int, default=1, help="concurrent conversations")
    parser.add_argument("--rate", type=int, default=200, help="samples per second")
    args = parser.parse_args()
    from scripts.train import model_path

    model = model_path()
    if not model.exists():
        raise SystemExit("No trained model: run 'make train' first.")
    REPORTS.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="meldcode-profile-"))
    servers = Servers(str(model), workdir)
    try:
        say("Starting the servers ...")
        servers.cold_start()
        asyncio.run(load(servers.url, 2, 5, 0))  # warm up
        say(f"Sampling Rasa for {args.seconds:.0f} s with py-spy ...")
        raw, svg = workdir / "raw.txt", REPORTS / "flamegraph.svg"
        samplers = [
            record(servers.rasa.pid, args.seconds, raw, args.rate, "raw"),
            record(servers.rasa.pid, args.seconds, svg, args.rate, "flamegraph"),
        ]
        result = asyncio.run(load(servers.url, args.conversations, args.seconds, 0))
        for sampler in samplers:
            sampler.wait(timeout=args.seconds + 60)
        total, shares = inclusive_shares(raw.read_text(encoding="utf-8"))
    finally:
        servers.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    lines = [
        "# Profile of the Rasa server",
        "",
        f"{result.get('turns', 0)} turns, {args.conversations} conversation(s) at a time, "
        f"{total} samples at {args.rate}/s. Share of samples with the function on the stack:",
        "",
        "| share | function (file) |",
        "| ---: | --- |",
    ]
    lines += [f"| {share:.1%} | `{frame}` |" for frame, share in shares if share >= 0.01]
    (REPORTS / "top.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    say("\n".join(lines[:40]))
    say(f"\nWritten: {REPORTS / 'top.md'} and {REPORTS / 'flamegraph.svg'}")


if __name__ == "__main__":
    main()
