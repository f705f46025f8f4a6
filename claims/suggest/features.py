"""What the taggers see of each token: the word, its tag and dependency, whether it stands inside
a quotation, and where it hangs under the nearest reporting verb above it (its subject reads as
a source, its complement as content) and under the nearest verb with a clausal complement (which
finds cues the lexicon lacks: "were frustrated that"), with the words around it. Training
(bench/train_tagger.py) and suggesting read the same features.

Built column by column over the article rather than token by token: the suggester spends a
fifth of its time here.
"""

from claims.suggest.lexicon import CUE_WORDS
from claims.suggest.tokens import UNPARSED, Token

_OPENING, _CLOSING = "“‘", "”’"
_MAX_CLIMB = 12
_VERB_GROUP = {
    "aux",
    "auxpass",
    "neg",
    "prt",
    "npadvmod",
}  # "has said", "did not", "pointed out", "said Thursday"


def article_features(tokens: list[Token]) -> list[list[str]]:
    words = [token.lower for token in tokens]
    tags = [token.tag for token in tokens]
    deps = [token.dep for token in tokens]
    quoting = quotation_states(tokens)
    cues = [_is_cue_word(token) for token in tokens]
    children: list[list[int]] = [[] for _ in tokens]
    for index, token in enumerate(tokens):
        if token.head != index:
            children[token.head].append(index)
    reporting = [_climb(tokens, index, cues, parsed_only=True) for index in range(len(tokens))]
    complemented = [any(deps[child] == "ccomp" for child in kids) for kids in children]
    features = [
        _own(tokens, index, quoting, cues, reporting[index])
        + (_parsed(tokens, index, children, complemented) if tags[index] != UNPARSED else [])
        for index in range(len(tokens))
    ]
    relations = [found[1] if found else None for found in reporting]
    _add_neighbours(features, words, tags, quoting, cues, deps, relations)
    return features


def _own(tokens: list[Token], index: int, quoting: list[str], cues: list[bool], reporting) -> list[str]:
    token = tokens[index]
    head = tokens[token.head]
    features = [
        "bias",
        f"w={token.lower}",
        f"s3={token.lower[-3:]}",
        f"tag={token.tag}",
        f"dep={token.dep}",
        f"hw={head.lower}",
        f"htag={head.tag}",
        f"q={quoting[index]}",
        f"cw={cues[index]}",
        f"ss={index == 0 or tokens[index - 1].sentence != token.sentence}",
        f"cap={token.text[:1].isupper()}",
    ]
    if reporting is not None:
        verb, relation, depth = reporting
        side = "L" if index < verb else "R" if index > verb else "S"
        features += [
            f"ar={relation}",
            f"ard={relation}|{min(depth, 4)}",
            f"aw={tokens[verb].lower}",
            f"art={relation}|{token.tag}",
            f"as={side}",
        ]
    return features


def _parsed(
    tokens: list[Token], index: int, children: list[list[int]], complemented: list[bool]
) -> list[str]:
    token = tokens[index]
    features = []
    if children[index]:
        features.append("kids=" + "|".join(sorted({tokens[child].dep for child in children[index]})))
    found = _climb(tokens, index, complemented, parsed_only=False)
    if found is not None:
        verb, relation, depth = found
        features += [f"cr={relation}", f"cr|{relation}|{min(depth, 3)}", f"crw={tokens[verb].lower}"]
    if token.dep in _VERB_GROUP:
        features.append(f"hd={token.dep}|{tokens[token.head].lower}")
    return features


def _add_neighbours(features, words, tags, quoting, cues, deps, relations) -> None:
    """What each token reads of the two tokens on either side (and of the adjacent ones more),
    the word pairs it is in, and the words three away."""
    size = len(words)
    for offset in (-2, -1, 1, 2):
        seen = [
            [f"{offset}w={w}", f"{offset}tag={t}", f"{offset}q={q}"]
            for w, t, q in zip(words, tags, quoting, strict=True)
        ]
        if offset in (-1, 1):
            for strings, cue, dep, relation in zip(seen, cues, deps, relations, strict=True):
                strings += [f"{offset}cw={cue}", f"{offset}dep={dep}"]
                if relation:
                    strings.append(f"{offset}ar={relation}")
        for index in range(size):
            at = index + offset
            if 0 <= at < size:
                features[index] += seen[at]
            else:
                features[index].append(f"{offset}w=BOUND")
    for index in range(size - 1):
        pair = f"{words[index]}|{words[index + 1]}"
        features[index].append("bg+=" + pair)
        features[index + 1].append("bg-=" + pair)
    for index in range(size - 3):
        features[index].append(f"3w={words[index + 3]}")
        features[index + 3].append(f"-3w={words[index]}")


def _is_cue_word(token: Token) -> bool:
    return token.lower == "according" or (
        token.lower in CUE_WORDS and (token.tag.startswith("VB") or token.tag == UNPARSED)
    )


def _climb(
    tokens: list[Token], index: int, marked: list[bool], *, parsed_only: bool
) -> tuple[int, str, int] | None:
    """The nearest marked token at or above this one (parsed, if parsed_only), the relation of
    the child it is reached through ("self" for the token itself), and how many steps up."""
    node, child = index, index
    for depth in range(_MAX_CLIMB + 1):
        if marked[node] and not (parsed_only and tokens[node].tag == UNPARSED):
            return node, "self" if node == index else tokens[child].dep, depth
        if tokens[node].head == node:
            return None
        child, node = node, tokens[node].head
    return None


def quotation_states(tokens: list[Token]) -> list[str]:
    """ "Q" for a quotation mark, "in" inside a quotation, "out" outside, over the whole article:
    quotations run across sentences."""
    inside, states = False, []
    for token in tokens:
        if token.text in _OPENING or (token.text == '"' and not inside):
            states.append("Q")
            inside = True
        elif token.text in _CLOSING or (token.text == '"' and inside):
            states.append("Q")
            inside = False
        else:
            states.append("in" if inside else "out")
    return states
