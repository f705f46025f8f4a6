import pytest

from claims.models import AttributionKind
from claims.quotation import attribution_kind


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        ('"We will win,"', "direct"),
        ("“We will win.”", "direct"),
        (' "We will win." ', "direct"),
        ("‘in their heads’", "direct"),
        ("«Nous gagnerons»", "direct"),
        ("“the situation is under control, “", "direct"),  # closed by an opening mark, as typed
        ('that "we will win"', "mixed"),
        ('"We will win," and more', "mixed"),
        ("called the plan “a disgrace”", "mixed"),
        ("they will win", "indirect"),
        ("it’s over", "indirect"),
        ('"', "indirect"),
    ],
)
def test_the_quotation_marks_make_the_kind(content, kind):
    assert attribution_kind(content) == kind


def test_every_kind_it_gives_is_an_attribution_kind():
    kinds = {attribution_kind(content) for content in ["“a”", "a “b” c", "a"]}
    assert kinds == {"direct", "mixed", "indirect"} and kinds <= set(AttributionKind.values)
