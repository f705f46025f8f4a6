"""Words the rules know: reporting verbs (as PolNeAR and PARC cue them), the auxiliaries that
join a cue ("has said"), connectives that open a sentence, and words that mark an outlet."""

from pathlib import Path

_CUES = """
said says say saying told tells tell added adds adding noted notes note wrote writes write
reported reports report claimed claims claim stated states argued argues arguing explained
explains insisted insists warned warns announced announces acknowledged acknowledges
suggested suggests asked asks asserted asserts declared declares confirmed confirms denied
denies alleged alleges estimated estimates predicted predicts believes believe believed
thinks think thought contended contends maintained maintains recalled recalls testified
revealed reveals conceded concedes stressed stresses emphasized emphasised observed
commented responded replied continued tweeted posted wrote shows show showed found finds
quoted according called calling calls described describes describing criticized criticised
criticizes urged urges promised promises accused accuses endorsed endorses praised praises
defended defends cited cites citing mentioned mentions concluded concludes agreed agrees
argue telling asking noting warning claiming insisting explaining recalled recalling vowed
vows pledged pledges blamed blames questioned questions charged charges complained complains
admitted admits disputed disputes rejected rejects dismissed dismisses projected deny claim
state argue explain insist warn announce acknowledge suggest ask assert declare confirm allege
estimate predict contend maintain recall testify reveal concede stress emphasize observe comment
respond reply tweet post find call describe criticize urge promise accuse endorse praise defend
cite mention conclude agree vow pledge blame question charge complain admit dispute reject dismiss
""".split()  # noqa: SIM905 - a lexicon reads better as a block of words

# A cue of several words, keyed by its first word.
_PHRASES = {
    "according": ["according to"],
    "quoted": ["quoted as saying"],
}


def _learned_cues() -> list[str]:
    """Words that mostly serve as cues in PolNeAR's training articles (bench/derive_cues.py)."""
    lines = (Path(__file__).with_name("learned_cues.txt")).read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if line and not line.startswith("#")]


CUE_WORDS: dict[str, list[str]] = {word: _PHRASES.get(word, [word]) for word in [*_CUES, *_learned_cues()]}

# Words of the verb group that join the cue ("has said", "did not mention", "might argue").
# Modals, copulas and "do": they make a verb group (and a clause).
_VERB_GROUP = {
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "will",
    "would",
    "can",
    "could",
    "may",
    "might",
    "must",
    "should",
    "shall",
    "did",
    "does",
    "do",
}

AUXILIARIES = _VERB_GROUP | {
    "also",
    "still",
    "even",
    "further",
    "later",
    "previously",
    "repeatedly",
    "again",
    "reportedly",
    "not",
    "never",
    "don’t",
    "doesn’t",
    "didn’t",
    "won’t",
    "can’t",
    "don't",
    "doesn't",
    "didn't",
    "won't",
    "can't",
    "to",
}

LEADING_CONNECTIVES = {
    "but",
    "and",
    "however",
    "still",
    "meanwhile",
    "yet",
    "so",
    "also",
    "moreover",
    "though",
    "although",
}

DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our", "my"}

OUTLET_HINTS = {
    "times",
    "post",
    "news",
    "daily",
    "journal",
    "press",
    "radio",
    "agency",
    "network",
    "tv",
    "television",
    "herald",
    "tribune",
    "reuters",
    "ap",
    "afp",
    "cnn",
    "bbc",
    "rfa",
    "voa",
    "ani",
}

# Words that make a clause of what they stand in: "The border was closed" claims something.
FINITE_VERBS = _VERB_GROUP | {
    "won't",
    "can't",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "doesn't",
    "didn't",
    "spend",
    "spends",
    "want",
    "wants",
    "need",
    "needs",
    "costs",
    "cost",
    "remains",
    "remain",
    "pose",
    "poses",
    "operate",
    "operates",
}

# Words a source's noun phrase does not reach back over: "If you don't ... said", "As the Post said".
SOURCE_BOUNDARIES = {
    "if",
    "as",
    "when",
    "while",
    "because",
    "that",
    "where",
    "whereas",
    "since",
    "although",
    "though",
    "then",
    "and",
    "but",
    "so",
    "unless",
    "after",
    "before",
    "until",
    "once",
    "why",
    "how",
    "what",
}

# The particle a verb takes into its cue ("called for", "pointed to", "asked about").
CUE_PARTICLES = {
    verb: particles
    for verbs, particles in [
        ("call calls called calling", ("for", "on")),
        ("point points pointed pointing", ("to", "out")),
        ("ask asks asked asking talk talks talked talking wonder wonders wondered worry worried", ("about",)),
        ("refer refers referred referring", ("to",)),
        ("speak speaks spoke speaking", ("about", "out")),
    ]
    for verb in verbs.split()
}

# When it was said, which PolNeAR keeps in the cue ("said Thursday morning").
CUE_TIMES = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "morning",
    "afternoon",
    "evening",
    "night",
    "yesterday",
    "today",
    "tonight",
}
