"""Extraction throughput: MB of article text per second on one core, median of several runs.

The corpus (at least 1,000 articles) is made by repeating the project's test articles with
variations (names of places and numbers swapped, paragraphs reordered), so no two are identical.
The baseline is a blank spaCy pipeline's tokenizer over the same texts, run in the same command.

    python bench/extract.py [--articles 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from conflictkg.loaders.extract import extract_text

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "examples", ROOT / "tests" / "articles", ROOT / "tests" / "heldout"]
SWAPS = {
    "en": [("Kharkiv", "Sumy"), ("Odesa", "Mykolaiv"), ("three", "four"), ("20", "35"), ("Tuesday", "Thursday")],
    "nl": [("Charkiv", "Soemy"), ("Cherson", "Odesa"), ("drie", "vier"), ("20", "35"), ("dinsdag", "donderdag")],
}


def corpus(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """n (language, text) pairs varied from the test articles, deterministically."""
    rng = random.Random(seed)
    base = [(p.name[:2] if p.name[:2] in ("nl", "en") else "nl", p.read_text(encoding="utf-8"))
            for d in SOURCES for p in sorted(d.glob("*.txt"))]
    out = []
    for i in range(n):
        lang, text = base[i % len(base)]
        header, _, body = text.partition("\n")
        paragraphs = body.split("\n\n")
        rng.shuffle(paragraphs[1:]) if len(paragraphs) > 2 else None
        body = "\n\n".join(paragraphs)
        for a, b in SWAPS[lang]:
            if rng.random() < 0.5:
                body = body.replace(a, b)
        out.append((lang, f"{header}\n{body}\n\n(variant {i})"))
    return out


def throughput(fn, texts: list[tuple[str, str]]) -> float:
    size = sum(len(t.encode("utf-8")) for _, t in texts)
    start = time.process_time()  # one core: CPU time of this process
    for lang, text in texts:
        fn(lang, text)
    return size / (time.process_time() - start) / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    texts = corpus(args.articles)
    mb = sum(len(t.encode("utf-8")) for _, t in texts) / 1e6
    print(f"corpus: {len(texts)} articles, {mb:.2f} MB")

    extract_text(texts[0][1], language=texts[0][0])  # load lexicons and dictionaries once
    ours = [throughput(lambda lang, t: extract_text(t), texts) for _ in range(args.runs)]

    import spacy

    blanks = {"nl": spacy.blank("nl"), "en": spacy.blank("en")}
    base = [throughput(lambda lang, t: blanks[lang].tokenizer(t), texts) for _ in range(args.runs)]

    med, base_med = statistics.median(ours), statistics.median(base)
    print(f"conflictkg extract       : median {med:6.2f} MB/s  runs {', '.join(f'{x:.2f}' for x in ours)}")
    print(f"spaCy blank tokenizer    : median {base_med:6.2f} MB/s  runs {', '.join(f'{x:.2f}' for x in base)}")
    print(f"ratio extract / tokenizer: {med / base_med:.2f}")
    print(f"target >= 1.00 MB/s per core: {'met' if med >= 1.0 else 'NOT met'}")


if __name__ == "__main__":
    main()
