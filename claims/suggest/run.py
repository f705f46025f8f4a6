from claims.suggest import lexical, tagger
from claims.suggest.credit import with_credit_lines
from claims.suggest.layout import with_layout_attributions
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
        found, mode = lexical.attributions(text), "lexical"
    else:
        found, mode = tagger.attributions(text, *parts), "tagger"
    return SuggestionRun(
        mode=mode, attributions=tuple(with_layout_attributions(text, with_credit_lines(text, found)))
    )


def _tagger_parts():
    nlp, taggers_by_name = pipeline(), tagger.taggers()
    return None if nlp is None or taggers_by_name is None else (nlp, taggers_by_name)
