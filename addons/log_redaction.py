"""Redact personal data from every log record, whatever logger or handler writes it.

Installed by the redacting tracker store when the Rasa server starts (not at import), so a
server configured by ``endpoints.yml`` never writes a typed name or phone number to a log.
"""

from __future__ import annotations

import logging

from bot import privacy

_MARK = "_meldcode_redacting"


def install() -> None:
    """Wrap the log record factory once; later calls change nothing."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, _MARK, False):
        return

    def redacting_factory(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logging's problem, not ours
            return record
        clean = privacy.redact(message).tekst
        if clean != message:
            record.msg, record.args = clean, None
        return record

    setattr(redacting_factory, _MARK, True)
    logging.setLogRecordFactory(redacting_factory)
