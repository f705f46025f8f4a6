import pytest

from claims.suggest.guide import as_guide_marks, guide_content, guide_name
from claims.suggest.model import Attribution, Span


def marked(text: str, content: str, cue: str) -> str:
    """The content as the guide marks it, from the words the suggester proposed."""
    start, cue_start = text.index(content), text.index(cue)
    span = guide_content(text, Span(start, start + len(content)), Span(cue_start, cue_start + len(cue)))
    return span.of(text)


@pytest.mark.parametrize(
    ("text", "content", "cue", "expected"),
    [
        (
            "Police say that many Chinese went abroad.",
            "that many Chinese went abroad",
            "say",
            "many Chinese went abroad",
        ),
        (
            "The Taliban has told the media that they asked the fighters to leave.",
            "that they asked the fighters to leave",
            "told",
            "they asked the fighters to leave",
        ),
        (
            "“In recent years they left,” he told us.",
            "“In recent years they left,”",
            "told",
            "In recent years they left,",
        ),
        (
            '"We will reopen it soon," a spokesman said.',
            '"We will reopen it soon,"',
            "said",
            "We will reopen it soon,",
        ),
        ("‘Not now,’ she said.", "‘Not now,’", "said", "Not now,"),
        # a quote running on into the next paragraph has no closing mark
        ("He said: “The talks go on\n\n“and on.”", "“The talks go on", "said", "The talks go on"),
        # wire copy closing a quote with an opening mark
        (
            "“We call for unity, “China Daily quoted Geng.",
            "“We call for unity, “",
            "quoted",
            "We call for unity,",
        ),
        # the quotation opened before the content: its closing mark goes too
        ("“Yes, he said, it ends.”", "it ends.”", "said", "it ends."),
    ],
)
def test_the_guide_leaves_that_and_the_quotation_marks_out(text, content, cue, expected):
    assert marked(text, content, cue) == expected


@pytest.mark.parametrize(
    ("text", "content", "cue"),
    [
        # the closing mark closes a quotation opened inside the content
        ("He called the plan “a farce” on Monday.", "the plan “a farce”", "called"),
        ("The fault was the workers’, they said.", "The fault was the workers’", "said"),
        # "that" is a determiner here, not the cue's complementizer
        ("That plan failed, he said.", "That plan failed", "said"),
        ("“It failed,” he said. That plan was his.", "That plan was his", "said"),
        # nothing would be left
        ("“” she said.", "“”", "said"),
    ],
)
def test_what_the_guide_marks_as_the_suggester_does_stays(text, content, cue):
    assert marked(text, content, cue) == content


def test_the_cue_is_the_relay_cue_when_the_suggester_names_a_relay():
    text = "“Fine,” a spokesman told the Global Times."
    told = text.index("told")
    attribution = Attribution(
        content=Span(0, 7),
        cue=Span(told, told + 4),
        source=Span(8, 19),
        kind="direct",
        relays=(Span(told + 5, len(text) - 1),),
        relay_cue=Span(told, len(text) - 1),
    )
    guide = as_guide_marks(text, attribution)
    assert (guide.content.of(text), guide.cue.of(text), guide.relay_cue) == (
        "Fine,",
        "told the Global Times",
        None,
    )
    assert (guide.source, guide.relays, guide.kind) == (attribution.source, attribution.relays, "direct")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Liu Huaming, deputy head of the bureau,", "Liu Huaming, deputy head of the bureau"),
        ("” Abbas", "Abbas"),  # the mark closing the quotation before the name
        ('an unidentified "anti-terrorism worker"', 'an unidentified "anti-terrorism worker"'),
        (", —", None),
    ],
)
def test_a_name_is_marked_without_the_punctuation_around_it(name, expected):
    text = f"{name} said so."
    found = guide_name(text, Span(0, len(name)))
    assert (found.of(text) if found else None) == expected
