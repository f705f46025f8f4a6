"""Plain-text news pages: a single article, or a tag page listing several.

A tag page (``seeds/002_*.txt``) opens each article with a ``• Headline`` line that the
page repeats on the next line, then a standfirst ending in a credit such as
``…reports Asian Lite News`` or ``…reports Mrityunjoy Kumar Jha``.
"""

import datetime
import itertools
import re
from dataclasses import dataclass, field

from claims.ingest.article import Article
from claims.ingest.furniture import is_furniture, is_lone_word
from claims.ingest.normalise import join_paragraphs, normalise_lines, split_lines

_BULLET = re.compile(r"[•·▪●]\s+(?P<title>\S.*)$")
_COPYRIGHT = re.compile(
    r"(?:©|\(c\))?\s*copyright\s+(?:©\s*)?(?P<owner>.+?)\s+(?:\d{4}\b.*|all rights reserved.*)$",
    re.IGNORECASE,
)
_CREDIT = re.compile(r"reported by (?P<byline>[^.]+?) for (?P<outlet>[^.]+)\.", re.IGNORECASE)
_STANDFIRST_CREDIT = re.compile(r"(?:…|\.\.\.|[.,])\s*reports\s+(?P<name>[A-Z][^.…]*?)\.?$")
_OUTLET_WORDS = re.compile(
    r"\b(news|times|daily|post|press|agency|radio|service|network|herald|journal|tribune"
    r"|media|wire|tv|television|broadcasting|narrative|topix)\b|\.(com|org|net|in)\b",
    re.IGNORECASE,
)
_DATE_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y",
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%B %d, %Y %I:%M %p",
)
_MASTHEAD_MAX_WORDS = 5
# A headline runs to a couple of dozen words at most; a longer line is a paragraph.
_HEADLINE_MAX_WORDS = 25
_BYLINE = re.compile(r"by\s+\S", re.IGNORECASE)
# Closing quotes and brackets hide the punctuation that ends a sentence: `…he said."`
_CLOSERS = "\"'”’)]"
_SENTENCE_STOPS = (".", "!", ";", ":", "…")


@dataclass
class _Segment:
    raw_lines: list[str]
    title: str = ""
    outlet: str = ""
    byline: str = ""
    published_on: datetime.date | None = None
    body: list[str] = field(default_factory=list)


def read_text_page(raw: str) -> list[Article]:
    lines = normalise_lines(raw)
    raw_lines = split_lines(raw)
    starts = _article_starts(lines)
    if not starts:
        return _finish([_single_article(lines, raw_lines)])
    bounds = [*starts, len(lines)]
    segments = [
        _tag_page_article(lines[begin:end], raw_lines[begin:end]) for begin, end in itertools.pairwise(bounds)
    ]
    page_outlet = _most_common(s.outlet for s in segments)
    for segment in segments:
        segment.outlet = segment.outlet or page_outlet
    return _finish(segments)


def _article_starts(lines: list[str]) -> list[int]:
    """Indexes of ``• Headline`` lines whose headline the page repeats on the next line."""
    starts = []
    for index, line in enumerate(lines):
        bullet = _BULLET.match(line)
        if bullet and _next_text(lines, index) == bullet["title"]:
            starts.append(index)
    return starts


def _next_text(lines: list[str], index: int) -> str:
    return next((line for line in lines[index + 1 :] if line), "")


def _single_article(lines: list[str], raw_lines: list[str]) -> _Segment:
    segment = _Segment(raw_lines=raw_lines)
    content = _take_metadata(segment, lines)
    if content:
        segment.title, segment.body = content[0], content[1:]
    return segment


def _tag_page_article(lines: list[str], raw_lines: list[str]) -> _Segment:
    segment = _Segment(raw_lines=raw_lines, title=_BULLET.match(lines[0])["title"])
    content = _take_metadata(segment, lines[1:])
    if content and content[0] == segment.title:
        content = content[1:]
    if content:
        credit = _STANDFIRST_CREDIT.search(content[0])
        if credit:
            _credit_name(segment, credit["name"].strip())
    segment.body = content
    return segment


def _take_metadata(segment: _Segment, lines: list[str]) -> list[str]:
    """Fill the segment's outlet, byline and date from the lines that give them and return
    the remaining article lines, furniture and blank lines removed."""
    content: list[str] = []
    present = [line for line in lines if line]
    for index, line in enumerate(present):
        if not content and not segment.outlet and _is_masthead(line, present[index + 1 :]):
            segment.outlet = line.title()
            continue
        published_on = _parse_date(line)
        if published_on:
            segment.published_on = segment.published_on or published_on
            continue
        copyright_line = _COPYRIGHT.match(line)
        if copyright_line:
            segment.outlet = segment.outlet or copyright_line["owner"].strip(" .,")
            continue
        if is_furniture(line) or (content and is_lone_word(line)):
            continue
        credit = _CREDIT.search(line)
        if credit:
            segment.byline = segment.byline or credit["byline"].strip()
            segment.outlet = segment.outlet or credit["outlet"].strip()
        content.append(line)
    return content


def _credit_name(segment: _Segment, name: str) -> None:
    if _OUTLET_WORDS.search(name):
        segment.outlet = segment.outlet or name
    else:
        segment.byline = segment.byline or name


def _is_masthead(line: str, following: list[str]) -> bool:
    """A short all-caps first line names the outlet only when a headline comes after it.

    ``CHINA TOPIX`` and ``MAYOR RESIGNS OVER BUDGET`` have the same shape; what tells them
    apart is the next article line (dates and page furniture skipped): a masthead is followed
    by the headline, whereas a headline is followed by the byline or the first paragraph.
    """
    return _has_masthead_shape(line) and _looks_like_headline(_next_article_line(following))


def _has_masthead_shape(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return (
        bool(letters)
        and all(c.isupper() for c in letters)
        and len(line.split()) <= _MASTHEAD_MAX_WORDS
        and not line.endswith((".", "!", "?", ":"))
    )


def _next_article_line(lines: list[str]) -> str:
    """The first line that is article text rather than a date, a copyright notice or furniture."""
    for line in lines:
        if not (_parse_date(line) or _COPYRIGHT.match(line) or is_furniture(line)):
            return line
    return ""


def _looks_like_headline(line: str) -> bool:
    """A headline is a short line that does not end a sentence; a byline is not one."""
    if not line or _BYLINE.match(line) or len(line.split()) > _HEADLINE_MAX_WORDS:
        return False
    return not line.rstrip(_CLOSERS).endswith(_SENTENCE_STOPS)


def _parse_date(line: str) -> datetime.date | None:
    if len(line) > 40 or not any(c.isdigit() for c in line):
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(line, fmt).date()
        except ValueError:
            continue
    return None


def _most_common(values) -> str:
    counts: dict[str, int] = {}
    for value in values:
        if value:
            counts[value] = counts.get(value, 0) + 1
    return max(counts, key=counts.get, default="")


def _finish(segments: list[_Segment]) -> list[Article]:
    articles = []
    for segment in segments:
        paragraphs = join_paragraphs(segment.body)
        if not segment.title:
            continue
        articles.append(
            Article(
                title=segment.title,
                text="\n\n".join([segment.title, *paragraphs]),
                raw="\n".join(segment.raw_lines),
                outlet=segment.outlet,
                byline=segment.byline,
                published_on=segment.published_on,
            )
        )
    return articles
