import pytest

from claims.suggest import suggest
from claims.suggest.credit import credit_line

LEAD = (
    "Majority of the Arnhem city council voted for an immediate break of ties over human rights "
    "violations in China"
)


@pytest.mark.parametrize(
    ("credit", "ellipsis", "cue", "source"),
    [
        ("…reports Asian Lite News", "…", "reports", "Asian Lite News"),
        ("….reports Reena Bhardwaj", "…", "reports", "Reena Bhardwaj"),
        ("... reported Asian Lite News.", "...", "reported", "Asian Lite News"),
    ],
)
def test_a_credit_ending_the_lead_attributes_it_to_the_outlet(credit, ellipsis, cue, source):
    text = LEAD + credit
    found = credit_line(text, 0, len(text))
    assert (found.content.of(text), found.cue.of(text), found.source.of(text)) == (
        LEAD + ellipsis,
        cue,
        source,
    )
    assert found.kind == "indirect"


@pytest.mark.parametrize(
    "text",
    [
        LEAD + ", reports Asian Lite News",  # the rules' own shape, no credit line
        LEAD + "…reports of unrest continued",  # no name follows
        "Fighting resumed…reports Asian Lite News",  # too little to be a claim
    ],
)
def test_only_an_ellipsis_then_a_name_ending_the_sentence_is_a_credit(text):
    assert credit_line(text, 0, len(text)) is None


@pytest.mark.parametrize("mode", ["tagger", "lexical"])
def test_a_claim_inside_the_credited_sentence_ends_where_the_credit_begins(mode):
    lead = "Beijing alleged that the forces in the West have fabricated lies to deceive the world"
    text = f"{lead}…reports Asian Lite News\n\nThe council met on Monday."
    found = {a.cue.of(text): a for a in suggest(text, mode=mode).attributions}
    assert set(found) == {"alleged", "reports"}
    assert (found["reports"].source.of(text), found["reports"].content.of(text)) == (
        "Asian Lite News",
        f"{lead}…",
    )
    assert found["alleged"].content.end == len(lead) + 1
