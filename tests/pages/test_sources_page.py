"""The source registry page: who sees it and who may change it, what each row shows, the order
and filters, escaping, and a fixed number of queries however big the registry."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.models import Role
from tests.factories import MembershipFactory, SourceFactory, UserFactory
from tests.pages.helpers import claim

pytestmark = pytest.mark.django_db


def url(queue, **params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("sources", args=[queue.project.pk]) + (f"?{query}" if query else "")


def names(response) -> list[str]:
    """The source names of the page's rows, in order."""
    return [source.name for source in response.context["page"].object_list]


@pytest.fixture
def registry(queue):
    """The queue's sources, with an outlet and its alias, an affiliated person and two entries
    the suggester proposed."""
    rfa = services.create_source(queue.project, name="Radio Free Asia", kind="outlet", aliases=["RFA"])
    services.update_source(queue.sources["Liu Huaming"], affiliation=rfa)
    services.create_source(queue.project, name="If", kind="person", needs_review=True)
    services.create_source(queue.project, name="Earlier this year Yin Gang", kind="person", needs_review=True)
    return queue


def test_anonymous_visitors_are_sent_to_sign_in(registry, client_for):
    response = client_for().get(url(registry))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url(registry)}"


def test_a_project_the_user_is_not_a_member_of_answers_404(registry, client_for):
    assert client_for(registry.outsider).get(url(registry)).status_code == 404
    assert client_for(registry.reviewer).get(reverse("sources", args=[999_999])).status_code == 404


def test_entries_needing_review_come_first_then_by_name(registry, client_for):
    response = client_for(registry.annotator).get(url(registry))
    assert response.status_code == 200
    assert names(response) == [
        "Earlier this year Yin Gang",
        "If",
        "a second source",
        "a spokesman",
        "Liu Huaming",
        "official figures",
        "Officials",
        "Police",
        "Radio Free Asia",
        "Unused outlet",
    ]
    html = response.content.decode()
    assert 'Sources: <span id="source-count">10</span>' in html
    assert 'needing review: <span id="review-count">2</span>' in html


def test_each_row_shows_kind_affiliation_aliases_claims_and_the_review_flag(registry, client_for):
    html = client_for(registry.annotator).get(url(registry)).content.decode()
    liu = html[html.index('aria-label="Source Liu Huaming"') :].split("</tr>")[0]
    assert '<td class="kind source-kind">person</td>' in liu
    rfa = registry.project.sources.get(name="Radio Free Asia")
    assert f'<td class="affiliation" data-affiliation="{rfa.pk}">Radio Free Asia</td>' in liu
    assert '<td class="num claims claim-count">1</td>' in liu
    assert re.search(r'<span class="flag" hidden', liu)
    outlet = html[html.index('aria-label="Source Radio Free Asia"') :].split("</tr>")[0]
    assert '<span class="alias-name">RFA</span>' in outlet
    assert '<span class="alias-name">Radio Free Asia</span>' not in outlet  # the name is no alias
    assert '<td class="num claims claim-count">0</td>' in outlet
    proposed = html[html.index('aria-label="Source If"') :].split("</tr>")[0]
    assert re.search(r'<span class="flag" title="[^"]*">needs review</span>', proposed)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"review": "needed"}, ["Earlier this year Yin Gang", "If"]),
        ({"kind": "group"}, ["Officials", "Police"]),
        ({"q": "rfa"}, ["Radio Free Asia"]),  # by an alias
        ({"q": "SPOKES"}, ["a spokesman"]),
        ({"q": "if", "review": "needed"}, ["If"]),
    ],
)
def test_filters(registry, client_for, params, expected):
    assert names(client_for(registry.annotator).get(url(registry, **params))) == expected


def test_the_search_ignores_case_beyond_ascii_and_normal_form_best_match_first(registry, client_for):
    for name in ["Bund der Ärzte", "Ärzte Zeitung", "Ärzte", "José Pérez", "Jose Perez"]:
        services.create_source(registry.project, name=name, kind="outlet")
    services.create_source(registry.project, name="Ärztekammer", kind="group", needs_review=True)
    client = client_for(registry.annotator)
    # the exact name, then those starting with it (needing review first among them), then the rest
    assert names(client.get(url(registry, q="ärzte"))) == [
        "Ärzte",
        "Ärztekammer",
        "Ärzte Zeitung",
        "Bund der Ärzte",
    ]
    assert names(client.get(url(registry, q="Jose\u0301"))) == ["José Pérez"]


def test_an_invalid_filter_is_reported_and_not_applied(registry, client_for):
    response = client_for(registry.annotator).get(url(registry, kind="celebrity", review="needed"))
    assert response.status_code == 200
    assert "This filter is left at its default" in response.content.decode()
    assert names(response) == ["Earlier this year Yin Gang", "If"]


def test_annotators_read_the_registry_without_actions(registry, client_for):
    html = client_for(registry.annotator).get(url(registry)).content.decode()
    assert "Changing the registry needs the reviewer role" in html
    for control in ['data-action="edit"', "remove-alias", 'id="merge-panel"', "sources.js"]:
        assert control not in html


def test_reviewers_edit_and_merge_but_only_managers_delete(registry, client_for):
    reviewer = client_for(registry.reviewer).get(url(registry))
    html = reviewer.content.decode()
    assert "Changing the registry needs the reviewer role" not in html
    assert html.count('data-action="edit"') == html.count('data-action="merge"') == 10
    assert html.count('data-action="reviewed"') == 10 and html.count('data-action="reviewed" hidden') == 8
    assert 'data-action="delete"' not in html and 'id="delete-panel"' in html
    assert (
        '<button type="button" class="link remove-alias" data-alias="RFA" aria-label="Remove alias RFA"'
        in html
    )
    assert '<option value="Radio Free Asia" data-source=' in html  # a merge target
    assert "claims/sources.js" in html

    manager = MembershipFactory(project=registry.project, role=Role.MANAGER).user
    staff = UserFactory(is_staff=True, is_superuser=True)
    for user in (manager, staff):
        assert client_for(user).get(url(registry)).content.decode().count('data-action="delete"') == 10


def test_in_a_blind_project_an_annotator_counts_only_the_claims_they_may_see(registry, client_for):
    registry.project.blind = True
    registry.project.save()
    officials = registry.sources["Officials"]  # its one claim is the reviewer's
    claim(registry.border, "Beijing has tightened checks", officials, registry.annotator)

    def officials_count(user) -> int:
        response = client_for(user).get(url(registry, q="Officials"))
        return response.context["page"].object_list[0].claim_count

    assert (officials_count(registry.annotator), officials_count(registry.reviewer)) == (1, 2)


def test_markup_in_names_and_aliases_is_shown_as_text(registry, client_for):
    services.create_source(
        registry.project,
        name="<script>alert(1)</script>",
        kind="person",
        aliases=['<img src=x onerror="alert(2)">'],
        needs_review=True,
    )
    html = client_for(registry.reviewer).get(url(registry)).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert '<span class="source-name">&lt;script&gt;alert(1)&lt;/script&gt;</span>' in html
    assert 'data-name="&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert '<span class="alias-name">&lt;img src=x onerror=&quot;alert(2)&quot;&gt;</span>' in html
    assert '<option value="&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_every_member_has_the_sources_tab(registry, client_for):
    for user in (registry.annotator, registry.reviewer):
        documents = client_for(user).get(reverse("documents", args=[registry.project.pk])).content.decode()
        assert f'href="/projects/{registry.project.pk}/sources/">Sources</a>' in documents
    page = client_for(registry.annotator).get(url(registry)).content.decode()
    assert f'href="/projects/{registry.project.pk}/sources/" aria-current="page">Sources</a>' in page


def _grow(queue, count: int) -> None:
    """count more sources, each with two aliases, an affiliation and a claim."""
    police = queue.sources["Police"]
    for n in range(count):
        source = SourceFactory(project=queue.project, name=f"Grown {count} {n}", needs_review=n % 2 == 0)
        services.update_source(
            source, aliases=[f"G{count}-{n}", f"Grown alias {count} {n}"], affiliation=police
        )
        claim(queue.border, "Police say that", source, queue.annotator)


def _queries_for(queue, client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(queue))
    assert response.status_code == 200
    return len(queries), len(response.context["page"].object_list)


def test_queries_do_not_grow_with_the_sources_on_the_page(registry, client_for):
    client = client_for(registry.reviewer)
    client.get(url(registry))  # the session's first request
    _grow(registry, 3)
    few, shown_few = _queries_for(registry, client)
    _grow(registry, 40)
    many, shown_many = _queries_for(registry, client)
    assert (shown_few, shown_many) == (13, 53)
    assert few == many, (few, many)
    assert many <= 10, many


def test_the_edit_form_takes_an_affiliation_from_the_projects_entries(registry, client_for):
    """The affiliation field picks from the list of every entry of the project (the merge
    targets), and says how to clear it; sources.js sends the change to the API."""
    html = client_for(registry.reviewer).get(url(registry)).content.decode()
    form = html[html.index('<template id="edit-panel">') :].split("</template>")[0]
    assert re.search(r'<label>Affiliation <input type="text" name="affiliation" list="merge-targets"', form)
    assert "An empty affiliation removes it." in form
    entries = html[html.index('<datalist id="merge-targets">') :].split("</datalist>")[0]
    assert entries.count("<option") == registry.project.sources.count()
    assert 'name="affiliation"' not in client_for(registry.annotator).get(url(registry)).content.decode()


def test_a_cleared_affiliation_shows_as_none(registry, client_for):
    liu = registry.sources["Liu Huaming"]
    services.update_source(liu, clear_affiliation=True, actor=registry.reviewer)
    html = client_for(registry.annotator).get(url(registry)).content.decode()
    row = html[html.index('aria-label="Source Liu Huaming"') :].split("</tr>")[0]
    assert '<td class="affiliation" data-affiliation=""><span class="muted">–</span></td>' in row
