"""Attribution rules over words and punctuation: no model, any machine.

Each sentence is tried against the shapes news writing uses to attribute (the cue is a
reporting verb group from ``lexicon.py``):

    SOURCE [has] said [that] CONTENT.          Officials said the border was closed.
    CONTENT, SOURCE said. / CONTENT, said SOURCE.
    "QUOTE," SOURCE said. / "QUOTE," said SOURCE.
    According to SOURCE, CONTENT. / CONTENT, according to SOURCE.
    SOURCE told OUTLET ...                     the outlet is a relay: it carried the claim
    RELAY quoted SOURCE as saying ...          "China Daily quoted Geng as saying"
    ... was quoted as saying by RELAY          the relay carried the quote

Spans follow PolNeAR's conventions (content keeps "that" and quotation marks, not the final
full stop; the cue is the verb group), so suggestions can be scored against that corpus.
"""

import re
from collections.abc import Iterator

from claims.quotation import CLOSING_MARKS, OPENING_MARKS, STRAY_CLOSING_MARK, attribution_kind
from claims.suggest.lexicon import (
    AUXILIARIES,
    CUE_PARTICLES,
    CUE_TIMES,
    CUE_WORDS,
    DETERMINERS,
    FINITE_VERBS,
    LEADING_CONNECTIVES,
    OUTLET_HINTS,
    SOURCE_BOUNDARIES,
)
from claims.suggest.model import Attribution, Span

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘'(]?[A-Z0-9])|\n+")
_ABBREVIATION = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Sen|Sens|Rep|Reps|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Rev|Del|Atty|St|Jr|Sr|No|Prof"
    r"|U\.S|U\.N|Inc|Co|Corp|vs|Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.$"
)
_INITIALS = re.compile(r"^(?:[A-Z]\.){1,2}$")  # "Paul D. Ryan", "George H.W. Bush"
_WORD = re.compile(r"[\w’'.-]*\w|[^\w\s]")
_MAX_SOURCE_WORDS = 25
_MAX_INVERTED_SOURCE_WORDS = 8  # "..., said the agency's deputy spokesman" and no longer
_MAX_QUOTED_NAME_WORDS = 4  # "quoted Foreign Minister Wang Yi as saying"
_QUOTED_PRONOUNS = {"him", "her", "them"}


def attributions(text: str) -> Iterator[Attribution]:
    for start, end in sentences(text):
        yield from attributions_in(text, start, end)


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """Sentence spans: a full stop after a title or initial does not end a sentence."""
    start = 0
    for boundary in _SENTENCE_END.finditer(text):
        if "\n" not in boundary.group() and _abbreviated(text[start : boundary.start()].split()):
            continue
        end = boundary.start() + len(boundary.group().rstrip())
        if text[start:end].strip():
            yield _trimmed(text, start, end)
        start = boundary.end()
    if text[start:].strip():
        yield _trimmed(text, start, len(text))


def _abbreviated(words: list[str]) -> bool:
    """Whether the last word's full stop is an abbreviation's: a title, a month before its day,
    or a name's initials. Initials after a comma are a place's ("Columbia, S.C."), and end the
    sentence as often as not."""
    if not words:
        return False
    if _ABBREVIATION.search(words[-1]):
        return True
    named = len(words) > 1 and words[-2][:1].isupper() and not words[-2].endswith(",")
    return bool(_INITIALS.match(words[-1])) and named


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class _Sentence:
    """A sentence's words with their offsets in the article."""

    def __init__(self, text: str, start: int, end: int):
        self.text = text
        self.start = start
        self.end = end
        self.words = [
            (start + m.start(), start + m.end(), m.group()) for m in _WORD.finditer(text[start:end])
        ]

    def lower(self, index: int) -> str:
        return self.words[index][2].lower()

    def span(self, first: int, last: int) -> Span:
        return Span(self.words[first][0], self.words[last][1])

    def quoted(self) -> list[bool]:
        """Whether each word stands inside a quotation (a cue there is the quoted speaker's)."""
        inside, marks = self._opens_inside_a_quotation(), []
        for index, (_, _, word) in enumerate(self.words):
            if _stray_closing_mark(self, index, inside):
                marks.append(inside)
                inside = False
            elif word in "“‘" or (word == '"' and not inside):
                marks.append(inside)
                inside = True
            elif word in "”’" or (word == '"' and inside):
                marks.append(inside)
                inside = False
            else:
                marks.append(inside)
        return marks

    def _opens_inside_a_quotation(self) -> bool:
        """A closing mark before any opening one: the quotation began in an earlier sentence."""
        for _, _, word in self.words:
            if word in "“‘":
                return False
            if word == "”":
                return True
        return False

    def cues(self) -> Iterator[tuple[int, int]]:
        """(first, last) word indexes of each reporting verb group, auxiliaries included, and a
        colon right after it ("said:"), as PolNeAR marks cues."""
        quoted = self.quoted()
        opening = _opening(self)
        index = 0
        while index < len(self.words):
            capitalised_inside = index > opening and self.words[index][2][:1].isupper()
            length = 0 if quoted[index] or capitalised_inside else _cue_length(self, index)
            if length:
                first = index
                while first > 0 and (self.lower(first - 1) in AUXILIARIES or _adverb(self, first - 1)):
                    first -= 1
                last = _cue_tail(self, index, index + length - 1)
                yield first, last
                index += length
            else:
                index += 1


def _stray_closing_mark(sentence: _Sentence, index: int, inside: bool) -> bool:
    """The stray closing mark, where it closes: after a comma inside a quotation."""
    return (
        inside
        and sentence.words[index][2] == STRAY_CLOSING_MARK
        and index > 0
        and sentence.words[index - 1][2] == ","
    )


def _cue_tail(sentence: _Sentence, verb: int, last: int) -> int:
    """The cue's last word, taking what PolNeAR counts in it after the verb: a particle the verb
    needs ("called for", "pointed to"), the day it was said ("said Thursday morning"), a colon."""
    following = last + 1
    if following < len(sentence.words) and sentence.lower(following) in CUE_PARTICLES.get(
        sentence.lower(verb), ()
    ):
        last = following
    while last + 1 < len(sentence.words) and sentence.lower(last + 1) in CUE_TIMES:
        last += 1
    if last + 1 < len(sentence.words) and sentence.words[last + 1][2] == ":":
        last += 1
    return last


def _cue_length(sentence: _Sentence, index: int) -> int:
    if index > 0 and sentence.lower(index - 1) in DETERMINERS:  # "the report", "a claim": nouns
        return 0
    for phrase in CUE_WORDS.get(sentence.lower(index), ()):
        words = phrase.split()
        if all(
            index + offset < len(sentence.words) and sentence.lower(index + offset) == word
            for offset, word in enumerate(words)
        ):
            return len(words)
    return _quoted_someone_length(sentence, index)


def _quoted_someone_length(sentence: _Sentence, index: int) -> int:
    """The length of "quoted Geng as saying", the guide's cue around the name of whom a relay
    quoted; 0 when the words are not that."""
    if sentence.lower(index) != "quoted" or index + 1 >= len(sentence.words):
        return 0
    if sentence.lower(index + 1) in _QUOTED_PRONOUNS:
        name_words = 1
    else:
        name_words = 0
        while name_words < _MAX_QUOTED_NAME_WORDS and index + 1 + name_words < len(sentence.words):
            if not sentence.words[index + 1 + name_words][2][:1].isupper():
                break
            name_words += 1
    as_at = index + 1 + name_words
    saying = (
        as_at + 1 < len(sentence.words)
        and sentence.lower(as_at) == "as"
        and sentence.lower(as_at + 1) == "saying"
    )
    return name_words + 3 if name_words and saying else 0


def attributions_in(text: str, start: int, end: int) -> Iterator[Attribution]:
    """Each cue of the sentence that no attribution found so far has taken into its content or
    source: "X said A, and Y said B" attributes twice."""
    sentence = _Sentence(text, start, end)
    taken: list[Span] = []
    for first, last in sentence.cues():
        cue = sentence.span(first, last)
        if any(span.start <= cue.start < span.end for span in taken):
            continue
        found = (
            _relay_quoted(sentence, first, last)
            or _according_to(sentence, first, last)
            or _quote_first(sentence, first, last)
            or _content_first(sentence, first, last)
            or _source_first(sentence, first, last)
        )
        if found is not None:
            taken.extend(span for span in (found.content, found.source) if span is not None)
            yield found


# The shapes ----------------------------------------------------------------------------------


def _according_to(sentence: _Sentence, first: int, last: int) -> Attribution | None:
    if sentence.lower(first) != "according":
        return None
    source_end = _phrase_end(sentence, last + 1)
    if source_end is None:
        return None
    source = sentence.span(last + 1, source_end)
    if first == _opening(sentence):  # According to X, CONTENT.
        content = _content_from(sentence, source_end + 1)
    else:  # CONTENT, according to X.
        content = _content_before(sentence, first)
    if content is None:
        return None
    return Attribution(content=content, cue=sentence.span(first, last), source=source, kind="according_to")


def _relay_quoted(sentence: _Sentence, first: int, last: int) -> Attribution | None:
    """RELAY quoted SOURCE as saying CONTENT. / "QUOTE," RELAY quoted SOURCE as saying.
    The outlet quoted the speaker: the speaker is the source, the outlet the relay."""
    length = _quoted_someone_length(sentence, first)
    if not length:
        return None
    saying = first + length - 1
    source = sentence.span(first + 1, saying - 2)
    opening = _opening(sentence)
    closing = None
    if sentence.words[opening][2] in OPENING_MARKS:
        closing = _closing_quote(sentence, opening, first)
    if closing is not None:  # "QUOTE," RELAY quoted SOURCE as saying
        content, floor = sentence.span(opening, closing), closing + 1
    else:
        content, floor = _content_from(sentence, last + 1), opening
    if content is None:
        return None
    relay = _relay_before(sentence, floor, first)
    return Attribution(
        content,
        sentence.span(first, first),
        source,
        attribution_kind(content.of(sentence.text)),
        relays=(relay,) if relay else (),
        relay_cue=sentence.span(first, saying),
    )


def _relay_before(sentence: _Sentence, floor: int, verb: int) -> Span | None:
    """The outlet named before the verb, from its first capitalised word: "the state affiliated
    media China Daily" gives "China Daily"."""
    if verb <= floor:
        return None
    start = _phrase_start(sentence, floor, verb - 1, appositive=False)
    if start is None:
        return None
    named = next((i for i in range(start, verb) if sentence.words[i][2][:1].isupper()), None)
    return sentence.span(named, verb - 1) if named is not None else None


def _quote_first(sentence: _Sentence, first: int, last: int) -> Attribution | None:
    opening = _opening(sentence)
    if sentence.words[opening][2] not in OPENING_MARKS:
        return None
    closing = _closing_quote(sentence, opening, first)
    if closing is None:
        return None
    content = sentence.span(opening, closing)
    between = [index for index in range(closing + 1, first) if sentence.words[index][2] != ","]
    if between:  # "QUOTE," SOURCE said
        start = _phrase_start(
            sentence, between[0], between[-1], appositive=sentence.words[first - 1][2] == ","
        )
        if start is None:
            return None
        return _with_relays(sentence, content, first, last, sentence.span(start, between[-1]))
    source_end = _phrase_end(sentence, last + 1)  # "QUOTE," said SOURCE
    source = sentence.span(last + 1, source_end) if source_end is not None else None
    return _with_relays(sentence, content, first, last, source)


def _content_first(sentence: _Sentence, first: int, last: int) -> Attribution | None:
    """CONTENT, SOURCE said. / CONTENT, said SOURCE. — the cue closes the sentence."""
    comma = _last_comma_before(sentence, first)
    if comma is None or comma == _opening(sentence):
        return None
    tail = _final_index(sentence)
    after_cue = [index for index in range(last + 1, tail + 1)]
    between = list(range(comma + 1, first))
    if (
        between
        and len(between) <= _MAX_SOURCE_WORDS
        and (not after_cue or _is_relay_phrase(sentence, after_cue))
    ):
        source = sentence.span(between[0], between[-1])
    elif not between and after_cue and len(after_cue) <= _MAX_INVERTED_SOURCE_WORDS:
        source = sentence.span(after_cue[0], after_cue[-1])
    else:
        return None
    content = _content_before(sentence, comma + 1)
    if content is None or not _looks_like_clause(sentence, _opening(sentence), comma):
        return None  # "Liu Huaming, deputy head of the bureau, said ...": a source, not a claim
    return _with_relays(sentence, content, first, last, source)


def _looks_like_clause(sentence: _Sentence, first: int, stop: int) -> bool:
    """Whether the words hold a finite verb: a claim does, a name with its title does not."""
    return any(
        sentence.lower(index) in FINITE_VERBS
        or (sentence.lower(index).endswith("ed") and not sentence.words[index][2][:1].isupper())
        for index in range(first, stop)
    )


def _source_first(sentence: _Sentence, first: int, last: int) -> Attribution | None:
    """SOURCE [has] said [that] CONTENT."""
    opening = _opening(sentence)
    if first <= opening or first - opening > _MAX_SOURCE_WORDS:
        return None
    source_last = first - 1
    while source_last > opening and sentence.words[source_last][2] in {",", "—", "-"}:
        source_last -= 1
    if source_last == opening and sentence.lower(opening) == "it" and sentence.lower(first) in {"is", "was"}:
        return None  # "It is believed that ...": nobody is named
    source_first = _phrase_start(
        sentence, opening, source_last, appositive=sentence.words[first - 1][2] == ","
    )
    if source_first is None:
        return None
    source = sentence.span(source_first, source_last)
    content_start = last + 1
    recipient = _recipient(sentence, first, last)
    if recipient is not None:
        content_start = recipient[1] + 1
    content = _content_from(sentence, content_start)
    if content is None:
        return None
    return _with_relays(sentence, content, first, last, source)


# Relays -------------------------------------------------------------------------------------


def _with_relays(
    sentence: _Sentence, content: Span, first: int, last: int, source: Span | None
) -> Attribution:
    relays, relay_cue = _relays(sentence, first, last)
    kind = attribution_kind(content.of(sentence.text))
    return Attribution(content, sentence.span(first, last), source, kind, relays, relay_cue)


def cue_relays(text: str, sentence: tuple[int, int], cue: Span) -> tuple[tuple[Span, ...], Span | None]:
    """The relays that the words of a cue found elsewhere (by the taggers) name, and the guide's
    cue holding them: "told the Global Times", "was quoted as saying by China's Global Times"."""
    words = _Sentence(text, *sentence)
    inside = [
        index for index, (start, end, _) in enumerate(words.words) if cue.start <= start and end <= cue.end
    ]
    return _relays(words, inside[0], inside[-1]) if inside else ((), None)


def _relays(sentence: _Sentence, first: int, last: int) -> tuple[tuple[Span, ...], Span | None]:
    recipient = _recipient(sentence, first, last)
    if recipient is not None and _is_outlet(sentence, *recipient):
        relay = sentence.span(*recipient)
        return (relay,), Span(sentence.words[first][0], relay.end)
    quoted_by = _quoted_by(sentence, last)
    return ((quoted_by,), None) if quoted_by is not None else ((), None)


def _recipient(sentence: _Sentence, first: int, last: int) -> tuple[int, int] | None:
    """Who was told: "told the Global Times" gives the words of "the Global Times"."""
    if sentence.lower(last) not in {"told", "tells", "tell"}:
        return None
    index = last + 1
    end = index
    while (
        end < len(sentence.words)
        and sentence.words[end][2] not in {",", ".", ":", ";"}
        and sentence.lower(end) not in {"that", "on", "in", "last", "this", "via", "by"}
    ):
        end += 1
    return (index, end - 1) if end > index else None


def _quoted_by(sentence: _Sentence, last: int) -> Span | None:
    """... was quoted as saying by China's Global Times."""
    if (
        sentence.lower(last) != "saying"
        or last + 2 >= len(sentence.words)
        or sentence.lower(last + 1) != "by"
    ):
        return None
    end = _phrase_end(sentence, last + 2)
    return sentence.span(last + 2, end) if end is not None else None


def _is_outlet(sentence: _Sentence, first: int, last: int) -> bool:
    words = [sentence.words[index][2] for index in range(first, last + 1)]
    named = [word for word in words if word[:1].isupper() and word.lower() not in {"the"}]
    return bool(named) and (
        any(word.lower() in OUTLET_HINTS for word in words) or len(named) == len(words) - (words[0] == "the")
    )


def _is_relay_phrase(sentence: _Sentence, indexes: list[int]) -> bool:
    return sentence.lower(indexes[0]) in {"the", "a", "an"} or sentence.words[indexes[0]][2][:1].isupper()


# Pieces ---------------------------------------------------------------------------------------


def _phrase_start(sentence: _Sentence, floor: int, last: int, *, appositive: bool) -> int | None:
    """Where the noun phrase ending at last begins, walking back no further than floor: at a
    clause boundary (a comma, a conjunction such as "if" or "as", a verb), except that
    "NAME, TITLE, said" keeps the name with its title."""
    index = last
    commas_left = 2 if appositive else 0
    while index > floor:
        before = sentence.words[index - 1][2]
        lowered = before.lower()
        if before == ",":
            if commas_left == 0 or not _names_someone(sentence, floor, index - 1):
                break
            commas_left -= 1
        elif (
            before in {";", ":", "—", "(", ")"}
            or lowered in SOURCE_BOUNDARIES
            or lowered in FINITE_VERBS
            or (_past_participle(sentence, index - 1) and not before[:1].isupper())
            or _adverb(sentence, index - 1)
        ):
            break
        index -= 1
    if sentence.words[index][2] in {",", "—"}:
        index += 1
    if index > last or sentence.words[index][2] in OPENING_MARKS:
        return None
    return index


def _past_participle(sentence: _Sentence, index: int) -> bool:
    """An "-ed" word that acts as a verb; after a determiner it describes ("an unidentified")."""
    return sentence.lower(index).endswith("ed") and not (
        index > 0 and sentence.lower(index - 1) in DETERMINERS
    )


def _adverb(sentence: _Sentence, index: int) -> bool:
    """A lowercase "-ly" word that qualifies the sentence ("naturally he said"); after a
    determiner it is a noun ("the family")."""
    word = sentence.words[index][2]
    return (
        word.endswith("ly")
        and word.islower()
        and not (index > 0 and sentence.lower(index - 1) in DETERMINERS)
    )


def _names_someone(sentence: _Sentence, floor: int, comma: int) -> bool:
    """Whether the words before the comma end in a name ("Liu Huaming, deputy head ...")."""
    word = sentence.words[comma - 1][2] if comma > floor else ""
    return word[:1].isupper()


def _opening(sentence: _Sentence) -> int:
    """The first word after leading connectives ("But", "However,")."""
    index = 0
    while index < len(sentence.words) - 1 and (
        sentence.lower(index) in LEADING_CONNECTIVES or sentence.words[index][2] == ","
    ):
        index += 1
    return index


def _final_index(sentence: _Sentence) -> int:
    """The last word, before a closing full stop."""
    index = len(sentence.words) - 1
    while index > 0 and sentence.words[index][2] in {".", "!", "?"}:
        index -= 1
    return index


def _phrase_end(sentence: _Sentence, start: int) -> int | None:
    """The last word of a noun phrase starting at start: up to a comma or the sentence's end."""
    if start >= len(sentence.words):
        return None
    end = start
    final = _final_index(sentence)
    while end < final and sentence.words[end + 1][2] not in {",", ";", ":"}:
        end += 1
    return end if end - start < _MAX_SOURCE_WORDS else None


def _content_from(sentence: _Sentence, start: int) -> Span | None:
    while start < len(sentence.words) and sentence.words[start][2] in {",", ":", "—", "-"}:
        start += 1
    final = _final_index(sentence)
    if final - start < 2:
        return None
    return sentence.span(start, final)


def _content_before(sentence: _Sentence, stop: int) -> Span | None:
    """From the sentence's opening to the word before stop, trailing commas left out."""
    opening = _opening(sentence)
    last = stop - 1
    while last > opening and sentence.words[last][2] in {",", "—", "-"}:
        last -= 1
    if last - opening < 2:
        return None
    return sentence.span(opening, last)


def _closing_quote(sentence: _Sentence, opening: int, stop: int) -> int | None:
    """The quote mark that ends the quotation opened at opening: one next to a comma or full
    stop (a quoted term inside the sentence, "anti-terrorism worker", is not it)."""
    for index in range(opening + 1, stop):
        word = sentence.words[index][2]
        if word not in CLOSING_MARKS and not _stray_closing_mark(sentence, index, inside=True):
            continue
        before = sentence.words[index - 1][2]
        after = sentence.words[index + 1][2] if index + 1 < len(sentence.words) else ""
        if before in {",", ".", "?", "!"} or after == ",":
            return index
    return None


def _last_comma_before(sentence: _Sentence, stop: int) -> int | None:
    for index in range(stop - 1, -1, -1):
        if sentence.words[index][2] == ",":
            return index
    return None
