"""Project rules that no other tool checks."""

import ast
from pathlib import Path

import pytest

from tests.unit.helpers import domain_responses

ROOT = Path(__file__).resolve().parents[2]


def _python_files(folder: str):
    return sorted((ROOT / folder).rglob("*.py"))


def _response_literals(path: Path):
    """Every string literal passed as ``response=`` in a call."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg in ("response", "template"):
                    yield keyword.arg, keyword.value


@pytest.mark.parametrize("path", _python_files("actions"), ids=lambda p: p.name)
def test_every_response_used_in_code_exists_in_the_domain(path):
    responses = set(domain_responses())
    for arg, value in _response_literals(path):
        assert arg == "response", f"{path.name}: use response=, not template="
        if isinstance(value, ast.Constant):
            assert value.value in responses, f"{path.name}: unknown response {value.value}"


@pytest.mark.parametrize("path", _python_files("bot"), ids=lambda p: str(p.relative_to(ROOT)))
def test_bot_is_free_of_framework_imports(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            assert name.split(".")[0] not in ("rasa", "rasa_sdk", "sanic"), (
                f"{path.name} imports {name}: bot/ must stay framework-free"
            )
