"""Writes one graph document to Neo4j in one transaction, with batched UNWIND upserts.

Nodes are grouped by label and relationships by (start label, type, end label), so a document costs
a handful of queries whatever its size. Reloading a document changes no counts.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import neo4j
from pydantic import BaseModel, ValidationError

from conflictkg.errors import DocumentError
from conflictkg.graph.dates import PartialDate
from conflictkg.graph.ids import fold
from conflictkg.graph.model import Evidence, GraphDocument, Label, Node, RelType
from conflictkg.graph.queries import query

EXTRACTOR_VERSION = "1"


class WriteResult(BaseModel):
    article_id: str
    nodes_created: int
    relationships_created: int
    properties_set: int
    nodes_in_document: int
    relationships_in_document: int

    @property
    def changed(self) -> bool:
        return bool(self.nodes_created or self.relationships_created)


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
    props = {k: v for k, v in node.properties.items() if k != "aliases" and v is not None}
    props.update(_date_fields("date", props.get("date")))
    aliases = [a for a in (node.properties.get("aliases") or []) if isinstance(a, str)]
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
    nodes: dict[Label, list[dict[str, Any]]]
    relationships: dict[tuple[Label, RelType, Label], list[dict[str, Any]]]


def _batches(doc: GraphDocument, text_length: int | None) -> _Batches:
    meta = doc.article
    published = _date_fields("published", meta.published)
    article = {
        **meta.model_dump(),
        "published_start": published.get("published_start"),
        "published_precision": published.get("published_precision"),
        "length": text_length,
        "extractor": EXTRACTOR_VERSION,
    }
    labels: dict[str, Label] = {n.id: n.label for n in doc.nodes}
    by_label: dict[Label, list[dict[str, Any]]] = defaultdict(list)
    for node in doc.nodes:
        by_label[node.label].append(_node_row(node))
    by_shape: dict[tuple[Label, RelType, Label], list[dict[str, Any]]] = defaultdict(list)
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


def _write(tx: neo4j.ManagedTransaction, batches: _Batches) -> list[neo4j.SummaryCounters]:
    counters = [tx.run(query("upsert_article").text, article=batches.article).consume().counters]
    node_q = query("upsert_nodes")
    for label, rows in batches.nodes.items():
        result = tx.run(node_q.render(label=label), rows=rows, article_id=batches.article["id"])
        counters.append(result.consume().counters)
    rel_q = query("upsert_relationships")
    for (start_label, rel_type, end_label), rows in batches.relationships.items():
        text = rel_q.render(start_label=start_label, type=rel_type, end_label=end_label)
        counters.append(tx.run(text, rows=rows).consume().counters)
    return counters


def write_document(
    driver: neo4j.Driver,
    doc: GraphDocument | dict[str, Any] | str,
    *,
    database: str | None = None,
    text_length: int | None = None,
) -> WriteResult:
    """Write one document atomically: all of it or, on any error, nothing."""
    document = as_document(doc)
    batches = _batches(document, text_length)
    with driver.session(database=database) as session:
        counters = session.execute_write(_write, batches)
    return WriteResult(
        article_id=document.article.id,
        nodes_created=sum(c.nodes_created for c in counters),
        relationships_created=sum(c.relationships_created for c in counters),
        properties_set=sum(c.properties_set for c in counters),
        nodes_in_document=len(document.nodes) + 1,
        relationships_in_document=len(document.relationships),
    )
