"""Shared test settings. Async tests run on asyncio through anyio's pytest plugin."""

import os

import pytest

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


@pytest.fixture
def anyio_backend():
    return "asyncio"
