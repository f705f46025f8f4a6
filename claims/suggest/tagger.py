"""Attributions found by two sequence taggers (conditional random fields, python-crfsuite)
trained on PolNeAR's train split with bench/train_tagger.py. Over the whole article, one tags
each token as beginning or inside a cue or a source, or outside both ("B-cue", "I-source",
"O"); the other does the same for contents, which may hold a cue and a source ("X, he said,
Y"). Each cue is then given the nearest content (one content per cue, the same sentence first)
and the nearest source in its sentence, else its verb's subject in the parse. A cue with no
tagged content takes the longer side of its sentence around it and its source. Sentences where
no cue was found get the lexical rules' attributions, those whose cue the cue tagger gives some
belief (its marginal probability).

The lexicon decides which sentences are parsed (tokens.py); a sentence left unparsed where the
cue tagger, reading it without a parse, still gives some token a belief of being a cue is parsed
and the article tagged again ("Large sections of the city are divided, other studies have
shown"). Where a sentence still has no cue after that, its likeliest cue is taken when the cue
tagger believes in it enough and the content tagger marked a content in the sentence.
"""

import lzma
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

from claims.quotation import attribution_kind
from claims.suggest import boundaries, lexical
from claims.suggest.features import article_features, quotation_states
from claims.suggest.model import Attribution, Span
from claims.suggest.tokens import UNPARSED, Token, article_tokens, with_parsed

ROLES = ("cue", "source", "content")
# What each tagger marks; where a token is in spans of both of its roles, it takes the first.
TAGGERS = {"speaker": ("cue", "source"), "content": ("content",)}
MODELS = Path(__file__).with_name("models")
_MAX_DEPTH = 12  # dependency steps climbed looking for a subtree's root
_CONTENT_REACH = 40  # tokens between a cue and a content in another sentence
_EDGE_PUNCTUATION = set(",.;:!?—-―")
_QUOTES = '"“”‘’'
# A rule's attribution in a sentence where the taggers found no cue is kept when the cue tagger
# gives one of its cue's tokens at least this probability of being in a cue: the rules' nouns
# ("the state", "a tweet", "blocks") are left out. Of 0.02, 0.1 and 0.3, the best on PolNeAR dev.
_RULES_LEAST_BELIEF = 0.1
# An unparsed sentence without a tagged cue is parsed, and the article tagged again, when a token
# of it has at least this belief of being in a cue: the parse's features find the cues the
# lexicon lacks. Of 0.05, 0.1 and 0.2, 0.1 was the best on PolNeAR dev.
_REPARSE_LEAST_BELIEF = 0.1
# A parsed sentence the Viterbi path leaves without a cue, but where the content tagger marked a
# content, takes its likeliest cue when the cue tagger gives it at least this belief. Of 0.1,
# 0.2 and 0.3 on PolNeAR dev, 0.2 (a lower one costs cue precision).
_LIKELIEST_CUE_BELIEF = 0.2

_MODEL_BYTES: list[bytes] = []

TokenRange = tuple[int, int]  # first and last token, inclusive


def model_path(tagger: str) -> Path:
    """A tagger's trained model, compressed with xz (a third of its size)."""
    return MODELS / f"{tagger}.crfsuite.xz"


@cache
def taggers() -> dict | None:
    """The trained taggers by name, or None when python-crfsuite is not installed."""
    try:
        import pycrfsuite
    except ImportError:
        return None
    loaded = {}
    for name in TAGGERS:
        model = lzma.decompress(model_path(name).read_bytes())
        _MODEL_BYTES.append(model)  # crfsuite reads the model where it lies: it must outlive the tagger
        tagger = pycrfsuite.Tagger()
        tagger.open_inmemory(model)
        loaded[name] = tagger
    return loaded


def attributions(text: str, nlp, taggers_by_name: dict) -> list[Attribution]:
    """The taggers' attributions, and in the sentences where the taggers found no cue those of
    the lexical rules, which know the guide's rarer shapes ("was quoted as saying by China's
    Global Times"): those shapes, and others where the cue tagger gives their cue some belief."""
    tokens = article_tokens(text, nlp)
    sentences = list(lexical.sentences(text))
    by_rules = [list(lexical.attributions_in(text, start, end)) for start, end in sentences]
    quoting_outlets = {
        found.cue.start: found for sentence in by_rules for found in sentence if _quotes_the_source(found)
    }
    found, cue_belief = (
        _tagged_spans(text, tokens, taggers_by_name) if tokens else ({role: [] for role in ROLES}, None)
    )
    suspected: set[int] = set()
    if cue_belief is not None:
        suspected = _suspected_sentences(tokens, found["cue"], cue_belief)
        if suspected:
            tokens = with_parsed(text, tokens, nlp, suspected)
            found, cue_belief = _tagged_spans(text, tokens, taggers_by_name)
        found["cue"] = sorted([*found["cue"], *likeliest_cues(tokens, found, cue_belief)])
    assembled = [
        parts
        for parts in assemble(tokens, found["cue"], found["content"], found["source"])
        if tokens[parts[0][0]].sentence not in suspected or _states_something(tokens, parts[1])
    ]
    tagged = [_attribution(text, tokens, sentences, *parts, quoting_outlets) for parts in assembled]
    cued = {tokens[cue[0]].sentence for cue, _, _ in assembled}
    passed_over = [
        boundaries.mended_source(tokens, found)
        for index, sentence in enumerate(by_rules)
        if index not in cued
        for found in sentence
        if _quotes_the_source(found) or _believed_cue(tokens, cue_belief, found.cue)
    ]
    return sorted([*tagged, *passed_over], key=lambda a: (a.content.start, a.cue.start))


def _tagged_spans(
    text: str, tokens: list[Token], taggers_by_name: dict
) -> tuple[dict[str, list[TokenRange]], "CueBelief"]:
    """The spans of each role, and the cue tagger's probability that a token (by index) is in a
    cue, asked of the tagger only for the tokens that need it: a fifth of the time, for all."""
    import pycrfsuite

    features = pycrfsuite.ItemSequence(article_features(tokens))
    quoting = quotation_states(tokens)
    found = {}
    for name, tagger in taggers_by_name.items():
        tags = tagger.tag(features)
        for role in TAGGERS[name]:
            found[role] = cut_spans(text, tokens, quoting, role_spans(tags, role))
    # as the guide marks contents: no comma or full stop at the edges
    found["content"] = [
        trimmed for span in found["content"] if (trimmed := _trimmed(tokens, span, shortest=1))
    ]
    # its marginals are of the sequence it tagged last: this one
    return found, CueBelief(taggers_by_name["speaker"])


class CueBelief:
    """The cue tagger's marginal probabilities for the article it tagged last: that a token (by
    index) opens a cue, is inside one, or either."""

    def __init__(self, speaker) -> None:
        self._speaker = speaker

    def opening(self, index: int) -> float:
        return self._speaker.marginal("B-cue", index)

    def inside(self, index: int) -> float:
        return self._speaker.marginal("I-cue", index)

    def __call__(self, index: int) -> float:
        return self.opening(index) + self.inside(index)


_FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}


def _states_something(tokens: list[Token], content: TokenRange) -> bool:
    """Whether the content holds a finite verb: a statement, not a thing acted on ("passed [a
    bill]", "detained [scores of students]"), which in the sentences without a lexicon cue word
    is what tells an attribution from an action."""
    return any(tokens[index].tag in _FINITE_TAGS for index in range(content[0], content[1] + 1))


def _uncued_sentences(tokens: list[Token], cues: list[TokenRange]) -> dict[int, list[int]]:
    """The token indexes of each sentence where no cue was tagged."""
    cued = {tokens[first].sentence for first, _ in cues}
    sentences: dict[int, list[int]] = {}
    for index, token in enumerate(tokens):
        if token.sentence not in cued:
            sentences.setdefault(token.sentence, []).append(index)
    return sentences


def _suspected_sentences(tokens: list[Token], cues: list[TokenRange], cue_belief: CueBelief) -> set[int]:
    """The unparsed sentences without a tagged cue where the cue tagger suspects one."""
    return {
        sentence
        for sentence, indexes in _uncued_sentences(tokens, cues).items()
        if tokens[indexes[0]].tag == UNPARSED
        and max(cue_belief(index) for index in indexes) >= _REPARSE_LEAST_BELIEF
    }


def likeliest_cues(
    tokens: list[Token], found: dict[str, list[TokenRange]], cue_belief: CueBelief
) -> list[TokenRange]:
    """In each parsed sentence with a tagged content but no tagged cue, the cue the tagger
    believed in most, if at least _LIKELIEST_CUE_BELIEF: from its likeliest token, back while
    that token is likelier inside a cue than opening one, on while the next is likely inside.
    Two taggers agreeing that the sentence attributes make up for the cue's weaker belief."""
    with_content = {tokens[index].sentence for first, last in found["content"] for index in (first, last)}
    cues = []
    for sentence, indexes in _uncued_sentences(tokens, found["cue"]).items():
        if sentence not in with_content or tokens[indexes[0]].tag == UNPARSED:
            continue
        beliefs = {index: cue_belief(index) for index in indexes}
        best = max(indexes, key=beliefs.__getitem__)
        if beliefs[best] >= _LIKELIEST_CUE_BELIEF:
            cues.append(_grown_cue(best, beliefs, cue_belief))
    return cues


def _grown_cue(best: int, beliefs: dict[int, float], cue_belief: CueBelief) -> TokenRange:
    """The cue around its likeliest token, within its sentence (the keys of beliefs)."""
    first = last = best
    while (
        first - 1 in beliefs
        and cue_belief.inside(first) > cue_belief.opening(first)
        and beliefs[first - 1] >= _LIKELIEST_CUE_BELIEF
    ):
        first -= 1
    while last + 1 in beliefs and cue_belief.inside(last + 1) >= _LIKELIEST_CUE_BELIEF:
        last += 1
    return first, last


def _believed_cue(tokens: list[Token], cue_belief: Callable[[int], float] | None, cue: Span) -> bool:
    """Whether the cue tagger gives a token of the cue at least _RULES_LEAST_BELIEF of being in
    a cue (a cue on no token, where there are no tokens, is kept)."""
    inside = [index for index, token in enumerate(tokens) if token.start < cue.end and cue.start < token.end]
    beliefs = [cue_belief(index) for index in inside] if cue_belief else []
    return not beliefs or max(beliefs) >= _RULES_LEAST_BELIEF


def role_spans(tags: list[str], role: str) -> list[TokenRange]:
    """The spans tagged for role: each opens at its B (or at an I after anything else)."""
    begin, inside = f"B-{role}", f"I-{role}"
    spans: list[list[int]] = []
    for index, tag in enumerate(tags):
        if tag == begin or (tag == inside and (not spans or spans[-1][1] != index - 1)):
            spans.append([index, index])
        elif tag == inside:
            spans[-1][1] = index
    return [(first, last) for first, last in spans]


def cut_spans(
    text: str, tokens: list[Token], quoting: list[str], spans: list[TokenRange]
) -> list[TokenRange]:
    """Spans cut where a line ends, or a sentence ends outside a quotation: the taggers read
    the article as one sequence, but only a quotation carries an attribution across sentences,
    and nothing runs across a paragraph or a headline."""
    pieces = []
    for first, last in spans:
        start = first
        for index in range(first, last):
            line_ends = "\n" in text[tokens[index].end : tokens[index + 1].start]
            sentence_ends = tokens[index].sentence != tokens[index + 1].sentence and quoting[index] != "in"
            if line_ends or sentence_ends:
                pieces.append((start, index))
                start = index + 1
        pieces.append((start, last))
    return pieces


def assemble(
    tokens: list[Token], cues: list[TokenRange], contents: list[TokenRange], sources: list[TokenRange]
) -> Iterator[tuple[TokenRange, TokenRange, TokenRange | None]]:
    content_of = _pair_contents(tokens, cues, contents)
    for index, cue in enumerate(cues):
        source = _nearest_source(tokens, cue, sources) or _subject(tokens, cue)
        source = source and boundaries.source_without_when(tokens, source)
        content = content_of.get(index)
        content = (
            _outside(tokens, content, cue, source) if content else _rest_of_sentence(tokens, cue, source)
        )
        if content is not None:
            yield cue, content, source


def _pair_contents(tokens: list[Token], cues: list[TokenRange], contents: list[TokenRange]) -> dict:
    candidates = []
    for cue_index, cue in enumerate(cues):
        for content_index, content in enumerate(contents):
            same_sentence = (
                tokens[content[0]].sentence <= tokens[cue[0]].sentence <= tokens[content[1]].sentence
            )
            distance = _gap(cue, content)
            if same_sentence or distance <= _CONTENT_REACH:
                candidates.append((not same_sentence, distance, cue_index, content_index))
    content_of, taken = {}, set()
    for _, _, cue_index, content_index in sorted(candidates):
        if cue_index not in content_of and content_index not in taken:
            content_of[cue_index] = contents[content_index]
            taken.add(content_index)
    return content_of


def _nearest_source(tokens: list[Token], cue: TokenRange, sources: list[TokenRange]) -> TokenRange | None:
    sentence = tokens[cue[0]].sentence
    nearby = [
        source for source in sources if tokens[source[0]].sentence == sentence and not _overlap(source, cue)
    ]
    return min(nearby, key=lambda source: _gap(source, cue), default=None)


def _subject(tokens: list[Token], cue: TokenRange) -> TokenRange | None:
    """Where the taggers marked no source, the parse's: the subject of the cue's verb, or the
    object of "according to"."""
    cue_words = range(cue[0], cue[1] + 1)
    heads = {tokens[index].head for index in cue_words} | set(cue_words)
    wanted = {"pobj"} if tokens[cue[0]].lower == "according" else {"nsubj", "nsubjpass"}
    first, last = _sentence_range(tokens, cue[0])
    for index in range(first, last + 1):
        if tokens[index].dep in wanted and tokens[index].head in heads and index not in cue_words:
            return _subtree(tokens, index, (first, last))
    return None


def _subtree(tokens: list[Token], root: int, sentence: TokenRange) -> TokenRange:
    def descends(index: int) -> bool:
        for _ in range(_MAX_DEPTH):
            if index == root:
                return True
            if tokens[index].head == index:
                return False
            index = tokens[index].head
        return False

    inside = [index for index in range(sentence[0], sentence[1] + 1) if descends(index)]
    return _trimmed(tokens, (inside[0], inside[-1]), shortest=1) or (root, root)


def _outside(
    tokens: list[Token], content: TokenRange, cue: TokenRange, source: TokenRange | None
) -> TokenRange:
    """A content that holds its cue is cut to the quotation on one side when the other side
    quotes nothing ("X," a spokesman told the Global Times); otherwise it stays whole, as
    PolNeAR marks "X, he said, Y" (envelope of a discontinuous content)."""
    named = _with_source(cue, source)
    if not (content[0] <= named[0] and named[1] <= content[1]):
        return content
    before = _trimmed(tokens, (content[0], named[0] - 1), shortest=1)
    after = _trimmed(tokens, (named[1] + 1, content[1]), shortest=1)
    if before and _quotation(tokens, before) and not (after and _quotes_in(tokens, after)):
        return before
    if after and _quotation(tokens, after) and not (before and _quotes_in(tokens, before)):
        return after
    return content


def _quotation(tokens: list[Token], span: TokenRange) -> bool:
    return tokens[span[0]].text in _QUOTES and tokens[span[1]].text in _QUOTES


def _quotes_in(tokens: list[Token], span: TokenRange) -> bool:
    return any(tokens[index].text in _QUOTES for index in range(span[0], span[1] + 1))


def _sentence_range(tokens: list[Token], index: int) -> TokenRange:
    sentence = tokens[index].sentence
    first, last = index, index
    while first > 0 and tokens[first - 1].sentence == sentence:
        first -= 1
    while last + 1 < len(tokens) and tokens[last + 1].sentence == sentence:
        last += 1
    return first, last


def _rest_of_sentence(tokens: list[Token], cue: TokenRange, source: TokenRange | None) -> TokenRange | None:
    """The longer side of the sentence around the cue and its source: "He said [the border
    closed]", "[The border closed], the ministry said on Monday"."""
    first, last = _sentence_range(tokens, cue[0])
    named = _with_source(cue, source)
    before, after = (first, named[0] - 1), (named[1] + 1, last)
    if _set_off_after_a_statement(tokens, before) and not _states_before_a_comma(tokens, after):
        return _trimmed(tokens, before, shortest=3)
    return _trimmed(tokens, max(after, before, key=lambda side: side[1] - side[0]), shortest=3)


def _set_off_after_a_statement(tokens: list[Token], before: TokenRange) -> bool:
    """Whether the side before the speaker is a statement that a comma sets off: "[The harbour
    will stay open], the mayor said on Monday, after the vote" is the mayor's, however long
    what follows."""
    first, last = before
    return last - first >= 3 and tokens[last].text == "," and _states_something(tokens, before)


def _states_before_a_comma(tokens: list[Token], side: TokenRange) -> bool:
    """Whether the side starts with a statement ("when it passed, he said [the tax would
    rise]") rather than when or why it was said ("said [on Monday], after the vote")."""
    first, last = side
    comma = next((index for index in range(first, last + 1) if tokens[index].text == ","), last + 1)
    return comma > first and _states_something(tokens, (first, comma - 1))


def _trimmed(tokens: list[Token], span: TokenRange, shortest: int) -> TokenRange | None:
    """The span without punctuation at its edges (quotation marks stay), if it keeps at least
    shortest tokens."""
    first, last = span
    while first <= last and tokens[first].text in _EDGE_PUNCTUATION:
        first += 1
    while last >= first and tokens[last].text in _EDGE_PUNCTUATION:
        last -= 1
    return (first, last) if last - first + 1 >= shortest else None


def _with_source(cue: TokenRange, source: TokenRange | None) -> TokenRange:
    """The tokens from the cue to its source, whichever comes first."""
    return cue if source is None else (min(cue[0], source[0]), max(cue[1], source[1]))


def _gap(a: TokenRange, b: TokenRange) -> int:
    return max(b[0] - a[1], a[0] - b[1], 0)


def _overlap(a: TokenRange, b: TokenRange) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _attribution(text, tokens, sentences, cue, content, source, quoting_outlets) -> Attribution:
    def span(first_last: TokenRange) -> Span:
        return Span(tokens[first_last[0]].start, tokens[first_last[1]].end)

    cue_span, content_span = span(cue), span(content)
    if cue_span.start in quoting_outlets:  # the rules read the quoted speaker, not the outlet
        return quoting_outlets[cue_span.start]
    kind = "according_to" if tokens[cue[0]].lower == "according" else attribution_kind(content_span.of(text))
    # the rules know relays ("told the Global Times")
    relays, relay_cue = lexical.cue_relays(text, sentences[tokens[cue[0]].sentence], cue_span)
    return Attribution(content_span, cue_span, span(source) if source else None, kind, relays, relay_cue)


def _quotes_the_source(found: Attribution) -> bool:
    """Whether the lexical rules read the relay as quoting the source ("China Daily quoted Geng
    as saying"), where the taggers take the outlet, the verb's subject, for the source."""
    cue, source = found.relay_cue, found.source
    return cue is not None and source is not None and cue.start <= source.start and source.end <= cue.end
