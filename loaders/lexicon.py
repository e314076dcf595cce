"""Reading the lexicon data files under loaders/lexicons/.

Each file is UTF-8 TSV: a `# what this is and where it comes from` line, a header row, then
entries; `#` lines are comments and `|` separates variants within a cell.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from conflictkg.errors import ConfigurationError, ConflictKGError
from conflictkg.settings import get_settings


@cache
def lexicon_root() -> Traversable:
    """The package's lexicons, or the folder CONFLICTKG_LEXICON_DIR names (read once a process)."""
    folder = get_settings().lexicon_dir
    if folder is None:
        return resources.files("conflictkg.loaders").joinpath("lexicons")
    if not (folder / "places.tsv").is_file():
        raise ConfigurationError(
            f"CONFLICTKG_LEXICON_DIR={folder} is not a lexicon folder (no places.tsv in it); "
            "point it at a full copy of loaders/lexicons"
        )
    return folder


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of lexicons/<name> as dicts keyed by the header's column names."""
    path = lexicon_root().joinpath(name)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise ConflictKGError(f"lexicon {name} is missing from the package") from None
    if not lines or not lines[0].startswith("#"):
        raise ConflictKGError(f"lexicon {name} must start with a `#` line saying what it holds")
    rows = [row for row in lines[1:] if row.strip() and not row.lstrip().startswith("#")]
    header = rows[0].split("\t")
    out: list[dict[str, str]] = []
    for n, line in enumerate(rows[1:], start=3):
        cells = line.split("\t")
        if len(cells) > len(header):
            raise ConflictKGError(f"lexicon {name}: line {n} has {len(cells)} columns, expected {len(header)}")
        cells += [""] * (len(header) - len(cells))
        out.append({h: c.strip() for h, c in zip(header, cells, strict=True)})
    return tuple(out)


@cache
def packs() -> tuple[str, ...]:
    """The conflict packs: folders under lexicons/conflicts/, each holding the actors, places and
    cues of one conflict in the same file names as the core lexicons (see lexicons/README.md)."""
    folder = lexicon_root().joinpath("conflicts")
    if not folder.is_dir():
        return ()
    return tuple(sorted(entry.name for entry in folder.iterdir() if entry.is_dir()))


def table_names(name: str) -> list[str]:
    """The core lexicon `name` and the same file of every conflict pack that has one."""
    return [name] + [f"conflicts/{pack}/{name}" for pack in packs()
                     if lexicon_root().joinpath("conflicts", pack, *name.split("/")).is_file()]


def read_all(name: str) -> list[dict[str, str]]:
    """The rows of the core lexicon `name` followed by those of each conflict pack, pack by pack."""
    return [row for table in table_names(name) for row in read_table(table)]


def variants(cell: str) -> list[str]:
    return [v.strip() for v in cell.split("|") if v.strip()]


def word_set(name: str, column: str = "word") -> frozenset[str]:
    return frozenset(v.lower() for row in read_table(name) for v in variants(row[column]))


@cache
def function_words(lang: str) -> frozenset[str]:
    """A language's function words (`<lang>/function_words.tsv`): articles, prepositions, pronouns."""
    return word_set(f"{lang}/function_words.tsv")
