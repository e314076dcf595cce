"""How well a graph's nodes group mentions, against gold clusters: pairwise and B-cubed.

Both compare two partitions of the same mentions: `gold` (mention -> its real-world cluster) and
`system` (mention -> the graph node it ended up in). Pairwise counts pairs of mentions: a pair in
one node is a merge, right when the pair is in one cluster; precision is right merges over merges,
recall right merges over gold pairs. B-cubed scores each mention by the overlap of its node and its
cluster (Bagga and Baldwin 1998), so a big cluster does not outweigh many small ones quadratically.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass(frozen=True)
class MergeScores:
    mentions: int  # mentions scored (those both partitions know)
    nodes: int  # distinct nodes they are in
    clusters: int  # distinct gold clusters they are in
    gold_pairs: int  # pairs of mentions of one cluster
    merged_pairs: int  # pairs of mentions in one node
    right_pairs: int  # both
    bcubed_precision: float | None
    bcubed_recall: float | None

    @property
    def precision(self) -> float | None:
        """Pairwise merge precision; None when nothing was merged."""
        return _ratio(self.right_pairs, self.merged_pairs)

    @property
    def recall(self) -> float | None:
        """Pairwise merge recall; None when no two mentions should be merged."""
        return _ratio(self.right_pairs, self.gold_pairs)

    @property
    def bcubed_f1(self) -> float | None:
        p, r = self.bcubed_precision, self.bcubed_recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


def score_merges(gold: Mapping[K, str], system: Mapping[K, str]) -> MergeScores:
    """Scores over the mentions in both mappings (a mention extraction missed has no node)."""
    keys = [k for k in gold if k in system]
    by_cluster: dict[str, int] = defaultdict(int)
    by_node: dict[str, int] = defaultdict(int)
    by_both: dict[tuple[str, str], int] = defaultdict(int)
    for k in keys:
        by_cluster[gold[k]] += 1
        by_node[system[k]] += 1
        by_both[gold[k], system[k]] += 1
    precision = sum(by_both[gold[k], system[k]] / by_node[system[k]] for k in keys)
    recall = sum(by_both[gold[k], system[k]] / by_cluster[gold[k]] for k in keys)
    return MergeScores(
        mentions=len(keys), nodes=len(by_node), clusters=len(by_cluster),
        gold_pairs=sum(map(_pairs, by_cluster.values())),
        merged_pairs=sum(map(_pairs, by_node.values())),
        right_pairs=sum(map(_pairs, by_both.values())),
        bcubed_precision=precision / len(keys) if keys else None,
        bcubed_recall=recall / len(keys) if keys else None,
    )  # fmt: skip


@dataclass(frozen=True)
class Grouping(Generic[K]):
    """A node holding mentions of several clusters (a wrong merge), or a cluster whose mentions
    are in several nodes (a missed merge): the key, then the mentions per part."""

    key: str
    parts: dict[str, list[K]]


def wrong_merges(gold: Mapping[K, str], system: Mapping[K, str]) -> list[Grouping[K]]:
    """Nodes that hold mentions of more than one cluster, with those mentions per cluster."""
    return _split(system, gold)


def missed_merges(gold: Mapping[K, str], system: Mapping[K, str]) -> list[Grouping[K]]:
    """Clusters whose mentions are in more than one node, with those mentions per node."""
    return _split(gold, system)


def _split(outer: Mapping[K, str], inner: Mapping[K, str]) -> list[Grouping[K]]:
    groups: dict[str, dict[str, list[K]]] = defaultdict(lambda: defaultdict(list))
    for k in outer:
        if k in inner:
            groups[outer[k]][inner[k]].append(k)
    return [Grouping(key, {p: list(ms) for p, ms in sorted(parts.items())})
            for key, parts in sorted(groups.items()) if len(parts) > 1]
