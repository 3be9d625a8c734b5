"""Showing what a user typed inside a bot message: as written, never as markup.

Bot messages use a little Markdown (``**vet**``, ``[tekst](https://...)``, ``- `` lists; the
web widget and Teams render it). A summary that echoes an answer such as
``[klik](https://evil.example/login)`` would turn it into a live link. ``escape`` puts a
backslash before every character that could start markup; the widget (``web/src/widget.js``)
and Teams show ``\\[`` as ``[``. Used by every summary that echoes free text (melden zonder
toestemming, the Veilig Thuis call preparation). The redaction's own placeholders ("[NAAM]")
stay as they are, so a summary reads the same in every channel; not before a "(", where they
would be the text of a link.
"""

from __future__ import annotations

import re

from bot.privacy import PLACEHOLDERS

SPECIAL = "\\`*_[]<>#|~"
_SPECIAL = re.compile("([" + re.escape(SPECIAL) + "])")
_LINE_START = re.compile(r"^(\s*)([-+]|\d+\.)(?=\s)", re.MULTILINE)
_ESCAPED_PLACEHOLDER = re.compile(
    "(?:" + "|".join(re.escape("\\[" + p[1:-1] + "\\]") for p in PLACEHOLDERS) + r")(?!\s*\()"
)


def escape(text: str) -> str:
    """``text`` with Markdown made inert (backslash escapes), to be shown as typed."""
    escaped = _SPECIAL.sub(r"\\\1", text)
    escaped = _ESCAPED_PLACEHOLDER.sub(lambda m: m.group(0).replace("\\", ""), escaped)
    return _LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), escaped)


def _escape_marker(marker: str) -> str:
    return marker[:-1] + "\\." if marker.endswith(".") else "\\" + marker
