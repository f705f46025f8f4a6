import json
from pathlib import Path

from django.core.management.base import CommandError


def read_fixture(path: Path, expected_format: str, items: str) -> list[dict]:
    """The list under ``items`` of a JSON file whose ``format`` is expected_format."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CommandError(f"cannot read {path}: {error}") from error
    if not isinstance(document, dict) or document.get("format") != expected_format:
        raise CommandError(f"{path} is not a {expected_format!r} file")
    if not isinstance(document.get(items), list):
        raise CommandError(f"{path}: {items!r} must be a list")
    return document[items]
