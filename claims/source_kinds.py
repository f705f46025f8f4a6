"""The kind of a source known only by its words, for registry entries that the brat import and
the suggester create. Deliberately simple: such entries are marked for a person to correct."""

import re

from claims.models import SourceKind


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PRONOUNS = _words(
    "i me my we us our you your he him his she her it its they them their who whom whose which that "
    "this these those one someone somebody anyone everyone some many most others several few all both"
)
INDEFINITE = _words("a an one some another other others several many few unnamed anonymous unidentified")
# Alone, these name nobody: a tagger's slip onto a conjunction or the like ("If", "and").
FUNCTION_WORDS = _words(
    "if and or but as so because while when although though whether then also not nor yet than"
)
ANONYMOUS_WORDS = _words("source sources insider insiders")
ANONYMOUS_ROLES = _words("source official spokesman spokeswoman spokesperson insider")
DOCUMENT_HEADS = _words(
    "poll polls survey surveys study studies report reports data figures statistics statement statements "
    "memo memos letter letters email emails document documents records filing filings analysis lawsuit "
    "complaint ruling website tweet tweets ad ads book transcript release census"
)
OUTLET_WORDS = _words(
    "times post news journal tribune herald gazette politico cnn msnbc nbc cbs abc fox reuters press "
    "breitbart bloomberg magazine newspaper network radio television tv observer telegraph guardian wire "
    "daily agency"
)
ORGANISATION_WORDS = _words(
    "campaign committee department administration company house senate congress party commission court "
    "council bureau office ministry government university institute foundation association union "
    "corporation inc corp fbi cia nsa gop dnc rnc pac team service organization organisation center centre "
    "board army embassy"
)
GROUP_HEADS = _words(
    "officials police democrats republicans voters experts analysts critics supporters aides advisers "
    "advisors lawmakers residents protesters members leaders people investigators prosecutors authorities "
    "staff staffers officers activists economists scientists researchers americans conservatives liberals "
    "delegates donors observers strategists agents workers employees evangelicals witnesses diplomats "
    "villagers sources"
)


def names_no_one(name: str) -> bool:
    """Whether words proposed as a source's name name nobody: one pronoun, quantifier or
    function word ("Who", "Many", "If"), or one lower-case adverb ("globally")."""
    word = name.strip()
    if not word or " " in word:
        return not word
    folded = word.lower()
    return folded in PRONOUNS | INDEFINITE | FUNCTION_WORDS or (word == folded and folded.endswith("ly"))


def guess_source_kind(name: str) -> str:
    """Looking at the words before the first comma or parenthesis ("Victor Cha, a scholar at
    ..." is "Victor Cha"), in this order:

    - anonymous: a pronoun alone ("he", "who", "they");
    - outlet: a word that marks a news outlet anywhere ("Xinhua News Agency", "The Border Herald");
    - document or data, organisation, group: by the last word ("the poll", "the Clinton campaign",
      "the Foreign Ministry", "Senate Democrats", "police");
    - anonymous: an indefinite opening ("a source", "another official"), a word naming a
      source, or an unnamed role in lower case ("the spokesman");
    - group: any other plural in lower case ("local residents");
    - person otherwise ("Trump", "Mr. Obama", "Jones")."""
    core = re.split(r"[,(]", name, maxsplit=1)[0].strip() or name
    tokens = [token.strip(".'’\"“”-") for token in re.findall(r"[\w'’.\"“”-]+", core)]
    tokens = [token for token in tokens if token]
    if not tokens:
        return SourceKind.ANONYMOUS
    words = [token.lower() for token in tokens]
    head, written_head = words[-1], tokens[-1]
    if len(words) == 1 and head in PRONOUNS:
        return SourceKind.ANONYMOUS
    if OUTLET_WORDS & set(words):
        return SourceKind.OUTLET
    if head in DOCUMENT_HEADS:
        return SourceKind.DOCUMENT
    if head in ORGANISATION_WORDS:
        return SourceKind.ORGANISATION
    if head in GROUP_HEADS:
        return SourceKind.GROUP
    if (
        words[0] in INDEFINITE
        or ANONYMOUS_WORDS & set(words)
        or (written_head.islower() and head in ANONYMOUS_ROLES)
    ):
        return SourceKind.ANONYMOUS
    if written_head.islower() and head.endswith("s") and not head.endswith(("ss", "us", "is")):
        return SourceKind.GROUP
    return SourceKind.PERSON
