"""Shared test settings. Async tests run on asyncio through anyio's pytest plugin."""

import os

import pytest

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
# The servers the tests start get many messages from one address (127.0.0.1): no per-client
# rate limit there, except where a test sets one (tests/integration/test_production_settings.py).
os.environ.setdefault("MELDCODE_RATE_LIMIT", "off")


@pytest.fixture
def anyio_backend():
    return "asyncio"
