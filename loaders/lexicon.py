"""Reading the lexicon data files under loaders/lexicons/.

Each file is UTF-8 TSV: a `# what this is and where it comes from` line, a header row, then
entries; `#` lines are comments and `|` separates variants within a cell.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from conflictkg.errors import ConflictKGError


def _lexicon_root():  # type: ignore[no-untyped-def]
    return resources.files("conflictkg.loaders").joinpath("lexicons")


@lru_cache(maxsize=None)
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of lexicons/<name> as dicts keyed by the header's column names."""
    path = _lexicon_root().joinpath(name)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise ConflictKGError(f"lexicon {name} is missing from the package") from None
    if not lines or not lines[0].startswith("#"):
        raise ConflictKGError(f"lexicon {name} must start with a `#` line saying what it holds")
    rows = [l for l in lines[1:] if l.strip() and not l.lstrip().startswith("#")]
    header = rows[0].split("\t")
    out: list[dict[str, str]] = []
    for n, line in enumerate(rows[1:], start=3):
        cells = line.split("\t")
        if len(cells) > len(header):
            raise ConflictKGError(f"lexicon {name}: line {n} has {len(cells)} columns, expected {len(header)}")
        cells += [""] * (len(header) - len(cells))
        out.append({h: c.strip() for h, c in zip(header, cells)})
    return tuple(out)


def variants(cell: str) -> list[str]:
    return [v.strip() for v in cell.split("|") if v.strip()]


def word_map(name: str, key: str, value: str) -> dict[str, str]:
    """A two-column table as {key variant (lower case): value}."""
    return {v.lower(): row[value] for row in read_table(name) for v in variants(row[key])}


def word_set(name: str, column: str = "word") -> frozenset[str]:
    return frozenset(v.lower() for row in read_table(name) for v in variants(row[column]))
