from claims.suggest import lexical, parsed
from claims.suggest.model import SuggestionRun

MODES = ("parser", "lexical")


def suggest(text: str, mode: str | None = None) -> SuggestionRun:
    """Proposed attributions of the article: with the parser's rules when its model is installed
    (or when mode asks for them), else with the lexical ones. The run says which it used."""
    if mode not in (None, *MODES):
        raise ValueError(f"unknown mode {mode!r}; expected one of {', '.join(MODES)}")
    nlp = parsed.pipeline() if mode in (None, "parser") else None
    if mode == "parser" and nlp is None:
        raise RuntimeError("the parser's model is not installed: pip install -r requirements-parser.txt")
    if nlp is None:
        return SuggestionRun(mode="lexical", attributions=tuple(lexical.attributions(text)))
    return SuggestionRun(mode="parser", attributions=tuple(parsed.attributions(text, nlp)))
