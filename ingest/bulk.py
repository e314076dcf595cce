"""`conflictkg load --bulk`: a first load through Neo4j's offline importer.

On an EMPTY database of the LOCAL server only (the one `conflictkg db start` runs): the corpus is
extracted by the same pipeline as a normal load (ingest.corpus: process pool, skipping repeats),
but instead of transactions the prepared rows of every article (graph.writer's own row
preparation, so the properties are the same: date_start/date_end, point, search_keys, search,
evidence) are merged in memory exactly as the writer's upserts merge them in the database:

- a node's properties: the later article's value wins (`SET n += row.properties`); aliases and
  search keys are unions in first-seen order, `search` is `|key|key|`;
- events and persons resolved across articles in input order by one resolver (graph.resolver, with
  no database: its own memory is the candidates), as the transactional load resolves them; a
  ResolutionBlock per block key a write would have locked; the figures of nodes several articles
  report derived from the claims (graph.claims), as after each transaction;
- one REPORTED_IN per (fact, article, sentence, start, end, mention), with the sentence as `quote`
  and the mention's claim;
- one relationship per (start, type, end), properties overwritten, evidence strings unioned;
- an Article per article id with the writer's properties and `loaded_at` (the import's time).

Then node and relationship CSVs in neo4j-admin's import format are written (one file per label and
per type, typed headers, arrays split by U+001F), the server is stopped, `neo4j-admin database
import full` runs from the local server's jars, the server is started again, the schema
(constraints and indexes, graph.schema) is applied, and the result is verified: node and
relationship counts as written, and the constraints and indexes as the registry declares them.

A non-empty database or a remote one (NEO4J_URI set) is refused with BulkRefused before anything
is extracted; the node count is checked again right before the server is stopped.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import neo4j
from neo4j.spatial import WGS84Point
from pydantic import BaseModel, ConfigDict

from conflictkg.errors import ConflictKGError, LocalServerError
from conflictkg.graph.claims import Claim, aggregate
from conflictkg.graph.queries import query
from conflictkg.graph.resolver import Doc, Found, Resolver, plan, unresolved
from conflictkg.graph.writer import PreparedDocument, WriteResult
from conflictkg.ingest.corpus import CorpusLoad, done
from conflictkg.ingest.inputs import Candidate
from conflictkg.ingest.service import LoadSummary
from conflictkg.localdb import LocalServer
from conflictkg.settings import Settings

ARRAY_DELIMITER = "\x1f"  # U+001F, the unit separator: in no article text
IMPORT_TIMEOUT = 6 * 3600.0
Report = Callable[[str], None]


class BulkRefused(ConflictKGError):
    """--bulk cannot run on this database: it is not empty, or not the local server."""


class BulkResult(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    summary: LoadSummary
    nodes: int
    relationships: int
    extract_seconds: float
    csv_seconds: float
    import_seconds: float
    schema_seconds: float
    seconds: float


# -- the in-memory merge: the writer's upserts, replayed --------------------------------------------

class _NodeAcc:
    __slots__ = ("aliases", "id", "label", "props", "search_keys")

    def __init__(self, node_id: str, label: str) -> None:
        self.id, self.label = node_id, label
        self.props: dict[str, Any] = {}
        self.aliases: dict[str, None] = {}  # ordered sets
        self.search_keys: dict[str, None] = {}


class _RelAcc:
    __slots__ = ("end", "end_label", "evidence", "props", "start", "start_label", "type")

    def __init__(self, start: str, start_label: str, type_: str, end: str, end_label: str) -> None:
        self.start, self.start_label, self.type, self.end, self.end_label = start, start_label, type_, end, end_label
        self.props: dict[str, Any] = {}
        self.evidence: dict[str, None] = {}


class GraphMerge:
    """A sink for ingest.corpus that merges prepared documents in memory (see the module's doc)."""

    def __init__(self, loaded_at: datetime | None = None, *, resolution: bool = True) -> None:
        self.loaded_at = loaded_at or datetime.now(UTC)
        self.articles: dict[str, dict[str, Any]] = {}
        self.nodes: dict[str, _NodeAcc] = {}
        self.reported: dict[tuple[str, str, int, int, int, str], dict[str, Any]] = {}
        self.rels: dict[tuple[str, str, str], _RelAcc] = {}
        self.resolution = resolution
        self.resolver = Resolver()
        self.blocks: dict[str, str] = {}  # ResolutionBlock id -> kind

    def loaded(self, article_ids: list[str]) -> dict[str, str | None]:
        return {}  # the database is empty; repeats within the load are skipped by the pipeline

    def write(self, batch: list[PreparedDocument], *, new: bool = False) -> list[WriteResult]:
        return [self.add(p) for p in batch]

    def submit(self, batch: list[PreparedDocument]) -> Future[list[WriteResult]]:
        return done(self.write, batch)

    def close(self) -> None:
        pass

    @property
    def node_count(self) -> int:
        return len(self.articles) + len(self.nodes) + len(self.blocks)

    @property
    def relationship_count(self) -> int:
        return len(self.reported) + len(self.rels)

    def _resolve(self, prepared: PreparedDocument) -> Doc:
        b = prepared.batches
        doc = Doc(article=b.article, nodes=b.nodes, relationships=b.relationships)
        if not self.resolution:
            return unresolved(doc)
        for key in plan([doc]).locks:
            self.blocks[key] = key.split("|")[0]
        return self.resolver.resolve([doc], Found())[0]

    def add(self, prepared: PreparedDocument) -> WriteResult:
        b = self._resolve(prepared)
        aid = str(b.article["id"])
        nodes_before, rels_before = self.node_count, self.relationship_count
        # upsert_article: these keys are SET (a null removes one), loaded_at on create
        keys = ("language", "published", "published_start", "published_precision", "title", "source", "length",
                "extractor")
        created = aid not in self.articles
        article = {k: b.article.get(k) for k in keys}
        article["loaded_at"] = self.articles[aid]["loaded_at"] if not created else self.loaded_at
        self.articles[aid] = article
        for label, rows in b.nodes.items():
            for row in rows:
                acc = self.nodes.get(row["id"])
                if acc is None:
                    acc = self.nodes[row["id"]] = _NodeAcc(row["id"], label)
                elif acc.label != label:
                    raise ConflictKGError(f"node {row['id']} is a {acc.label} in one article and a {label} in another")
                acc.props.update(row["properties"])
                acc.aliases.update(dict.fromkeys(row["aliases"]))
                acc.search_keys.update(dict.fromkeys(row["search_keys"]))
                for ev in row["evidence"]:
                    at = (row["id"], aid, ev["sentence"], ev["start"], ev["end"], row["mention"])
                    edge = self.reported.setdefault(at, {})
                    edge["quote"] = ev["quote"]
                    edge.update(row["claim"])
        for (start_label, type_, end_label), rows in b.relationships.items():
            for row in rows:
                key = (row["start"], type_, row["end"])
                rel = self.rels.get(key)
                if rel is None:
                    rel = self.rels[key] = _RelAcc(row["start"], start_label, type_, row["end"], end_label)
                rel.props.update(row["properties"])
                rel.evidence.update(dict.fromkeys(row["evidence"]))
        return WriteResult(
            article_id=aid, status="created" if created else "unchanged", extractor=str(b.article["extractor"]),
            nodes_created=self.node_count - nodes_before, relationships_created=self.relationship_count - rels_before,
            properties_set=0, nodes_in_document=prepared.nodes_in_document,
            relationships_in_document=prepared.relationships_in_document,
        )

    def derive(self) -> None:
        """The figures of every node several mentions joined, from all their claims (what each
        transaction's refresh does in the database)."""
        touched = self.resolver.touched
        claims: dict[str, list[Claim]] = {node: [] for node in touched}
        for (node, aid, *_rest, mention), edge in self.reported.items():
            if node in claims:
                article = self.articles[aid]
                fields = {k: v for k, v in edge.items() if k != "quote"}
                claims[node].append(Claim(article=aid, mention=mention, published=article.get("published_start"),
                                          published_precision=article.get("published_precision"), **fields))
        for node, found in claims.items():
            if found:
                self.nodes[node].props.update(aggregate(touched[node], found))

    # -- CSV in neo4j-admin's format ---------------------------------------------------------------

    def write_csv(self, folder: Path) -> tuple[list[tuple[str, Path]], list[tuple[str, Path]]]:
        """One typed CSV per label and per relationship type; returns (label, file), (type, file)."""
        node_files: list[tuple[str, Path]] = []
        rel_files: list[tuple[str, Path]] = []
        self.derive()
        articles = list(self.articles.items())
        if articles:
            node_files.append(("Article", _write_table(folder / "nodes-Article.csv", ["id:ID"], articles)))
        blocks = [(key, {"kind": kind}) for key, kind in sorted(self.blocks.items())]
        if blocks:
            node_files.append(("ResolutionBlock", _write_table(folder / "nodes-ResolutionBlock.csv", ["id:ID"],
                                                                blocks)))
        by_label: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for n in self.nodes.values():
            props = {**n.props, "aliases": list(n.aliases), "search_keys": list(n.search_keys),
                     "search": "|" + "".join(k + "|" for k in n.search_keys)}
            by_label.setdefault(n.label, []).append((n.id, props))
        for label, rows in sorted(by_label.items()):
            node_files.append((label, _write_table(folder / f"nodes-{label}.csv", ["id:ID"], rows)))
        reported = [((node, aid), {"sentence": s, "start": st, "end": e, "mention": m, **edge})
                    for (node, aid, s, st, e, m), edge in self.reported.items()]
        if reported:
            rel_files.append(("REPORTED_IN", _write_table(folder / "rels-REPORTED_IN.csv", [":START_ID", ":END_ID"],
                                                          reported)))
        by_type: dict[str, list[tuple[tuple[str, str], dict[str, Any]]]] = {}
        for r in self.rels.values():
            by_type.setdefault(r.type, []).append(((r.start, r.end), {**r.props, "evidence": list(r.evidence)}))
        for type_, rel_rows in sorted(by_type.items()):
            rel_files.append((type_, _write_table(folder / f"rels-{type_}.csv", [":START_ID", ":END_ID"], rel_rows)))
        return node_files, rel_files


def _column_type(name: str, values: Iterable[Any]) -> str:
    kinds: set[str] = set()
    element_kinds: set[str] = set()
    for v in values:
        if v is None:
            continue
        if isinstance(v, list):
            kinds.add("list")
            element_kinds.update(_scalar_kind(x) for x in v)
        else:
            kinds.add(_scalar_kind(v))
    if kinds == {"list"}:
        if not element_kinds or element_kinds == {"string"}:
            return "string[]"
        if element_kinds == {"long"}:
            return "long[]"
        if element_kinds <= {"long", "double"}:
            return "double[]"
    elif len(kinds) == 1:
        return kinds.pop()
    elif kinds == {"long", "double"}:
        return "double"
    raise ConflictKGError(f"property {name!r} has values of several types ({', '.join(sorted(kinds))}); "
                          "neo4j-admin import takes one type per column")


def _scalar_kind(v: Any) -> str:
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "long"
    if isinstance(v, float):
        return "double"
    if isinstance(v, str):
        return "string"
    if isinstance(v, datetime):
        return "datetime"
    if isinstance(v, date):
        return "date"
    if isinstance(v, WGS84Point):
        return "point"
    raise ConflictKGError(f"cannot write a {type(v).__name__} to an import CSV")


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _scalar(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, datetime):
        return v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, WGS84Point):
        return f"{{latitude:{v.latitude!r}, longitude:{v.longitude!r}}}"
    return str(v)


def _field(v: Any) -> str:
    """A CSV field; None is an empty UNQUOTED field, which the importer leaves unset."""
    if v is None:
        return ""
    if isinstance(v, list):
        parts = [_scalar(x) for x in v]
        if any(ARRAY_DELIMITER in p for p in parts):
            raise ConflictKGError("a list value contains U+001F, the import's array delimiter")
        return _quote(ARRAY_DELIMITER.join(parts))
    return _quote(_scalar(v))


def _write_table(path: Path, key_columns: list[str], rows: list[tuple[Any, dict[str, Any]]]) -> Path:
    names = sorted({k for _, props in rows for k, v in props.items() if v is not None})
    types = {k: _column_type(k, (props.get(k) for _, props in rows)) for k in names}
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join([*key_columns, *(f"{k}:{types[k]}" for k in names)]) + "\n")
        for key, props in rows:
            keys = list(key) if isinstance(key, tuple) else [key]
            fh.write(",".join([*(_quote(k) for k in keys), *(_field(props.get(k)) for k in names)]) + "\n")
    return path


# -- the run ------------------------------------------------------------------------------------

def _silent(_message: str) -> None:
    pass


def check_target(settings: Settings) -> None:
    if not settings.uses_local_server:
        raise BulkRefused(
            f"--bulk loads into the local server only (the one `conflictkg db start` runs), but NEO4J_URI is set "
            f"({settings.neo4j_uri}): neo4j-admin import writes the database files directly, which cannot be done "
            "over Bolt. Load without --bulk (it works against any server, clusters and Aura included), or unset "
            "NEO4J_URI to use the local server."
        )


def refuse_if_not_empty(nodes: int, database: str) -> None:
    if nodes:
        raise BulkRefused(
            f"database {database} of the local server is not empty ({nodes} node{'s' if nodes != 1 else ''}); "
            "--bulk is for a first load and would replace it. Load without --bulk (it adds to what is there "
            "and skips what is loaded), or start from an empty data dir (CONFLICTKG_DB_DIR)."
        )


# neo4j-admin leaves an empty array unset, where the writer's upserts store []: every fact node
# has aliases and search_keys, every relationship but REPORTED_IN its evidence.
_EMPTY_LISTS = (
    "MATCH (n) WHERE NOT n:Article AND NOT n:ResolutionBlock AND (n.aliases IS NULL OR n.search_keys IS NULL) "
    "CALL (n) { SET n.aliases = coalesce(n.aliases, []), n.search_keys = coalesce(n.search_keys, []) } "
    "IN TRANSACTIONS OF 10000 ROWS",
    "MATCH ()-[r]->() WHERE NOT r:REPORTED_IN AND r.evidence IS NULL "
    "CALL (r) { SET r.evidence = [] } IN TRANSACTIONS OF 10000 ROWS",
)


def _restore_empty_lists(driver: neo4j.Driver, database: str) -> None:
    with driver.session(database=database) as session:  # CALL … IN TRANSACTIONS: auto-commit only
        for statement in _EMPTY_LISTS:
            session.run(statement).consume()


def run_admin_import(server: LocalServer, database: str, node_files: list[tuple[str, Path]],
                     rel_files: list[tuple[str, Path]], staging: Path, report: Report = _silent) -> None:
    """Stop the local server, run `neo4j-admin database import full` on the CSV files (typed
    headers, string ids, arrays split by U+001F) and start the server again, whatever happened."""
    provisioned = server.provision()
    server.stop()
    try:
        if node_files:
            args = ["database", "import", "full", database, "--overwrite-destination=true", "--id-type=string",
                    "--array-delimiter=U+001F", "--multiline-fields=true", "--skip-bad-relationships=false",
                    f"--report-file={staging / 'import.report'}",
                    *(f"--nodes={label}={path}" for label, path in node_files),
                    *(f"--relationships={type_}={path}" for type_, path in rel_files)]
            server.admin(provisioned, *args, label=f"Importing into database {database} with neo4j-admin",
                         timeout=IMPORT_TIMEOUT, progress=False)
    finally:
        report("Starting the local server again.")
        server.start()


def verify_import(driver: neo4j.Driver, database: str, want_nodes: int, want_rels: int,
                  staging: Path) -> tuple[int, int]:
    """After neo4j-admin: apply the schema, count the change (the API's ETags of the empty graph go
    stale), and check that the counts are the CSV files' and the schema the registry's."""
    from conflictkg.graph.schema import apply_schema, compare_schema

    apply_schema(driver, database)
    driver.execute_query("CALL db.awaitIndexes(600)", database_=database)
    diff = compare_schema(driver, database)
    records, _, _ = driver.execute_query(
        "MATCH (n) WITH count(n) AS nodes OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS rels",
        database_=database,
    )
    driver.execute_query(query("graph_changed").text, database_=database)
    nodes, rels = int(records[0]["nodes"]), int(records[0]["rels"])
    if (nodes, rels) != (want_nodes, want_rels):
        raise LocalServerError(f"the import wrote {nodes} nodes and {rels} relationships, not the "
                               f"{want_nodes} and {want_rels} of the CSV files in {staging}")
    if not diff.matches:
        missing = ", ".join(i.name for i in diff.missing) or "none"
        raise LocalServerError(f"after the import the schema does not match the registry (missing: {missing})")
    return nodes, rels


def bulk_load(
    settings: Settings, items: Iterable[Candidate], *, language: str | None = None, jobs: int = 1,
    total: int | None = None, on_progress: Callable[[int], None] | None = None, report: Report = _silent,
    keep_csv: bool = False,
) -> BulkResult:
    """Extract `items`, import them with neo4j-admin into the empty local database, apply the
    schema and verify; BulkRefused when the target is not an empty local database."""
    from conflictkg.graph.connection import create_driver
    from conflictkg.localdb.backup import database_name

    started = time.monotonic()
    check_target(settings)
    database = database_name(settings)
    server = LocalServer(settings)
    if server.running_pid() is None:
        report("Starting the local server to check that the database is empty.")
        server.start()
    refuse_if_not_empty(server.node_count(database), database)

    merge = GraphMerge(resolution=settings.resolve_events)
    load = CorpusLoad(merge, language=language, time_budget=settings.extract_timeout, skip_loaded=False,
                      jobs=jobs, batch_size=500, total=total, on_progress=on_progress)
    summary = load.run(items)
    extracted = time.monotonic()

    staging = server.layout.import_dir / f"bulk-{time.strftime('%Y%m%d-%H%M%S')}"
    staging.mkdir(parents=True, exist_ok=True)
    ok = False
    try:
        node_files, rel_files = merge.write_csv(staging)
        csv_done = time.monotonic()
        refuse_if_not_empty(server.node_count(database), database)  # nobody wrote meanwhile
        report(f"Stopping the local server: neo4j-admin imports into a stopped database ({merge.node_count} nodes, "
               f"{merge.relationship_count} relationships).")
        run_admin_import(server, database, node_files, rel_files, staging, report)
        imported = time.monotonic()
        with create_driver(settings, quiet=True) as driver:
            _restore_empty_lists(driver, database)
            nodes, rels = verify_import(driver, database, merge.node_count, merge.relationship_count, staging)
        ok = True
    finally:
        if ok and not keep_csv:
            shutil.rmtree(staging, ignore_errors=True)
        elif not ok:
            report(f"The CSV files are kept in {staging}.")
    done = time.monotonic()
    summary.seconds = done - started
    return BulkResult(summary=summary, nodes=nodes, relationships=rels, extract_seconds=extracted - started,
                      csv_seconds=csv_done - extracted, import_seconds=imported - csv_done,
                      schema_seconds=done - imported, seconds=done - started)
