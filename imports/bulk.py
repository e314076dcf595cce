"""`conflictkg import acled --bulk`: a first import of an ACLED export through neo4j-admin.

For an EMPTY database of the LOCAL server only, like `load --bulk`. The rows are read and mapped
as the transactional import maps them (imports.mapping), but instead of transactions:

- each event goes straight to its label's CSV file and each of its own relationships (place,
  actors, RECORDED_IN with the row's provenance) to its type's file, as it is read: the importer's
  memory does not grow with the number of rows;
- the actors, places and context edges (LOCATED_IN, AFFILIATED_WITH), which many rows share, are
  merged in memory as the upserts of cypher/imports.cypher merge them (first names, kinds and
  coordinates kept; a missing country code or affiliation filled by a later row; aliases and
  search keys unioned in first-seen order; a context edge keeps its first properties) and written
  at the end;
- then the server is stopped, `neo4j-admin database import full` runs, the server is started,
  the schema is applied and the node and relationship counts are checked.

A row id that repeats anywhere in the file makes neo4j-admin refuse the import (the transactional
import reports repeats within a batch and updates across batches); the error says so.
"""

from __future__ import annotations

import csv
import gzip
import shutil
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel

from conflictkg.errors import InputError, LocalServerError
from conflictkg.graph.queries import query
from conflictkg.graph.registry import REGISTRY
from conflictkg.imports.acled import IMPORTER, SHOWN_BAD_ROWS, BadRowReport, ImportSummary, open_rows
from conflictkg.imports.actors import ActorNode
from conflictkg.imports.mapping import DATASET_ID, DATASET_NAME, BadRow, RowGraph, RowMapper
from conflictkg.imports.places import LocationNode
from conflictkg.imports.writer import search_keys
from conflictkg.ingest.bulk import (
    ARRAY_DELIMITER,
    check_target,
    refuse_if_not_empty,
    run_admin_import,
    verify_import,
)
from conflictkg.localdb import LocalServer
from conflictkg.settings import Settings

Report = Callable[[str], None]

# The registry's property types in neo4j-admin's header notation.
_CSV_TYPES = {"string": "string", "integer": "long", "float": "double", "boolean": "boolean",
              "string_list": "string[]", "date": "date", "datetime": "datetime", "point": "point"}


class AcledBulkResult(BaseModel):
    summary: ImportSummary
    nodes: int
    relationships: int
    csv_seconds: float
    import_seconds: float
    schema_seconds: float
    seconds: float


def _join(values: list[Any] | None) -> str | None:
    return None if values is None else ARRAY_DELIMITER.join(str(x) for x in values)


class _Table:
    """One CSV file in neo4j-admin's format, written a row at a time.

    Values go to the csv module as they are: None is an empty unquoted field (unset), numbers and
    dates print as neo4j-admin reads them (`str(date)` is ISO); booleans are spelled in lower
    case and arrays joined by the array delimiter.
    """

    def __init__(self, path: Path, keys: list[str], columns: list[tuple[str, str]]) -> None:
        self.path = path
        self.names = [name for name, _ in columns]
        self.rows = 0
        self._known = {*self.names, *(k.split(":")[0] for k in keys if not k.startswith(":"))}
        self._arrays = [i for i, (_, kind) in enumerate(columns) if kind.endswith("[]")]
        self._booleans = [i for i, (_, kind) in enumerate(columns) if kind == "boolean"]
        self._fh: IO[str] = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed by close())
        self._csv = csv.writer(self._fh)
        self._csv.writerow([*keys, *(f"{name}:{kind}" for name, kind in columns)])

    def write(self, keys: list[str], props: dict[str, Any]) -> None:
        if not props.keys() <= self._known:  # the registry is the header: an undeclared property would be lost
            raise LocalServerError(f"{self.path.name}: properties {sorted(props.keys() - self._known)} are not in "
                                   "the schema registry")
        values = [props.get(name) for name in self.names]
        for i in self._arrays:
            values[i] = _join(values[i])
        for i in self._booleans:
            if values[i] is not None:
                values[i] = "true" if values[i] else "false"
        self._csv.writerow([*keys, *values])
        self.rows += 1

    def close(self) -> None:
        self._fh.close()


def _node_columns(label: str) -> list[tuple[str, str]]:
    return [(p.name, _CSV_TYPES[p.type]) for p in REGISTRY.node(label).properties]


def _rel_columns(type_: str) -> list[tuple[str, str]]:
    return [(p.name, _CSV_TYPES[p.type]) for p in REGISTRY.relationship(type_).properties]


class AcledCsv:
    """The CSV files of one export: events and their edges streamed, shared nodes merged."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.nodes: dict[str, _Table] = {}
        self.rels: dict[str, _Table] = {}
        self.actors: dict[str, tuple[ActorNode, dict[str, Any], dict[str, None]]] = {}
        self.places: dict[str, tuple[LocationNode, dict[str, None]]] = {}
        self.context: dict[tuple[str, str, str], dict[str, Any]] = {}

    def _node_table(self, label: str) -> _Table:
        table = self.nodes.get(label)
        if table is None:
            columns = [c for c in _node_columns(label) if c[0] != "id"]
            table = self.nodes[label] = _Table(self.folder / f"nodes-{label}.csv", ["id:ID"], columns)
        return table

    def _rel_table(self, type_: str) -> _Table:
        table = self.rels.get(type_)
        if table is None:
            table = self.rels[type_] = _Table(self.folder / f"rels-{type_}.csv", [":START_ID", ":END_ID"],
                                              _rel_columns(type_))
        return table

    def add(self, g: RowGraph) -> None:
        self._node_table(g.label).write([g.id], g.properties)
        for (_, type_, _), start, end, props in g.links:
            self._rel_table(type_).write([start, end], props)
        for a in g.actors:
            self._add_actor(a)
        for p in g.places:
            self._add_place(p)
        for (_, type_, _), start, end, props in g.context:
            self.context.setdefault((start, type_, end), props)

    def _add_actor(self, a: ActorNode) -> None:
        found = self.actors.get(a.id)
        if found is None:
            self.actors[a.id] = (a, a.properties(), dict.fromkeys(a.aliases))
            return
        _, props, aliases = found
        for key, value in a.properties().items():  # import_actors: coalesce(stored, new)
            if key in ("country_code", "affiliation"):
                props.setdefault(key, value)
        aliases.update(dict.fromkeys(a.aliases))

    def _add_place(self, p: LocationNode) -> None:
        found = self.places.get(p.id)
        if found is None:
            self.places[p.id] = (p, dict.fromkeys(p.aliases))
        else:
            found[1].update(dict.fromkeys(p.aliases))

    def close(self) -> tuple[list[tuple[str, Path]], list[tuple[str, Path]]]:
        """Write the shared nodes and edges, close every file; (label, file), (type, file)."""
        dataset = self._node_table("Dataset")
        dataset.write([DATASET_ID], {"name": DATASET_NAME})
        actors = self._node_table("Actor")
        for a, props, aliases in self.actors.values():
            keys = search_keys(a.name, list(aliases))
            actors.write([a.id], {**props, "aliases": list(aliases), "search_keys": keys,
                                  "search": "|" + "".join(k + "|" for k in keys)})
        places = self._node_table("Location")
        for p, aliases in self.places.values():
            keys = search_keys(p.name, list(aliases))
            places.write([p.id], {
                "name": p.name, "kind": p.kind, "source": "acled", "lat": p.lat, "lon": p.lon,
                "country_code": p.country_code, "admin1": p.admin1, "admin2": p.admin2,
                "aliases": list(aliases), "search_keys": keys, "search": "|" + "".join(k + "|" for k in keys)})
        for (start, type_, end), props in self.context.items():
            self._rel_table(type_).write([start, end], props)
        for table in [*self.nodes.values(), *self.rels.values()]:
            table.close()
        return ([(label, t.path) for label, t in self.nodes.items()],
                [(type_, t.path) for type_, t in self.rels.items()])

    @property
    def node_count(self) -> int:
        return sum(t.rows for t in self.nodes.values())

    @property
    def relationship_count(self) -> int:
        return sum(t.rows for t in self.rels.values())


# What the upserts set and neo4j-admin cannot: a place's point from lat/lon (the CSV holds no
# expressions), and empty alias lists (neo4j-admin leaves an empty array unset).
_AFTER_IMPORT = (
    "MATCH (l:Location) WHERE l.point IS NULL AND l.lat IS NOT NULL AND l.lon IS NOT NULL "
    "CALL (l) { SET l.point = point({latitude: l.lat, longitude: l.lon}) } IN TRANSACTIONS OF 10000 ROWS",
    "MATCH (n:Actor|Location) WHERE n.aliases IS NULL "
    "CALL (n) { SET n.aliases = [] } IN TRANSACTIONS OF 10000 ROWS",
)


def _silent(_message: str) -> None:
    pass


def bulk_import_acled(
    settings: Settings, path: Path, *, mapper: RowMapper | None = None, report: Report = _silent,
    on_progress: Callable[[int, int], None] | None = None, keep_csv: bool = False,
) -> AcledBulkResult:
    """Import one export into the empty local database with neo4j-admin; BulkRefused when the
    target is not an empty local database, InputError when the file is not an export or an id repeats."""
    from conflictkg.graph.connection import create_driver
    from conflictkg.localdb.backup import database_name

    started = time.monotonic()
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    check_target(settings)
    database = database_name(settings)
    server = LocalServer(settings)
    if server.running_pid() is None:
        report("Starting the local server to check that the database is empty.")
        server.start()
    refuse_if_not_empty(server.node_count(database), database)
    mapper = mapper or RowMapper()

    summary = ImportSummary(file=path.name)
    by_type: Counter[str] = Counter()
    staging = server.layout.import_dir / f"acled-{time.strftime('%Y%m%d-%H%M%S')}"
    staging.mkdir(parents=True, exist_ok=True)
    files = AcledCsv(staging)
    ok = False
    try:
        with open_rows(path) as (rows, progress):
            try:
                for line, row in rows:
                    summary.rows += 1
                    try:
                        graph = mapper.map(row, line)
                    except BadRow as exc:
                        summary.bad += 1
                        if len(summary.bad_rows) < SHOWN_BAD_ROWS:
                            acled_id = (row.get("event_id_cnty") or "").strip() or None
                            summary.bad_rows.append(BadRowReport(line=line, id=acled_id, error=str(exc)))
                        continue
                    files.add(graph)
                    by_type[graph.event_type] += 1
                    if on_progress is not None and summary.rows % 10_000 == 0:
                        on_progress(summary.rows, progress())
            except (UnicodeDecodeError, gzip.BadGzipFile, EOFError, csv.Error) as exc:
                raise InputError(f"{path}: the file breaks off after {summary.rows} rows ({exc}); "
                                 "nothing was imported") from None
        node_files, rel_files = files.close()
        if on_progress is not None:
            on_progress(summary.rows, path.stat().st_size)
        csv_done = time.monotonic()
        refuse_if_not_empty(server.node_count(database), database)  # nobody wrote meanwhile
        report(f"Stopping the local server: neo4j-admin imports into a stopped database ({files.node_count:,} "
               f"nodes, {files.relationship_count:,} relationships).")
        try:
            run_admin_import(server, database, node_files, rel_files, staging, report)
        except LocalServerError as exc:
            if "duplicate" in str(exc).lower() or "already contains" in str(exc).lower():
                raise InputError(f"{path}: an event_id_cnty repeats in the file; a bulk import needs each row "
                                 "once. Import it without --bulk (a repeat then updates the row).") from None
            raise
        imported = time.monotonic()
        with create_driver(settings, quiet=True) as driver:
            with driver.session(database=database) as session:  # CALL … IN TRANSACTIONS: auto-commit only
                for statement in _AFTER_IMPORT:
                    session.run(statement).consume()
            nodes, rels = verify_import(driver, database, files.node_count, files.relationship_count, staging)
            if summary.rows > summary.bad:
                driver.execute_query(query("import_dataset_done").text, id=DATASET_ID, file=path.name,
                                     importer=IMPORTER, rows=summary.rows - summary.bad, database_=database)
        ok = True
    finally:
        if ok and not keep_csv:
            shutil.rmtree(staging, ignore_errors=True)
        elif not ok:
            report(f"The CSV files are kept in {staging}.")
    summary.created = summary.rows - summary.bad
    summary.by_event_type = dict(sorted(by_type.items()))
    done = time.monotonic()
    summary.seconds = done - started
    return AcledBulkResult(summary=summary, nodes=nodes, relationships=rels, csv_seconds=csv_done - started,
                           import_seconds=imported - csv_done, schema_seconds=done - imported,
                           seconds=done - started)

