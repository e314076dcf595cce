"""The cross-article evaluation: does each real-world agreement or attack end up as one graph node?

A set (`clusters.yaml`, evaluation.clusters) is loaded, article by article in its order, into an
empty database through the normal ingest path. Then, per article, each annotated mention is matched
to the fact extraction made of it (the matching rules of the extraction scores, scoring.Matcher) and
the fact's id is mapped to the node it is in the graph (named query `article_mentions`: before
cross-article resolution the two are the same id; after it, merged mentions share a node). The
node partition is scored against the gold clusters (evaluation.merges).

The database is never a user's graph: a throwaway local server, or NEO4J_URI only when that
database is empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import neo4j

from conflictkg.errors import InputError
from conflictkg.evaluation.clusters import CrossDocSet, Mention
from conflictkg.evaluation.merges import Grouping, MergeScores, missed_merges, score_merges, wrong_merges
from conflictkg.evaluation.scoring import Matcher
from conflictkg.graph.connection import check_connection, create_driver
from conflictkg.graph.model import GraphDocument
from conflictkg.graph.queries import query
from conflictkg.graph.schema import apply_schema
from conflictkg.ingest.service import Ingestor
from conflictkg.loaders.source import read_article
from conflictkg.settings import Settings

# phase ("loading" or "matching") and article, after each article
Step = Callable[[str, str], object]


@dataclass
class LabelCount:
    """Over all facts of a label in the set's articles, not only the annotated ones."""

    mentions: int = 0  # facts extraction made (one per article that reports it)
    nodes: set[str] = field(default_factory=set)  # the graph nodes they are


@dataclass
class CrossDocReport:
    set: CrossDocSet
    gold: dict[Mention, str]  # every annotated mention -> its cluster
    nodes: dict[Mention, str] = field(default_factory=dict)  # mentions extraction found -> graph node
    facts: dict[Mention, str] = field(default_factory=dict)  # ... -> the fact id extraction gave it
    not_found: dict[Mention, str] = field(default_factory=dict)  # mentions extraction missed -> why
    labels: dict[str, LabelCount] = field(default_factory=dict)

    def _only(self, category: str | None) -> dict[Mention, str]:
        return {m: c for m, c in self.gold.items() if category is None or m.category == category}

    def scores(self, category: str | None = None) -> MergeScores:
        """Over the found mentions of one category (None: all)."""
        return score_merges(self._only(category), self.nodes)

    def wrong_merges(self) -> list[Grouping[Mention]]:
        return wrong_merges(self.gold, self.nodes)

    def missed_merges(self) -> list[Grouping[Mention]]:
        return missed_merges(self.gold, self.nodes)

    def annotated(self, category: str | None = None) -> int:
        return len(self._only(category))

    def missing(self, category: str | None = None) -> list[Mention]:
        return [m for m in self.not_found if category is None or m.category == category]

    def is_near_miss(self, a: str, b: str) -> bool:
        return (a, b) in self.set.near_misses or (b, a) in self.set.near_misses


def evaluate_set(cds: CrossDocSet, driver: neo4j.Driver, *, database: str | None = None,
                 time_budget: float | None = None, on_step: Step | None = None) -> CrossDocReport:
    """Load the set into the (empty) database and score the nodes its mentions ended up in."""
    docs = load_articles(cds, driver, database=database, time_budget=time_budget, on_step=on_step)
    # Mapped after every article is in: resolution may re-point an earlier article's mentions.
    return map_mentions(cds, docs, driver, database=database, on_step=on_step)


def load_articles(cds: CrossDocSet, driver: neo4j.Driver, *, database: str | None = None,
                  time_budget: float | None = None, on_step: Step | None = None,
                  resolution: bool = True) -> dict[str, GraphDocument]:
    """Extract and write each article in the set's order (the ingest service's path); the
    documents written, by article. `resolution=False`: every mention its own node."""
    step = on_step or (lambda phase, article: None)
    apply_schema(driver, database)
    ingestor = Ingestor(driver, database=database, time_budget=time_budget, resolution=resolution)
    docs: dict[str, GraphDocument] = {}
    for article in cds.articles:
        src = read_article(cds.path(article))
        docs[article] = ingestor.extract(src)
        ingestor.write(src, docs[article])
        step("loading", article)
    return docs


def map_mentions(cds: CrossDocSet, docs: dict[str, GraphDocument], driver: neo4j.Driver, *,
                 database: str | None = None, on_step: Step | None = None) -> CrossDocReport:
    """Match each annotated mention to its fact in the article's document, and the fact to the
    graph node it is now."""
    step = on_step or (lambda phase, article: None)
    report = CrossDocReport(cds, cds.gold())
    for article, doc in docs.items():
        rows = article_mentions(driver, doc.article.id, database)
        node_of = {r["mention"]: r["node"] for r in rows}
        for r in rows:
            count = report.labels.setdefault(r["label"], LabelCount())
            count.mentions += 1
            count.nodes.add(r["node"])
        matcher = Matcher(doc, cds.expected[article])
        for category in cds.categories:
            # One fact per mention: when extraction made one fact of two annotated things, the
            # second is not found (an extraction miss), not a merge.
            own = matcher.assign(category, exclusive=True)
            for index, (fact, shared) in enumerate(zip(own, matcher.assign(category), strict=True)):
                m = Mention(article, category, index)
                if fact is None:
                    taker = own.index(shared) if shared is not None else None
                    report.not_found[m] = ("no matching fact" if taker is None
                                           else f"its only fact is that of {category}[{taker}]")
                elif fact not in node_of:
                    report.not_found[m] = f"fact {fact} is not in the graph"
                else:
                    report.facts[m], report.nodes[m] = fact, node_of[fact]
        step("matching", article)
    return report


def article_mentions(driver: neo4j.Driver, article_id: str, database: str | None) -> list[dict[str, str]]:
    """`mention`, `node` and `label` of each event the article reports."""
    # notifications off: before resolution no REPORTED_IN has a `mention`, and the server warns of it
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS,
                        notifications_min_severity="OFF") as session:
        return [r.data() for r in session.run(query("article_mentions").text, article_id=article_id)]


def ensure_empty(driver: neo4j.Driver, settings: Settings) -> None:
    """Refuse a database that holds anything: the evaluation writes, and counts, every node."""
    records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=settings.neo4j_database,
                                         routing_=neo4j.RoutingControl.READ)
    held = int(records[0]["n"])
    if held:
        raise InputError(f"the database {settings.neo4j_database!r} at {settings.effective_uri} holds {held} "
                         "node(s); the cross-article evaluation loads its articles into an empty database only. "
                         "Unset NEO4J_URI to use a throwaway local server, or point it at an empty database.")


@contextmanager
def evaluation_database(settings: Settings, *, say: Callable[[str], object] = print
                        ) -> Iterator[tuple[neo4j.Driver, Settings]]:
    """NEO4J_URI when it is set and its database is empty; else a throwaway local server."""
    if settings.neo4j_uri:
        with _connected(settings) as driver:
            ensure_empty(driver, settings)
            yield driver, settings
        return
    from conflictkg.localdb.throwaway import throwaway_server

    with throwaway_server("crossdoc", heap="512m", pagecache="256m", say=say) as local, \
            _connected(local) as driver:
        yield driver, local


@contextmanager
def _connected(settings: Settings) -> Iterator[neo4j.Driver]:
    driver = create_driver(settings, quiet=True)
    try:
        check_connection(driver, settings)
        yield driver
    finally:
        driver.close()
