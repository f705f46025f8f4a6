"""The w3c format against the MUST rules of the W3C Web Annotation Data Model
(https://www.w3.org/TR/annotation-model/) that apply to it, one rule a test, and the
content each annotation carries."""

import json
import re
from unittest.mock import ANY
from urllib.parse import urlsplit

import pytest

from claims.exports.w3c_export import text_quote_selector
from claims.models import Document
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ANNO = "http://www.w3.org/ns/anno.jsonld"
BASE = "https://claims.example.org/app/"
# The model's motivations (§3.3.5), also the values of purpose.
MOTIVATIONS = {
    "assessing",
    "bookmarking",
    "classifying",
    "commenting",
    "describing",
    "editing",
    "highlighting",
    "identifying",
    "linking",
    "moderating",
    "questioning",
    "replying",
    "tagging",
}
SELECTOR_TYPES = {
    "FragmentSelector",
    "CssSelector",
    "XPathSelector",
    "TextQuoteSelector",
    "TextPositionSelector",
    "DataPositionSelector",
    "SvgSelector",
    "RangeSelector",
}
XSD_DATETIME_UTC = re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")


def is_absolute_iri(value) -> bool:
    if not isinstance(value, str) or any(character.isspace() for character in value):
        return False
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc)


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def types_of(resource: dict) -> list:
    return as_list(resource.get("type", []))


@pytest.fixture
def collection(annotated) -> dict:
    return json.loads(annotated.export("w3c", base_url=BASE))


@pytest.fixture
def page(collection) -> dict:
    return collection["first"]


@pytest.fixture
def items(page) -> list[dict]:
    return page["items"]


def selectors(annotation: dict) -> list[dict]:
    return [selector for target in as_list(annotation["target"]) for selector in as_list(target["selector"])]


def selector_of(annotation: dict, kind: str) -> dict:
    (selector,) = [s for s in selectors(annotation) if s["type"] == kind]
    return selector


def document_text(annotation: dict) -> str:
    document_id = int(annotation["target"]["source"].rstrip("/").rsplit("/", 2)[1])
    return Document.objects.get(pk=document_id).text


# Annotation Collection (§5.1) -------------------------------------------------------------


def test_collection_context_includes_the_anno_context(collection):
    assert ANNO in as_list(collection["@context"])


def test_collection_has_exactly_one_absolute_iri(collection):
    assert is_absolute_iri(collection["id"])


def test_collection_types_include_annotation_collection(collection):
    assert "AnnotationCollection" in types_of(collection)


def test_collection_label_is_a_string(collection):
    assert collection["label"] == "Claims of Border news"


def test_collection_total_is_a_non_negative_integer_counting_its_annotations(collection, items):
    assert isinstance(collection["total"], int) and not isinstance(collection["total"], bool)
    assert collection["total"] == len(items) == 3


def test_collection_with_annotations_has_exactly_one_first_page(collection):
    first = collection["first"]
    assert isinstance(first, dict) and "AnnotationPage" in types_of(first)
    assert collection["last"] == first["id"]  # a single page is also the last


def test_an_empty_collection_has_total_zero_and_no_page(annotated):
    empty = json.loads(annotated.export("w3c", document_id=annotated.quiet.pk))
    assert empty["total"] == 0
    # A page must hold at least one annotation, so an empty collection has none.
    assert "first" not in empty and "last" not in empty
    assert "AnnotationCollection" in types_of(empty) and is_absolute_iri(empty["id"])


def test_the_collection_iri_names_the_filters(annotated):
    filtered = json.loads(annotated.export("w3c", base_url=BASE, statuses=("approved",)))
    assert filtered["id"] == f"{BASE}api/projects/{annotated.project.pk}/export/?format=w3c&status=approved"


# Annotation Page (§5.2) -------------------------------------------------------------------


def test_page_has_exactly_one_absolute_iri(collection, page):
    assert is_absolute_iri(page["id"]) and page["id"] != collection["id"]


def test_page_types_include_annotation_page(page):
    assert "AnnotationPage" in types_of(page)


def test_page_items_are_an_array_of_one_or_more_annotations(items):
    assert isinstance(items, list) and len(items) >= 1
    assert all("Annotation" in types_of(item) for item in items)


def test_page_start_index_is_a_non_negative_integer(page):
    assert page["startIndex"] == 0


def test_the_only_page_is_the_last_so_it_has_no_next(page):
    assert "next" not in page


def test_embedded_page_is_part_of_the_collection_and_has_no_context(collection, page):
    assert page["partOf"] == collection["id"]
    assert "@context" not in page


# Annotations (§3.1) -----------------------------------------------------------------------


def test_annotation_context_is_the_anno_context_and_our_terms_for_mentions_and_relay_positions(items):
    for item in items:
        anno, ours = item["@context"]
        assert anno == ANNO and ours == {
            "names": {"@id": "urn:claim-annotator:names", "@type": "@id"},
            "relayPosition": {
                "@id": "urn:claim-annotator:relayPosition",
                "@type": "http://www.w3.org/2001/XMLSchema#positiveInteger",
            },
        }


def test_annotation_has_exactly_one_absolute_iri(items, annotated):
    assert [item["id"] for item in items] == [
        f"{BASE}api/claims/{claim.pk}/"
        for claim in (annotated.liu_claim, annotated.spokesman_claim, annotated.police_claim)
    ]
    assert all(is_absolute_iri(item["id"]) for item in items)


def test_annotation_types_include_annotation(items):
    assert all("Annotation" in types_of(item) for item in items)


def test_annotation_has_one_or_more_targets(items):
    assert all(len(as_list(item["target"])) >= 1 for item in items)


def test_target_is_a_specific_resource_with_exactly_one_source_the_document_iri(items, annotated):
    targets = [item["target"] for item in items]
    assert [target["source"] for target in targets] == [
        f"{BASE}api/documents/{annotated.border.pk}/text/",
        f"{BASE}api/documents/{annotated.border.pk}/text/",
        f"{BASE}api/documents/{annotated.police_report.pk}/text/",
    ]
    assert all(is_absolute_iri(target["source"]) for target in targets)


def test_body_and_body_value_are_never_both_present(items):
    assert all(not ("body" in item and "bodyValue" in item) for item in items)


def bodies(items: list[dict], kind: str) -> list[dict]:
    return [body for item in items for body in as_list(item["body"]) if kind in types_of(body)]


def test_textual_bodies_have_exactly_one_string_value(items):
    textual = bodies(items, "TextualBody")
    # kind and status of each claim; two verdicts and their comments, one verdict without
    assert len(textual) == 2 * len(items) + 5
    assert all(isinstance(body["value"], str) and body["value"] for body in textual)


def test_specific_resource_bodies_have_exactly_one_source_with_an_iri(items):
    specific = bodies(items, "SpecificResource")
    # a source each; 2 cues, 3 mentions and 3 relay links
    assert len(specific) == len(items) + 8
    iris = [body["source"]["id"] if isinstance(body["source"], dict) else body["source"] for body in specific]
    assert all(is_absolute_iri(iri) for iri in iris)


def test_motivation_and_purposes_come_from_the_model(items):
    for item in items:
        assert item["motivation"] in MOTIVATIONS
        assert all(body["purpose"] in MOTIVATIONS for body in as_list(item["body"]))


def test_created_is_an_xsd_datetime_in_utc_expressed_as_z(items):
    assert all(
        isinstance(item["created"], str) and XSD_DATETIME_UTC.fullmatch(item["created"]) for item in items
    )


def test_creator_agents_have_at_most_one_iri_and_a_class_of_the_model(items):
    creators = [item["creator"] for item in items]
    assert [creator["type"] for creator in creators] == ["Person", "Person", "Software"]
    assert creators[0] == {"type": "Person", "nickname": "annie"}
    assert all(is_absolute_iri(creator["id"]) for creator in creators if "id" in creator)


def test_bodies_name_the_source_the_kind_the_status_the_cue_mentions_relays_and_reviews(items, annotated):
    border = f"{BASE}api/documents/{annotated.border.pk}/text/"
    rev = {"type": "Person", "nickname": "rev"}
    liu = items[0]["body"]
    assert liu == [
        {
            "type": "SpecificResource",
            "purpose": "tagging",
            "source": {"id": f"{BASE}api/sources/{annotated.liu.pk}/", "label": "Liu Huaming"},
        },
        {"type": "TextualBody", "purpose": "classifying", "value": "mixed", "format": "text/plain"},
        {"type": "TextualBody", "purpose": "moderating", "value": "approved", "format": "text/plain"},
        {
            "type": "SpecificResource",
            "purpose": "describing",
            "source": border,
            "selector": [
                {"type": "TextQuoteSelector", "exact": "said", "prefix": "🙂🙂 Liu Huaming ", "suffix": ANY},
                {"type": "TextPositionSelector", "start": 15, "end": 19},
            ],
        },
        {
            "type": "SpecificResource",
            "purpose": "identifying",
            "source": border,
            "selector": [
                {"type": "TextQuoteSelector", "exact": "Liu Huaming", "prefix": "🙂🙂 ", "suffix": ANY},
                {"type": "TextPositionSelector", "start": 3, "end": 14},
            ],
            "names": f"{BASE}api/sources/{annotated.liu.pk}/",
        },
        {
            "type": "SpecificResource",
            "purpose": "linking",
            "source": {"id": f"{BASE}api/sources/{annotated.global_times.pk}/", "label": "Global Times"},
            "relayPosition": 1,
        },
        {**textual("assessing", "reject"), "creator": rev, "created": ANY},
        {
            **textual("commenting", 'Says "30,000", not 50,000; check\nthe source'),
            "creator": rev,
            "created": ANY,
        },
        {**textual("assessing", "approve"), "creator": rev, "created": ANY},
        {**textual("commenting", "fixed, thanks"), "creator": rev, "created": ANY},
    ]
    assert liu[-4]["created"] < liu[-2]["created"] and XSD_DATETIME_UTC.fullmatch(liu[-4]["created"])


def textual(purpose: str, value: str) -> dict:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain"}


def test_a_mention_of_another_source_names_it_and_the_relay_chain_keeps_its_order(items, annotated):
    spokesman = items[1]["body"]
    named = [body["names"] for body in spokesman if body["purpose"] == "identifying"]
    assert named == [
        f"{BASE}api/sources/{annotated.spokesman.pk}/",
        f"{BASE}api/sources/{annotated.global_times.pk}/",
    ]
    relays = [body["source"]["label"] for body in spokesman if body["purpose"] == "linking"]
    assert relays == ["Global Times", "China Topix"]
    (cue,) = [body for body in spokesman if body["purpose"] == "describing"]
    assert cue["selector"][0]["exact"] == "told the Global Times"


def test_the_relay_order_is_data_a_json_ld_processor_keeps_not_the_array_order(items):
    """JSON-LD reads body as an unordered set (anno.jsonld gives it no @list container), so each
    relay carries its place in the chain. The annotation's own context must declare that term, or
    a JSON-LD processor would drop it on expansion. In any order, the bodies still tell the chain."""
    _, ours = items[1]["@context"]
    assert ours["relayPosition"]["@id"] == "urn:claim-annotator:relayPosition"
    relays = [body for body in reversed(items[1]["body"]) if body["purpose"] == "linking"]
    assert all(type(body["relayPosition"]) is int for body in relays)
    chain = sorted(relays, key=lambda body: body["relayPosition"])
    assert [body["source"]["label"] for body in chain] == ["Global Times", "China Topix"]
    assert [body["relayPosition"] for body in chain] == [1, 2]


def test_a_rejection_without_a_comment_is_a_verdict_alone(items):
    police = items[2]["body"]
    assert [body["purpose"] for body in police] == ["tagging", "classifying", "moderating", "assessing"]
    assert police[-1]["value"] == "reject"


# Selectors (§4.2) -------------------------------------------------------------------------


def test_every_selector_has_exactly_one_type_of_the_model(items):
    assert all(
        isinstance(s["type"], str) and s["type"] in SELECTOR_TYPES for item in items for s in selectors(item)
    )


def test_each_target_has_a_quote_and_a_position_selector(items):
    assert all(
        sorted(s["type"] for s in selectors(item)) == ["TextPositionSelector", "TextQuoteSelector"]
        for item in items
    )


def test_text_quote_selector_has_exactly_one_exact_and_single_string_prefix_and_suffix(items):
    for item in items:
        quote = selector_of(item, "TextQuoteSelector")
        assert isinstance(quote["exact"], str) and quote["exact"]
        assert isinstance(quote["prefix"], str) and isinstance(quote["suffix"], str)


def test_a_span_at_the_start_or_end_of_the_text_has_no_prefix_or_suffix():
    assert text_quote_selector("Officials said so.", 0, 9) == {
        "type": "TextQuoteSelector",
        "exact": "Officials",
        "suffix": " said so.",
    }
    assert "suffix" not in text_quote_selector("Officials said so.", 10, 18)


def test_text_position_selector_start_and_end_are_non_negative_integers_in_order(items):
    for item in items:
        position = selector_of(item, "TextPositionSelector")
        assert all(type(position[key]) is int and position[key] >= 0 for key in ("start", "end"))
        assert position["start"] <= position["end"]


def test_both_selectors_select_the_same_segment_with_up_to_32_characters_around(items):
    for item in items:
        text = document_text(item)
        quote, position = selector_of(item, "TextQuoteSelector"), selector_of(item, "TextPositionSelector")
        start, end = position["start"], position["end"]
        assert quote["exact"] == text[start:end]
        assert quote["prefix"] == text[max(0, start - 32) : start]
        assert quote["suffix"] == text[end : end + 32]
        assert len(quote["prefix"]) <= 32 and len(quote["suffix"]) <= 32


def test_the_selectors_select_their_words_in_what_the_target_source_answers(items, client):
    """A client applies the selectors to the resource the source names: the plain text."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for item in items:
        path = urlsplit(item["target"]["source"]).path.removeprefix(urlsplit(BASE).path.rstrip("/"))
        response = client.get(path, HTTP_ACCEPT="text/plain")
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        text = response.content.decode("utf-8")
        position = selector_of(item, "TextPositionSelector")
        assert text[position["start"] : position["end"]] == selector_of(item, "TextQuoteSelector")["exact"]


def test_positions_count_code_points_not_utf16_units(items):
    liu = items[0]
    assert selector_of(liu, "TextPositionSelector") == {
        "type": "TextPositionSelector",
        "start": 20,
        "end": 59,
    }
    # Fewer than 32 characters precede the span: the prefix is all of them, emoji included.
    assert selector_of(liu, "TextQuoteSelector")["prefix"] == "🙂🙂 Liu Huaming said "
    assert selector_of(liu, "TextQuoteSelector")["suffix"] == ' per person.\n"We will reopen it '
