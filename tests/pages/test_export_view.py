import pytest
from django.urls import reverse

from tests.pages.helpers import document

pytestmark = pytest.mark.django_db


def url(queue, query: str = "") -> str:
    return reverse("export", args=[queue.project.pk]) + (f"?{query}" if query else "")


def api_url(queue, query: str) -> str:
    return f"/api/projects/{queue.project.pk}/export/?{query}"


def test_anonymous_visitors_are_sent_to_sign_in(queue, client_for):
    response = client_for().get(url(queue))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_a_project_the_user_is_not_a_member_of_answers_404(queue, client_for):
    assert client_for(queue.outsider).get(url(queue)).status_code == 404


def test_the_page_describes_the_four_formats_and_the_filters(queue, client_for):
    response = client_for(queue.annotator).get(url(queue))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ["json", "jsonl", "w3c", "csv"]:
        assert f'<input type="radio" name="format" value="{name}"' in html
    assert '<input type="radio" name="format" value="json" checked>' in html
    assert "AnnotationCollection" in html and "one claim a line" in html
    for status in ["suggested", "pending", "approved", "rejected"]:
        assert f'<input type="checkbox" name="status" value="{status}">' in html
    assert "Police (group)" in html and "Unused outlet" not in html
    assert "Kazakhs detained in Xinjiang" in html
    assert 'aria-current="page">Export</a>' in html
    assert "Export link" not in html


def test_download_redirects_to_the_api_export_without_empty_filters(queue, client_for):
    client = client_for(queue.annotator)
    response = client.get(
        url(queue, "format=csv&status=approved&status=pending&source=&document=&go=download")
    )
    assert response.status_code == 302
    assert response["Location"] == api_url(queue, "format=csv&status=approved&status=pending")
    police, border = queue.sources["Police"].pk, queue.border.pk
    response = client.get(url(queue, f"format=w3c&source={police}&document={border}&go=download"))
    assert response["Location"] == api_url(queue, f"format=w3c&source={police}&document={border}")


def test_show_link_renders_the_link_and_keeps_the_choices(queue, client_for):
    client = client_for(queue.annotator)
    response = client.get(url(queue, "format=jsonl&status=rejected&source=&document=&go=link"))
    assert response.status_code == 200
    html = response.content.decode()
    link = api_url(queue, "format=jsonl&amp;status=rejected")
    assert f'<a id="export-url" href="{link}">http://testserver{link}</a>' in html
    assert '<input type="radio" name="format" value="jsonl" checked>' in html
    assert '<input type="checkbox" name="status" value="rejected" checked>' in html
    body = b"".join(client.get(api_url(queue, "format=jsonl&status=rejected")).streaming_content)
    assert body == b""


def test_invalid_choices_are_reported_not_linked(queue, client_for):
    client = client_for(queue.annotator)
    response = client.get(url(queue, "format=xml&status=maybe&go=download"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice. xml is not one of the available choices." in html
    assert "Export link" not in html


def test_a_document_of_the_project_without_claims_can_be_chosen(queue, client_for):
    quiet = document(queue.project, "A quiet day <b>", "Nothing here is attributed.")
    response = client_for(queue.annotator).get(url(queue, f"format=json&document={quiet.pk}&go=download"))
    assert response["Location"] == api_url(queue, f"format=json&document={quiet.pk}")
    html = client_for(queue.annotator).get(url(queue)).content.decode()
    assert "A quiet day &lt;b&gt;" in html
