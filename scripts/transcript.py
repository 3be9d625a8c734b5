"""Print a conversation with a running assistant, for demos and notes.

Usage: python -m scripts.transcript [--url http://localhost:5005] "hoi" "moet ik melden?" ...
Each argument is one user message; the replies are printed as the REST channel returns them.
"""

from __future__ import annotations

import argparse
import uuid

import requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:5005")
    parser.add_argument("messages", nargs="+")
    args = parser.parse_args()
    sender = f"transcript-{uuid.uuid4().hex[:8]}"
    for message in args.messages:
        print(f"> {message}")
        response = requests.post(
            f"{args.url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=60,
        )
        response.raise_for_status()
        for reply in response.json():
            for line in reply.get("text", "").splitlines():
                print(f"  {line}")
            if reply.get("buttons"):
                titles = " | ".join(f"[{b['title']}]" for b in reply["buttons"])
                print(f"  {titles}")
        print()


if __name__ == "__main__":
    main()
