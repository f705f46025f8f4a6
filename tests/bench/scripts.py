"""The benchmark scripts, imported as modules for their tests."""

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def load_script(name: str):
    """bench/<name>.py as a module, imported as when run as a script: with bench/ on the path
    for the modules beside it (common.py, browser.py)."""
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(BENCH))
        spec.loader.exec_module(module)
    return module
