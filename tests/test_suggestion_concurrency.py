"""Suggestion runs at the same moment, each on a connection of its own to the real database:
two on one document leave one set of suggestions; two naming the same unknown source in two
documents file it once."""

import pytest

from claims import services
from claims.models import Claim, Source
from tests.factories import DocumentFactory, ProjectFactory, SourceFactory
from tests.threads import at_once

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = (
    "Officials said the border was closed on Monday. "
    "Liu Huaming said the crossing would stay shut until March."
)


def suggest_at_once(documents) -> list:
    """The suggester over each document at the same moment; an error is an outcome the test reports."""
    calls = [lambda document=document: services.suggest_for_document(document) for document in documents]
    return at_once(*calls, caught=(Exception,))


def document(project, text: str):
    return DocumentFactory(project=project, text=text)


@pytest.mark.parametrize("attempt", range(3))
def test_two_runs_on_one_document_leave_one_set_of_suggestions(attempt):
    project = ProjectFactory()
    SourceFactory(project=project, name="Officials", kind="group")
    article = document(project, TEXT)
    reports = suggest_at_once([article, article])
    assert all(isinstance(report, services.SuggestionReport) for report in reports), reports
    assert sorted(report.replaced for report in reports) == [0, 2]
    assert Claim.objects.filter(document=article).count() == 2
    assert Source.objects.filter(name="Liu Huaming").count() == 1


@pytest.mark.parametrize("attempt", range(5))
def test_two_documents_naming_the_same_new_source_file_it_once(attempt):
    project = ProjectFactory()
    first = document(project, "Liu Huaming said the crossing would stay shut until March.")
    second = document(project, "Liu Huaming said the talks would resume on Friday morning.")
    reports = suggest_at_once([first, second])
    assert all(isinstance(report, services.SuggestionReport) for report in reports), reports
    (liu,) = Source.objects.filter(name="Liu Huaming")
    assert liu.needs_review
    assert list(Claim.objects.values_list("source_id", flat=True)) == [liu.pk, liu.pk]
    assert sorted(report.new_sources for report in reports) == [0, 1]
