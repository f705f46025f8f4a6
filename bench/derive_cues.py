"""Derive the suggester's learned cue words from a brat folder of gold attributions (PolNeAR's
train split): the words that, wherever they occur in the articles, mostly serve as cues.

    .venv/bin/python bench/derive_cues.py /tmp/polnear/data/train > claims/suggest/learned_cues.txt

Only words and their figures are written, never article text. A word is kept when it is a cue
at least MIN_CUES times and in at least MIN_SHARE of its occurrences (counted once per
article; articles annotated twice count their cues once on average), and is not one of the
words that stand in cues without being their verb ("also", "statement").
"""

import re
import sys
from collections import Counter
from pathlib import Path

MIN_CUES = 5
MIN_SHARE = 0.45
WORD = re.compile(r"[\w’'-]*\w")
NOT_VERBS = {
    "also",
    "statement",
    "criticism",
    "publicly",
    "widely",
    "strongly",
    "repeatedly",
    "known",
    "’s",
    "'s",
    "’re",
    "the",
    "a",
    "to",
    "of",
    "in",
    "that",
    "and",
    "for",
    "on",
    "with",
    "is",
    "was",
    "be",
    "has",
    "have",
    "had",
    "not",
    "did",
    "does",
    "do",
    "will",
    "would",
    "his",
    "her",
    "their",
    "it",
}


def cue_words(ann: str, text: str) -> list[str]:
    words = []
    for line in ann.splitlines():
        columns = line.split("\t")
        if not line.startswith("T") or len(columns) < 3 or not columns[1].startswith("Cue "):
            continue
        try:
            spans = [tuple(map(int, part.split())) for part in columns[1].split(" ", 1)[1].split(";")]
        except ValueError:
            continue
        words += WORD.findall(" ".join(text[start:end] for start, end in spans).lower())
    return words


def main(folder: Path) -> None:
    as_cue, occurrences, texts = Counter(), Counter(), set()
    anns = sorted((folder / "attributions").glob("*.ann"))
    for ann_path in anns:
        name = ann_path.stem.rsplit("_", 1)[0]
        text = (folder / "text" / f"{name}.txt").read_text(encoding="utf-8")
        if name not in texts:
            texts.add(name)
            occurrences.update(word.lower() for word in WORD.findall(text))
        as_cue.update(cue_words(ann_path.read_text(encoding="utf-8"), text))
    per_text = len(texts) / max(len(anns), 1)
    print(f"# learned from {len(anns)} annotation files of {len(texts)} articles by bench/derive_cues.py")
    print("# word  cues  occurrences  share")
    for word, count in as_cue.most_common():
        share = count * per_text / max(occurrences[word], 1)
        if count >= MIN_CUES and MIN_SHARE <= share <= 1.5 and word not in NOT_VERBS:
            print(f"{word}\t{count}\t{occurrences[word]}\t{share:.2f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
