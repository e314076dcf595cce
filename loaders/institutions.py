"""State institutions as actors: "the Indian army", "Russia's defence ministry", "het leger van
Myanmar" name a body of their own (Indian Army, Russian Ministry of Defence) that is affiliated
with its country, so a perpetrator or source is the body the text names and still counts for its
state. The nouns and their English names are data (`<lang>/bodies.tsv`, column `institution`)."""

from __future__ import annotations

from functools import cache

from conflictkg.loaders.lexicon import read_table


@cache
def _adjectives() -> dict[str, str]:
    """The English adjective of each country code: the first demonym en/demonyms.tsv lists for it."""
    out: dict[str, str] = {}
    for row in read_table("en/demonyms.tsv"):
        out.setdefault(row["country"], row["form"])
    return out


def institution_name(code: str, country_name: str, institution: str) -> str:
    """ "Indian Army", "Russian Ministry of Defence"; the country's name where no adjective is known."""
    return f"{_adjectives().get(code, country_name)} {institution}"
