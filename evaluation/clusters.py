"""The gold file of a cross-article set: `clusters.yaml` (format in tests/crossdoc/README.md).

It lists the set's articles in load order and groups the entries of their expected graphs into
clusters, one per real-world agreement or attack: a mention is `[article, category, index]`, the
index-th entry of that category in the article's `X.expected.yaml`. Loading checks that every
mention exists and that every entry of a clustered category is in exactly one cluster, so that each
pair of mentions is either the same thing or two things.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from conflictkg.errors import InputError
from conflictkg.evaluation.scoring import CATEGORIES

CLUSTERS_FILE = "clusters.yaml"


class _ClusterEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    description: str = Field(min_length=1)
    mentions: list[tuple[str, str, int]] = Field(min_length=1)


class _ClustersFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: list[str] = Field(min_length=1)
    clusters: list[_ClusterEntry]
    near_misses: list[tuple[str, str]] = Field(default_factory=list)


@dataclass(frozen=True, order=True)
class Mention:
    """One annotated entry: `article` as the clusters file names it (relative to its folder)."""

    article: str
    category: str
    index: int

    def __str__(self) -> str:
        return f"{self.article} {self.category}[{self.index}]"


@dataclass(frozen=True)
class Cluster:
    id: str
    description: str
    category: str
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class CrossDocSet:
    """A validated set: articles (paths as written, in load order), their expected graphs, clusters."""

    root: Path
    articles: tuple[str, ...]
    expected: dict[str, dict[str, Any]]
    clusters: tuple[Cluster, ...]
    near_misses: tuple[tuple[str, str], ...]

    def path(self, article: str) -> Path:
        return self.root / article

    def gold(self) -> dict[Mention, str]:
        """Each mention's cluster id."""
        return {m: c.id for c in self.clusters for m in c.mentions}

    @property
    def categories(self) -> list[str]:
        """The categories the clusters annotate, in the scorer's order."""
        used = {c.category for c in self.clusters}
        return [c for c in CATEGORIES if c in used]

    def cluster(self, cluster_id: str) -> Cluster:
        return next(c for c in self.clusters if c.id == cluster_id)

    def describe(self, m: Mention) -> str:
        """A mention with a few words from its expected entry."""
        e = self.expected[m.article][m.category][m.index]
        if m.category == "attacks":
            what = f"{e.get('method')} by {e.get('perpetrator')} at {', '.join(e.get('locations') or []) or '?'}"
        elif m.category == "agreements":
            what = f"{e.get('topic')} {'/'.join(e.get('parties') or [])} {e.get('status')}"
        else:
            what = ", ".join(f"{k}={v}" for k, v in e.items() if isinstance(v, str))[:60]
        return f"{m} ({what}, {e.get('date')})"


def is_crossdoc_set(directory: Path) -> bool:
    return (directory / CLUSTERS_FILE).is_file()


def load_set(directory: Path) -> CrossDocSet:
    """Read and check `clusters.yaml` in `directory`; InputError names the first bad entry."""
    file = directory / CLUSTERS_FILE
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
        data = _ClustersFile.model_validate(raw)
    except OSError as exc:
        raise InputError(f"{file}: {exc}") from exc
    except (yaml.YAMLError, ValidationError) as exc:
        raise InputError(f"{file}: not a clusters file: {exc}") from exc

    articles = list(data.articles)
    repeated = sorted({a for a in articles if articles.count(a) > 1})
    if repeated:
        raise InputError(f"{file}: articles listed twice: {', '.join(repeated)}")
    expected = {a: _expected_of(file, directory, a) for a in articles}

    clusters: list[Cluster] = []
    owner: dict[Mention, str] = {}
    for entry in data.clusters:
        if any(c.id == entry.id for c in clusters):
            raise InputError(f"{file}: cluster id {entry.id!r} is used twice")
        mentions = tuple(Mention(a, cat, i) for a, cat, i in entry.mentions)
        for m in mentions:
            _check_mention(file, entry.id, m, expected)
            if m in owner:
                raise InputError(f"{file}: {m} is in two clusters, {owner[m]!r} and {entry.id!r}")
            owner[m] = entry.id
        categories = sorted({m.category for m in mentions})
        if len(categories) > 1:
            raise InputError(f"{file}: cluster {entry.id!r} mixes categories {categories}")
        clusters.append(Cluster(entry.id, entry.description, categories[0], mentions))

    # every entry of a clustered category must be in a cluster: a missing one would silently
    # drop its pairs from the scores
    for category in sorted({c.category for c in clusters}):
        for a in articles:
            for i in range(len(expected[a].get(category) or [])):
                if Mention(a, category, i) not in owner:
                    raise InputError(f"{file}: {a} {category}[{i}] is in no cluster (every entry of a clustered "
                                     "category needs one; a single mention is a cluster of one)")
    ids = {c.id for c in clusters}
    for a, b in data.near_misses:
        for cid in (a, b):
            if cid not in ids:
                raise InputError(f"{file}: near_misses names an unknown cluster {cid!r}")
    return CrossDocSet(directory, tuple(articles), expected, tuple(clusters), tuple(data.near_misses))


def _expected_of(file: Path, directory: Path, article: str) -> dict[str, Any]:
    path = directory / article
    if not path.is_file():
        raise InputError(f"{file}: article {article} does not exist ({path})")
    exp_path = path.with_name(path.name.removesuffix(".txt") + ".expected.yaml")
    if not exp_path.is_file():
        raise InputError(f"{file}: article {article} has no expected graph ({exp_path.name})")
    data = yaml.safe_load(exp_path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise InputError(f"{exp_path}: not an expected graph")
    return data


def _check_mention(file: Path, cluster_id: str, m: Mention, expected: dict[str, dict[str, Any]]) -> None:
    where = f"{file}: cluster {cluster_id!r}: mention [{m.article}, {m.category}, {m.index}]"
    if m.article not in expected:
        raise InputError(f"{where}: article {m.article} is not in the articles list")
    if m.category not in CATEGORIES:
        raise InputError(f"{where}: unknown category {m.category!r} (one of {', '.join(CATEGORIES)})")
    entries = expected[m.article].get(m.category) or []
    if not 0 <= m.index < len(entries):
        raise InputError(f"{where}: index {m.index} out of range: {m.article} has {len(entries)} "
                         f"{m.category} entries")
