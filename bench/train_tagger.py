"""Trains the suggester's two taggers (claims/suggest/tagger.py) on PolNeAR's train split and
writes them, compressed with xz, to claims/suggest/models/, where the app loads them.

    .venv/bin/python bench/train_tagger.py /tmp/polnear/data/train

Each (text, annotator) pair is one training sequence: the tokens of the article
(claims.suggest.tokens) with their features (claims.suggest.features), labelled for the roles
its tagger marks ("B-cue", "I-source", "O"; a token in two roles' spans takes the first). A
role's span is the envelope of its fragments (a content interrupted by "he said" is one span,
as the suggester proposes it); where spans of one role nest, the outermost is kept.
The taggers train in parallel, one process each. The models hold feature weights, not text;
PolNeAR's articles stay outside the repository, and its test split is refused.
"""

import argparse
import bisect
import lzma
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import pycrfsuite  # noqa: E402
from common import refuse_reserved_split  # noqa: E402

from claims.ingest.brat import BratAttribution, envelope, iter_brat_folder, read_brat_file  # noqa: E402
from claims.suggest.features import article_features  # noqa: E402
from claims.suggest.tagger import MODELS, TAGGERS, model_path  # noqa: E402
from claims.suggest.tokens import Token, article_tokens, pipeline  # noqa: E402

_SEQUENCES: list[tuple[list[Token], list[list[str]], list[BratAttribution]]] = []  # read by the workers


def labels(tokens: list[Token], gold: list[BratAttribution], roles: tuple[str, ...]) -> list[str]:
    """ "B-role", "I-role" or "O" for each token; a token in spans of two roles takes the first."""
    tags = ["O"] * len(tokens)
    starts = [token.start for token in tokens]
    for role in roles:
        for start, end in _outermost(gold, role):
            index = max(bisect.bisect_right(starts, start) - 1, 0)
            tag = f"B-{role}"
            while index < len(tokens) and tokens[index].start < end:
                if tokens[index].end > start and tags[index] == "O":
                    tags[index], tag = tag, f"I-{role}"
                index += 1
    return tags


def _outermost(gold: list[BratAttribution], role: str) -> list[tuple[int, int]]:
    spans = sorted(
        {(e.start, e.end) for a in gold if (e := envelope(getattr(a, role)))}, key=lambda s: (s[0], -s[1])
    )
    outermost: list[tuple[int, int]] = []
    for span in spans:
        if not outermost or span[0] >= outermost[-1][1]:
            outermost.append(span)
    return outermost


def read_sequences(folder: Path) -> int:
    refuse_reserved_split(folder)
    nlp = pipeline()
    if nlp is None:
        sys.exit("the parser's model is not installed: pip install -r requirements-parser.txt")
    read: dict[Path, tuple[list[Token], list[list[str]]]] = {}
    for brat_file in iter_brat_folder(folder):
        if not brat_file.text_path.is_file():
            continue
        text, gold, _ = read_brat_file(brat_file)
        if brat_file.text_path not in read:
            tokens = article_tokens(text, nlp)
            read[brat_file.text_path] = (tokens, article_features(tokens))
        _SEQUENCES.append((*read[brat_file.text_path], gold))
    return len(read)


def train(
    name: str, folder: Path, c1: float, c2: float, iterations: int, min_freq: int
) -> tuple[str, float, Path]:
    started = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for tokens, features, gold in _SEQUENCES:
        trainer.append(features, labels(tokens, gold, TAGGERS[name]))
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": iterations,
            "feature.minfreq": min_freq,
            "feature.possible_transitions": True,
        }
    )
    path = folder / model_path(name).name
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        trained = Path(scratch) / "model.crfsuite"
        trainer.train(str(trained))
        path.write_bytes(lzma.compress(trained.read_bytes()))
    return name, time.perf_counter() - started, path


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", type=Path, help="PolNeAR's data/train (or another brat folder)")
    parser.add_argument(
        "--models",
        type=Path,
        default=MODELS,
        help=f"where to write the models (default {MODELS.relative_to(REPO_ROOT)})",
    )
    parser.add_argument("--c1", type=float, default=0.05, help="L1 penalty (default 0.05)")
    parser.add_argument("--c2", type=float, default=1.0, help="L2 penalty (default 1.0)")
    parser.add_argument("--iterations", type=int, default=150, help="L-BFGS iterations (default 150)")
    parser.add_argument("--min-freq", type=int, default=2, help="drop features seen fewer times (default 2)")
    arguments = parser.parse_args()
    started = time.perf_counter()
    texts = read_sequences(arguments.folder)
    print(f"{texts} texts, {len(_SEQUENCES)} annotated copies read in {time.perf_counter() - started:.0f} s")
    jobs = [
        (name, arguments.models, arguments.c1, arguments.c2, arguments.iterations, arguments.min_freq)
        for name in TAGGERS
    ]
    with multiprocessing.get_context("fork").Pool(min(len(TAGGERS), multiprocessing.cpu_count())) as pool:
        for name, seconds, path in pool.starmap(train, jobs):
            print(f"{name}: trained in {seconds:.0f} s, {path.stat().st_size / 1e6:.1f} MB at {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
