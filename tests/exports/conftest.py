import pytest

from tests.exports.factories import build_annotated_project


@pytest.fixture
def annotated(db):
    return build_annotated_project()
