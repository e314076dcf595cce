"""Writes one graph document to Neo4j in one transaction, with batched UNWIND upserts.

Nodes are grouped by label and relationships by (start label, type, end label), so a document costs
a handful of queries whatever its size. Reloading a document made by the same extractor version
changes nothing; one made by another version replaces the article's facts in the same transaction
(its evidence goes, the facts no other article supports are deleted, shared facts keep the
evidence of the other articles) before the new ones are written.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from typing import Any, Literal

import neo4j
from neo4j.spatial import WGS84Point
from pydantic import BaseModel, Field, ValidationError

from conflictkg.errors import DocumentError
from conflictkg.graph.dates import PartialDate
from conflictkg.graph.ids import fold
from conflictkg.graph.model import Evidence, GraphDocument, Node
from conflictkg.graph.queries import query
from conflictkg.graph.resolution_cache import ResolutionCache
from conflictkg.graph.resolve_tx import Resolution, Speculation, adopt, batch_rows, refresh
from conflictkg.graph.resolver import Doc, unresolved

# The version recorded for a document that does not say what made it.
UNKNOWN_EXTRACTOR = "unknown"
# Rounds of pruning: a place, its region, its country, and some slack.
_PRUNE_ROUNDS = 8

WriteStatus = Literal["created", "unchanged", "updated", "replaced"]


class WriteResult(BaseModel):
    article_id: str
    status: WriteStatus = Field(description="created: a new article; unchanged: written before "
                                "by the same extractor, nothing new; updated: same extractor, "
                                "something new merged; replaced: another extractor's facts were "
                                "replaced.")
    extractor: str
    previous_extractor: str | None = None
    skipped: bool = Field(default=False, description="Loaded before by this extractor version: not "
                          "extracted or written again.")
    nodes_created: int
    nodes_deleted: int = 0
    relationships_created: int
    relationships_deleted: int = 0
    properties_set: int
    nodes_in_document: int
    relationships_in_document: int

    @property
    def changed(self) -> bool:
        return self.status != "unchanged"


def as_document(doc: GraphDocument | dict[str, Any] | str) -> GraphDocument:
    """Validate input into a GraphDocument, or raise DocumentError listing what is wrong."""
    if isinstance(doc, GraphDocument):
        return doc
    try:
        if isinstance(doc, str):
            return GraphDocument.model_validate_json(doc)
        return GraphDocument.model_validate(doc)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'document'}: {e['msg']}" for e in exc.errors()[:10]
        )
        raise DocumentError(f"invalid graph document: {problems}", errors=exc.errors()) from None


def _date_fields(prefix: str, text: Any) -> dict[str, Any]:
    if not isinstance(text, str) or not text:
        return {}
    try:
        pd = PartialDate.parse(text)
    except ValueError as exc:
        raise DocumentError(f"invalid date {text!r}: {exc}") from None
    return {f"{prefix}_start": pd.start, f"{prefix}_end": pd.end, f"{prefix}_precision": pd.precision.value}


def _evidence_row(ev: Evidence) -> dict[str, Any]:
    return ev.model_dump()


def _node_row(node: Node) -> dict[str, Any]:
    props: dict[str, Any] = {k: v for k, v in node.properties.items() if k != "aliases" and v is not None}
    props.update(_date_fields("date", props.get("date")))
    lat, lon = props.get("lat"), props.get("lon")
    if isinstance(lat, int | float) and isinstance(lon, int | float):
        props["point"] = WGS84Point((lon, lat))
    listed = node.properties.get("aliases")
    aliases = [a for a in listed if isinstance(a, str)] if isinstance(listed, list) else []
    name = props.get("name")
    keys = [fold(x) for x in ([name] if isinstance(name, str) else []) + aliases]
    return {
        "id": node.id,
        "properties": props,
        "aliases": aliases,
        "search_keys": list(dict.fromkeys(keys)),
        "evidence": [_evidence_row(e) for e in node.evidence],
    }


def _rel_evidence(article_id: str, ev: Evidence) -> str:
    # Relationship properties cannot hold maps, so each piece of evidence is a JSON string that
    # names its article; identical strings merge on reload.
    return json.dumps({"article": article_id, **ev.model_dump()}, sort_keys=True, ensure_ascii=False)


class _Batches(BaseModel):
    """Everything one document sends to Neo4j, prepared once before the transaction opens (so bad
    dates fail early, and a retried transaction redoes no work)."""

    article: dict[str, Any]
    nodes: dict[str, list[dict[str, Any]]]
    relationships: dict[tuple[str, str, str], list[dict[str, Any]]]


def _batches(doc: GraphDocument, text_length: int | None) -> _Batches:
    meta = doc.article
    published = _date_fields("published", meta.published)
    article = {
        **meta.model_dump(),
        "published_start": published.get("published_start"),
        "published_precision": published.get("published_precision"),
        "length": text_length,
        "extractor": meta.extractor or UNKNOWN_EXTRACTOR,
    }
    labels: dict[str, str] = {n.id: n.label for n in doc.nodes}
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node in doc.nodes:
        by_label[node.label].append(_node_row(node))
    by_shape: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for rel in doc.relationships:
        props = {k: v for k, v in rel.properties.items() if v is not None}
        by_shape[(labels[rel.start], rel.type, labels[rel.end])].append(
            {
                "start": rel.start,
                "end": rel.end,
                "properties": props,
                "evidence": [_rel_evidence(meta.id, e) for e in rel.evidence],
            }
        )
    return _Batches(article=article, nodes=dict(by_label), relationships=dict(by_shape))


class _Outcome(BaseModel):
    previous: str | None = None  # the extractor of the article's earlier load; None: new article
    nodes_deleted: int = 0
    relationships_deleted: int = 0
    counters: list[Any] = Field(default_factory=list)


def _retract(tx: neo4j.ManagedTransaction, article_id: str, outcome: _Outcome) -> None:
    """Remove what an earlier extraction of the article put in the graph (see cypher/upserts)."""
    row = tx.run(query("retract_relationships").text, article_id=article_id).single(strict=True)
    outcome.relationships_deleted += row["deleted"]
    row = tx.run(query("retract_evidence").text, article_id=article_id).single(strict=True)
    outcome.relationships_deleted += row["deleted"]
    candidates = row["candidates"]
    for _ in range(_PRUNE_ROUNDS):
        result = tx.run(query("prune_unsupported").text, candidates=candidates)
        deleted = result.single(strict=True)["deleted"]
        outcome.relationships_deleted += result.consume().counters.relationships_deleted
        outcome.nodes_deleted += deleted
        if not deleted:
            break


def _doc(batches: _Batches) -> Doc:
    return Doc(article=batches.article, nodes=batches.nodes, relationships=batches.relationships)


def doc_of(prepared: PreparedDocument) -> Doc:
    """The rows of a prepared document as the resolver takes them."""
    return _doc(prepared.batches)


def _reported_events(tx: neo4j.ManagedTransaction, article_id: str) -> dict[str, str]:
    """The event nodes an article reports (node id -> label): after its facts are retracted, those
    other articles still report get their figures derived again."""
    rows = tx.run(query("article_mentions").text, article_id=article_id)
    return {r["node"]: r["label"] for r in rows}


def _write(tx: neo4j.ManagedTransaction, batches: _Batches, resolution: bool = True) -> _Outcome:
    article_id = batches.article["id"]
    outcome = _Outcome()
    stale: dict[str, str] = {}
    found = tx.run(query("article_extractor").text, article_id=article_id).single()
    if found is not None:
        outcome.previous = found["extractor"] or UNKNOWN_EXTRACTOR
        if outcome.previous != batches.article["extractor"]:
            stale = _reported_events(tx, article_id)
            _retract(tx, article_id, outcome)
    counters = [tx.run(query("upsert_article").text, article=batches.article).consume().counters]
    resolving = Resolution()
    if resolution:
        reloads = [article_id] if outcome.previous == batches.article["extractor"] else []
        docs = resolving.resolve(tx, [_doc(batches)], reloads=reloads)
        touched = {**stale, **resolving.touched}
    else:
        docs, touched = [unresolved(_doc(batches))], stale
    doc = docs[0]
    node_q = query("upsert_nodes")
    for label, rows in doc.nodes.items():
        result = tx.run(node_q.render(label=label), rows=rows, article_id=article_id)
        counters.append(result.consume().counters)
    rel_q = query("upsert_relationships")
    for (start_label, rel_type, end_label), rows in doc.relationships.items():
        text = rel_q.render(start_label=start_label, type=rel_type, end_label=end_label)
        counters.append(tx.run(text, rows=rows).consume().counters)
    if touched:
        refresh(tx, touched, resolving.profiles)
    outcome.counters = counters
    changed = (outcome.previous != batches.article["extractor"]
               or any(c.nodes_created or c.relationships_created for c in counters))
    if changed:
        mark_changed(tx)
    return outcome


def mark_changed(tx: neo4j.ManagedTransaction) -> int:
    """Count a change of the graph in the transaction that makes it (see `graph_changed`) and
    return the new version. Every path that writes facts calls this, so ETags over the graph stay
    truthful and a resolution cache knows when another writer came in between."""
    return int(tx.run(query("graph_changed").text).single(strict=True)["version"])


class PreparedDocument(BaseModel):
    """A validated document with its rows made (`_batches`): what a worker process hands to the
    writer. Preparing is all the work a write does outside the transaction, so a bad document fails
    here, before anything of it reaches the database."""

    batches: _Batches
    nodes_in_document: int
    relationships_in_document: int

    @property
    def article_id(self) -> str:
        return str(self.batches.article["id"])


def prepare_document(doc: GraphDocument | dict[str, Any] | str, *, text_length: int | None = None) -> PreparedDocument:
    document = as_document(doc)
    return PreparedDocument(
        batches=_batches(document, text_length),
        nodes_in_document=len(document.nodes) + 1,
        relationships_in_document=len(document.relationships),
    )


def _result(prepared: PreparedDocument, outcome: _Outcome) -> WriteResult:
    batches = prepared.batches
    counters = outcome.counters
    created = sum(c.nodes_created for c in counters)
    rels_created = sum(c.relationships_created for c in counters)
    status: WriteStatus
    if outcome.previous is None:
        status = "created"
    elif outcome.previous != batches.article["extractor"]:
        status = "replaced"
    else:
        status = "updated" if created or rels_created else "unchanged"
    return WriteResult(
        article_id=prepared.article_id,
        status=status,
        extractor=batches.article["extractor"],
        previous_extractor=outcome.previous,
        nodes_created=created,
        nodes_deleted=outcome.nodes_deleted,
        relationships_created=rels_created,
        relationships_deleted=outcome.relationships_deleted,
        properties_set=sum(c.properties_set for c in counters),
        nodes_in_document=prepared.nodes_in_document,
        relationships_in_document=prepared.relationships_in_document,
    )


def _write_all(tx: neo4j.ManagedTransaction, prepared: list[PreparedDocument], resolution: bool) -> list[_Outcome]:
    return [_write(tx, p.batches, resolution) for p in prepared]


def write_prepared(
    driver: neo4j.Driver, prepared: list[PreparedDocument], *, database: str | None = None,
    resolution: bool = True,
) -> list[WriteResult]:
    """Write several prepared documents in ONE transaction, in order: all of them or, on any error,
    none (the caller may then write them one by one to find the bad one). `resolution`: resolve
    events and persons across articles (graph.resolver); off, every mention is its own node."""
    if not prepared:
        return []
    with driver.session(database=database) as session:
        outcomes = session.execute_write(_write_all, prepared, resolution)
    return [_result(p, o) for p, o in zip(prepared, outcomes, strict=True)]


def _write_new(tx: neo4j.ManagedTransaction, prepared: list[PreparedDocument], resolution: bool,
               cache: ResolutionCache | None, speculation: Speculation | None = None,
               on_resolved: Callable[[ResolutionCache | None], None] | None = None,
               ) -> tuple[list[Any], ResolutionCache | None]:
    """Several articles none of which is in the graph, in a handful of queries: all articles, then
    each label's rows of every article in input order, then each relationship shape's. The graph
    is the one `_write` per article gives (rows touch a node in the same order; the articles of
    the batch resolve against each other in input order). Returns the counters and what the
    writer's resolution cache becomes once this commits. `speculation`: the batch resolved ahead
    (graph.resolve_tx.speculate), taken when still valid; `on_resolved` hears, once the batch is
    resolved, the cache it leaves if it commits next."""
    articles = [p.batches.article for p in prepared]
    counters = [tx.run(query("upsert_articles").text, articles=articles).consume().counters]
    resolving = Resolution(cache)
    ahead = None
    if resolution:
        if speculation is not None:
            resolving = adopt(tx, speculation, cache)
        docs = resolving.resolve(tx, [_doc(p.batches) for p in prepared])
        touched = resolving.touched
        ahead = resolving.ahead()
        if on_resolved is not None:
            on_resolved(ahead)
    else:
        docs, touched = [unresolved(_doc(p.batches)) for p in prepared], {}
    rows_of = resolving.rows or batch_rows(docs, touched, resolving.profiles)
    nodes, rels, rest, derived = rows_of.nodes, rows_of.relationships, rows_of.rest, rows_of.derived
    node_q = query("upsert_nodes_of_articles")
    for label, rows in nodes.items():
        counters.append(tx.run(node_q.render(label=label), rows=rows).consume().counters)
    rel_q = query("upsert_relationships")
    for (start_label, rel_type, end_label), rows in rels.items():
        text = rel_q.render(start_label=start_label, type=rel_type, end_label=end_label)
        counters.append(tx.run(text, rows=rows).consume().counters)
    if rest or derived:  # derived: a node without a row of this batch (none is expected)
        refresh(tx, {**rest, **{i: touched[i] for i in derived}}, resolving.profiles)
    version = mark_changed(tx)
    if ahead is not None and ahead.version == version:
        return counters, ahead  # the very cache the next batch may have been speculated against
    return counters, resolving.commit(version)


def write_new(
    driver: neo4j.Driver, prepared: list[PreparedDocument], *, database: str | None = None,
    resolution: bool = True, cache: ResolutionCache | None = None, speculation: Speculation | None = None,
    on_resolved: Callable[[ResolutionCache | None], None] | None = None,
) -> list[WriteResult]:
    """Write several articles that were not in the graph when looked up, in ONE transaction of a
    few queries (a corpus load's fast path; all or nothing). Each is `created`; the counters of
    the transaction are reported on the last article (the sum over the batch is exact). `cache`:
    the writer's resolution cache, kept across its calls (graph.resolve_tx.ResolutionCache);
    `speculation` and `on_resolved`: see `_write_new` (graph.pipeline uses them)."""
    if not prepared:
        return []
    with driver.session(database=database) as session:
        counters, proposal = session.execute_write(_write_new, prepared, resolution, cache, speculation,
                                                   on_resolved)
    if cache is not None:
        cache.take(proposal or ResolutionCache())
    results = [_result(p, _Outcome()) for p in prepared]
    results[-1] = _result(prepared[-1], _Outcome(counters=counters))
    return results


def write_document(
    driver: neo4j.Driver,
    doc: GraphDocument | dict[str, Any] | str,
    *,
    database: str | None = None,
    text_length: int | None = None,
    resolution: bool = True,
) -> WriteResult:
    """Write one document atomically: all of it or, on any error, nothing."""
    return write_prepared(driver, [prepare_document(doc, text_length=text_length)], database=database,
                          resolution=resolution)[0]
