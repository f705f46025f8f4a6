from claims.suggest import lexical, tagger
from claims.suggest.model import SuggestionRun
from claims.suggest.tokens import pipeline

MODES = ("tagger", "lexical")


def suggest(text: str, mode: str | None = None) -> SuggestionRun:
    """Proposed attributions of the article: by the trained taggers when the parser's model and
    python-crfsuite are installed (or when mode asks for them), else by the lexical rules. The
    run says which it used."""
    if mode not in (None, *MODES):
        raise ValueError(f"unknown mode {mode!r}; expected one of {', '.join(MODES)}")
    parts = _tagger_parts() if mode in (None, "tagger") else None
    if mode == "tagger" and parts is None:
        raise RuntimeError(
            "the tagger needs its extras: pip install -e '.[tagger]' -r requirements-parser.txt"
        )
    if parts is None:
        return SuggestionRun(mode="lexical", attributions=tuple(lexical.attributions(text)))
    nlp, taggers_by_name = parts
    return SuggestionRun(mode="tagger", attributions=tuple(tagger.attributions(text, nlp, taggers_by_name)))


def _tagger_parts():
    nlp, taggers_by_name = pipeline(), tagger.taggers()
    return None if nlp is None or taggers_by_name is None else (nlp, taggers_by_name)
