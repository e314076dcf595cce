"""Extraction throughput: MB of article text per second on one core, median of several runs.

The corpus (at least 1,000 articles) is made by repeating the project's test articles with
variations (names of places and numbers swapped, paragraphs reordered), so no two are identical.
The baseline is a blank spaCy pipeline's tokenizer over the same texts, run in the same command:
each run times both, one after the other, the side that goes first alternating from run to run
(a machine's speed drifts over a minute; runs of one side all before the other's would carry the
drift into the ratio). The ratio printed is the median of the runs' ratios.

The scaling lines time single articles of 0.1, 1 and 5 MB: real article text (the corpus joined)
and dense event text (an attack in every sentence, places and figures varied). Extraction is linear
when the seconds per MB stay flat; the check allows 1.5x between the smallest and largest.

    python bench/extract.py [--articles 1000] [--runs 5] [--scaling-runs 3] [--only-scaling]

It measures the extractor as installed: compiled with mypyc after `make native` (which `make
install` and `make bench` run), else the Python sources; the first line says which.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from conflictkg.loaders import NATIVE_STATE
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


# Dense event text: every sentence an attack, with places, perpetrators and figures varied so that
# the attacks stay distinct (a worst case for merging and linking).
_DENSE = {
    "nl": "{n} mensen kwamen om bij een Russische {method} op {place}, meldden Oekraïense functionarissen.",
    "en": "{n} people were killed in a Russian {method} on {place}, Ukrainian officials said.",
}
_PLACES = ["Kharkiv", "Odesa", "Sumy", "Dnipro", "Kherson", "Zaporizhzhia", "Mykolaiv", "Poltava", "Lviv",
           "Chernihiv"]
_METHODS = {"nl": ["drone-aanval", "raketaanval", "beschieting"], "en": ["drone strike", "missile strike",
                                                                      "shelling attack"]}
SIZES_MB = (0.1, 1.0, 5.0)


def dense_text(lang: str, size_mb: float) -> str:
    target = int(size_mb * 1e6)
    parts = ["date 2025-03-27\n"]
    size, i = len(parts[0]), 0
    while size < target:
        sentence = _DENSE[lang].format(n=i % 50 + 1, method=_METHODS[lang][i % 3], place=_PLACES[i % 10])
        parts.append(sentence + ("\n\n" if i % 5 == 4 else " "))
        size += len(parts[-1].encode("utf-8"))
        i += 1
    return "".join(parts)


def real_text(texts: list[tuple[str, str]], lang: str, size_mb: float) -> str:
    """One article of the corpus's text in one language, as long as asked."""
    target = int(size_mb * 1e6)
    bodies = [t.partition("\n")[2] for lg, t in texts if lg == lang]
    parts, size, i = ["date 2025-03-27\n"], 0, 0
    while size < target:
        parts.append(bodies[i % len(bodies)] + "\n\n")
        size += len(parts[-1].encode("utf-8"))
        i += 1
    return "".join(parts)


def seconds_per_mb(text: str, lang: str, runs: int) -> float:
    mb = len(text.encode("utf-8")) / 1e6
    times = []
    for _ in range(runs):
        start = time.process_time()
        extract_text(text, language=lang)
        times.append(time.process_time() - start)
    return statistics.median(times) / mb


def scaling(texts: list[tuple[str, str]], runs: int) -> bool:
    flat = True
    for kind, make in (("real article text", lambda mb: real_text(texts, "nl", mb)),
                       ("dense event text", lambda mb: dense_text("nl", mb))):
        extract_text(make(SIZES_MB[0]), language="nl")  # warm the per-word caches first
        figures = [seconds_per_mb(make(mb), "nl", runs) for mb in SIZES_MB]
        ratio = max(figures) / min(figures)
        flat = flat and ratio <= 1.5
        cells = "  ".join(f"{mb:g} MB {f:5.2f} s/MB" for mb, f in zip(SIZES_MB, figures, strict=True))
        print(f"scaling, {kind:<17}: {cells}  max/min {ratio:.2f} ({'flat' if ratio <= 1.5 else 'NOT flat'})")
    return flat


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--scaling-runs", type=int, default=3, help="Runs per size for the scaling lines.")
    ap.add_argument("--only-scaling", action="store_true", help="Skip the throughput comparison.")
    args = ap.parse_args()
    texts = corpus(args.articles)
    if args.only_scaling:
        extract_text(texts[0][1], language=texts[0][0])
        scaling(texts, args.scaling_runs)
        return
    mb = sum(len(t.encode("utf-8")) for _, t in texts) / 1e6
    print(f"extractor: {NATIVE_STATE}")
    print(f"corpus: {len(texts)} articles, {mb:.2f} MB")

    import spacy

    extract_text(texts[0][1], language=texts[0][0])  # load lexicons and dictionaries once
    blanks = {"nl": spacy.blank("nl"), "en": spacy.blank("en")}
    sides = {"ours": lambda lang, t: extract_text(t), "base": lambda lang, t: blanks[lang].tokenizer(t)}
    ours: list[float] = []
    base: list[float] = []
    for run in range(args.runs):
        for side in (("ours", "base") if run % 2 == 0 else ("base", "ours")):
            (ours if side == "ours" else base).append(throughput(sides[side], texts))

    med, base_med = statistics.median(ours), statistics.median(base)
    ratio = statistics.median(x / y for x, y in zip(ours, base, strict=True))
    print(f"conflictkg extract       : median {med:6.2f} MB/s  runs {', '.join(f'{x:.2f}' for x in ours)}")
    print(f"spaCy blank tokenizer    : median {base_med:6.2f} MB/s  runs {', '.join(f'{x:.2f}' for x in base)}")
    print(f"ratio extract / tokenizer: {ratio:.2f} (median of the runs' ratios; ratio of the medians "
          f"{med / base_med:.2f})")
    print(f"target >= 1.00 MB/s per core: {'met' if med >= 1.0 else 'NOT met'}")
    scaling(texts, args.scaling_runs)


if __name__ == "__main__":
    main()
