"""The `conflictkg` command line: the local database, extraction, loading, queries and the API."""

from __future__ import annotations

import json
import shlex
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from conflictkg.errors import ConflictKGError
from conflictkg.graph.connection import is_unavailable
from conflictkg.localdb.cli import app as db_app
from conflictkg.settings import get_settings

if TYPE_CHECKING:
    import neo4j

    from conflictkg.imports.acled import ImportSummary
    from conflictkg.ingest.service import LoadSummary

app = typer.Typer(
    help="conflictkg: a conflict-event knowledge graph from news articles.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db_app, name="db", help="Start, stop, inspect, back up and restore the local Neo4j server.")
out = Console()
err = Console(stderr=True)


def _fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


def _driver(exit_code: int = 1, *, quiet: bool = True) -> neo4j.Driver:
    """`quiet`: the server's notifications ("unknown label" while the graph is still empty) are
    noise under a load's progress bar; `cypher` keeps them, they are about the user's query."""
    from conflictkg.graph.connection import check_connection, create_driver

    settings = get_settings()
    driver = create_driver(settings, quiet=quiet)
    try:
        check_connection(driver, settings)
    except ConflictKGError as exc:
        driver.close()
        _fail(str(exc), code=exit_code)
    return driver


def _parse_param(text: str) -> tuple[str, Any]:
    key, sep, raw = text.partition("=")
    if not sep or not key:
        _fail(f"--param takes key=value, got {text!r}")
    try:
        value = json.loads(raw)  # numbers, booleans, lists, quoted strings
    except json.JSONDecodeError:
        value = raw
    return key, value


@app.command()
def cypher(
    query: Annotated[str, typer.Argument(help="The Cypher query; pass values with --param.")],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="key=value (JSON values allowed)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print rows as JSON.")] = False,
) -> None:
    """Run a Cypher query against the configured database and print the rows."""
    from neo4j.exceptions import Neo4jError

    params = dict(_parse_param(p) for p in param or [])
    driver = _driver(quiet=False)
    try:
        records, _, keys = driver.execute_query(query, params, database_=get_settings().neo4j_database)
    except Neo4jError as exc:
        _fail(f"the query failed: {exc.message or exc}")
    finally:
        driver.close()
    rows = [{k: _plain(r[k]) for k in keys} for r in records]
    if as_json:
        out.print_json(json.dumps(rows, default=str))
        return
    table = Table(*keys)
    for row in rows:
        table.add_row(*(v if isinstance(v, str) else json.dumps(v, default=str, ensure_ascii=False)
                        for v in row.values()))
    out.print(table)
    out.print(f"{len(rows)} row(s)", style="dim")


def _plain(value: Any) -> Any:
    """Neo4j values as JSON-friendly Python values."""
    import neo4j.graph

    if isinstance(value, neo4j.graph.Node):
        return {"labels": sorted(value.labels), **dict(value)}
    if isinstance(value, neo4j.graph.Relationship):
        return {"type": value.type, **dict(value)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Article files (text or HTML).")],
    lang: Annotated[str | None, typer.Option("--lang", help="nl or en; detected when not given.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="Publication date, YYYY-MM-DD (or YYYY-MM).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the graph document as JSON.")] = False,
) -> None:
    """Print the graph document of each article. No database needed."""
    from conflictkg.loaders.extract import extract_file

    failed = False
    for path in files:
        try:
            doc = extract_file(path, language=lang, published=date)
        except ConflictKGError as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False)
            failed = True
            continue
        if as_json:
            print(doc.model_dump_json(indent=2))
        else:
            _summarise(path, doc)
    if failed:
        raise typer.Exit(1)


def _summarise(path: Path, doc: Any) -> None:
    from collections import Counter

    meta = doc.article
    out.print(f"[bold]{path}[/bold]  {meta.id[:19]}…  lang={meta.language} published={meta.published} "
              f"extractor={meta.extractor}")
    labels = Counter(n.label for n in doc.nodes)
    out.print("  nodes: " + ", ".join(f"{k} {v}" for k, v in sorted(labels.items())))
    out.print(f"  relationships: {len(doc.relationships)}")
    for n in doc.nodes:
        if n.label == "Actor":
            continue
        p = n.properties
        desc = p.get("name") or p.get("method") or p.get("kind") or p.get("quote", "")
        out.print(f"  {n.label:<10} {str(desc)[:70]}", highlight=False)
    out.print("  (use --json for the full document)", style="dim")


# Exit status of `load` when the database is unreachable or went away (1: some files were bad).
EXIT_DATABASE = 3
# Exit status of `load --bulk` when it refuses the target (a non-empty or a remote database).
EXIT_REFUSED = 2


class _RateColumn(ProgressColumn):
    """Articles per second, over rich's recent window."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} articles/s" if speed else "… articles/s", style="progress.data.speed")


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), _RateColumn(),
                    TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=err, transient=True)


@app.command()
def load(
    paths: Annotated[list[Path], typer.Argument(help="Article files, JSON Lines files (.jsonl, .jsonl.gz, "
                                                ".ndjson) or directories of them.")],
    lang: Annotated[str | None, typer.Option("--lang", help="nl or en; detected when not given.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="Publication date for all articles.")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Extraction processes (default: the "
                                             "number of cores; 1: in this process).")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles per write transaction.")] = 50,
    bulk: Annotated[bool, typer.Option("--bulk", help="First load into an EMPTY local database: write CSVs and "
                                       "run neo4j-admin database import (stops and restarts the local server).")
                    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of a failure.")] = False,
) -> None:
    """Extract articles and write them to Neo4j: extraction in parallel, several articles per
    transaction (each all or nothing). Articles loaded before by this extractor version are skipped
    before extraction; by another version, their facts are replaced. Exit status: 0 all loaded, 1
    some articles refused, 2 --bulk refused the database, 3 the database is unreachable or went
    away (run the same command again to resume)."""
    from conflictkg.graph.schema import apply_schema
    from conflictkg.ingest.corpus import default_jobs
    from conflictkg.ingest.inputs import candidates, count_articles, input_files
    from conflictkg.ingest.service import Ingestor, LoadInterrupted

    try:
        files = input_files(paths)
    except ConflictKGError as exc:
        _fail(str(exc))
    if not files:
        _fail("no article files found in " + ", ".join(map(str, paths)))
    n_jobs = jobs or default_jobs()
    total = count_articles(files)
    settings = get_settings()
    if bulk:
        _bulk_load(files, total, lang=lang, date=date, jobs=n_jobs, debug=debug)
        return
    driver = _driver(exit_code=EXIT_DATABASE)
    ingestor = Ingestor.from_settings(driver, settings)
    try:
        apply_schema(driver, settings.neo4j_database)
        with _progress() as progress:
            task = progress.add_task("loading", total=total)
            summary = ingestor.load(candidates(files, published=date), language=lang, skip_loaded=date is None,
                                    jobs=n_jobs, batch_size=batch_size, total=total,
                                    on_progress=lambda n: progress.advance(task, n))
    except LoadInterrupted as exc:
        if debug:
            raise
        _print_summary(exc.summary)
        resume = shlex.join(["conflictkg", *sys.argv[1:]])
        _fail(f"Neo4j at {settings.effective_uri}: {exc}. {exc.summary.articles} article(s) were loaded, "
              f"{exc.pending} of {exc.total} article(s) were not. Once the database is back, run "
              f"`{resume}` to load the rest (what is loaded is skipped).", code=EXIT_DATABASE)
    except Exception as exc:
        if debug or not is_unavailable(exc):
            raise
        _fail(f"Neo4j at {settings.effective_uri} is not reachable ({exc}).", code=EXIT_DATABASE)
    finally:
        driver.close()
    _print_summary(summary)
    if summary.errors:
        raise typer.Exit(1)


def _bulk_load(files: list[Path], total: int, *, lang: str | None, date: str | None, jobs: int,
               debug: bool) -> None:
    from conflictkg.errors import LocalServerError
    from conflictkg.ingest.bulk import BulkRefused, bulk_load
    from conflictkg.ingest.inputs import candidates

    settings = get_settings()
    try:
        with _progress() as progress:
            task = progress.add_task("extracting", total=total)
            result = bulk_load(settings, candidates(files, published=date), language=lang, jobs=jobs, total=total,
                               on_progress=lambda n: progress.advance(task, n),
                               report=lambda m: err.print(m, highlight=False))
    except BulkRefused as exc:
        _fail(str(exc), code=EXIT_REFUSED)
    except LocalServerError as exc:
        if debug:
            raise
        _fail(exc.message, code=EXIT_DATABASE)
    _print_summary(result.summary)
    out.print(f"bulk import: {result.nodes} nodes and {result.relationships} relationships; extraction "
              f"{result.extract_seconds:.1f} s, CSV {result.csv_seconds:.1f} s, neo4j-admin import "
              f"{result.import_seconds:.1f} s, restart and schema {result.schema_seconds:.1f} s, total "
              f"{result.seconds:.1f} s", highlight=False)
    if result.summary.errors:
        raise typer.Exit(1)


def _print_summary(summary: LoadSummary) -> None:
    out.print(f"loaded {summary.articles} article(s): {summary.created} new, {summary.replaced} "
              f"replaced (older extractor), {summary.unchanged} unchanged ({summary.skipped} skipped "
              f"without extracting), {summary.failed} failed; {summary.seconds:.1f} s, "
              f"{summary.rate:.1f} articles/s", highlight=False)
    table = Table("articles", "new", "replaced", "unchanged", "skipped", "failed", "nodes +/-",
                  "relationships +/-", "articles/s")
    table.add_row(
        str(summary.articles), str(summary.created), str(summary.replaced), str(summary.unchanged),
        str(summary.skipped), str(summary.failed),
        f"+{summary.nodes_created} -{summary.nodes_deleted}",
        f"+{summary.relationships_created} -{summary.relationships_deleted}", f"{summary.rate:.1f}",
    )
    out.print(table)
    for e in summary.errors:
        err.print(f"[red]error:[/red] {e.error}", highlight=False)


import_app = typer.Typer(help="Import structured datasets of events (ACLED exports).", no_args_is_help=True)
app.add_typer(import_app, name="import")


@import_app.command("acled")
def import_acled_cmd(
    file: Annotated[Path, typer.Argument(help="An ACLED export: .csv or .csv.gz.")],
    batch: Annotated[int, typer.Option("--batch", min=1, max=50_000, help="Rows per transaction.")] = 2000,
    bulk: Annotated[bool, typer.Option("--bulk", help="First import into an EMPTY local database: write CSV "
                                       "files and run neo4j-admin import (the server is stopped meanwhile).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of a failure.")] = False,
) -> None:
    """Import an ACLED export: one event per row (keyed by event_id_cnty), its actors, place and
    provenance. Re-importing changes nothing; a newer export updates the rows whose timestamp changed.
    Bad rows are listed with their line numbers and skipped. Exit status: 0 all rows imported, 1 the
    file was refused or some rows were bad, 2 --bulk refused (the database is not empty or not
    local), 3 the database is unreachable (run it again: what is imported is unchanged)."""
    from conflictkg.graph.schema import apply_schema
    from conflictkg.imports.acled import import_acled

    if not file.is_file():
        _fail(f"{file}: no such file")
    if bulk:
        summary = _bulk_import_acled(file, as_json=as_json, debug=debug)
        _print_import_summary(summary, as_json=as_json)
        return
    settings = get_settings()
    driver = _driver(exit_code=EXIT_DATABASE)
    try:
        apply_schema(driver, settings.neo4j_database)
        with _row_progress(file, as_json) as advance:
            summary = import_acled(driver, file, database=settings.neo4j_database, batch_size=batch,
                                   on_progress=advance)
    except ConflictKGError as exc:
        if debug:
            raise
        _fail(str(exc))
    except Exception as exc:
        if debug or not is_unavailable(exc):
            raise
        _fail(f"Neo4j at {settings.effective_uri} is not reachable ({exc}); run the same command again "
              "once it is back (rows already imported are unchanged).", code=EXIT_DATABASE)
    finally:
        driver.close()
    _print_import_summary(summary, as_json=as_json)


@contextmanager
def _row_progress(file: Path, as_json: bool) -> Iterator[Callable[[int, int], None]]:
    """A progress bar over the file's bytes, with rows and rows/s; yields `advance(rows, bytes)`."""
    from rich.progress import TaskProgressColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                  TextColumn("{task.fields[rows]:,} rows, {task.fields[rate]:,.0f} rows/s"),
                  TimeElapsedColumn(), TimeRemainingColumn(), console=err, transient=True,
                  disable=as_json) as progress:
        task = progress.add_task(f"importing {file.name}", total=file.stat().st_size, rows=0, rate=0.0)
        started = time.perf_counter()

        def advance(rows: int, done: int) -> None:
            rate = rows / max(time.perf_counter() - started, 1e-9)
            progress.update(task, completed=done, rows=rows, rate=rate)

        yield advance


def _bulk_import_acled(file: Path, *, as_json: bool, debug: bool) -> ImportSummary:
    from conflictkg.errors import LocalServerError
    from conflictkg.imports.bulk import bulk_import_acled
    from conflictkg.ingest.bulk import BulkRefused

    try:
        with _row_progress(file, as_json) as advance:
            result = bulk_import_acled(get_settings(), file, on_progress=advance,
                                       report=lambda m: err.print(m, highlight=False))
    except BulkRefused as exc:
        _fail(str(exc), code=EXIT_REFUSED)
    except ConflictKGError as exc:
        if debug:
            raise
        _fail(str(exc), code=EXIT_DATABASE if isinstance(exc, LocalServerError) else 1)
    stages = (f"bulk import: {result.nodes:,} nodes and {result.relationships:,} relationships; read, map and "
              f"CSV {result.csv_seconds:.1f} s, neo4j-admin import {result.import_seconds:.1f} s, restart and "
              f"schema {result.schema_seconds:.1f} s, total {result.seconds:.1f} s")
    (err if as_json else out).print(stages, highlight=False)  # JSON mode: stdout is the summary alone
    return result.summary


def _print_import_summary(summary: ImportSummary, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps({**summary.model_dump(), "rows_per_second": round(summary.rows_per_second, 1)}))
    else:
        out.print(f"imported {summary.file}: {summary.rows:,} rows read in {summary.seconds:.1f} s "
                  f"({summary.rows_per_second:,.0f} rows/s)", highlight=False)
        table = Table("rows read", "created", "updated", "unchanged", "bad")
        table.add_row(*(f"{n:,}" for n in (summary.rows, summary.created, summary.updated, summary.unchanged,
                                          summary.bad)))
        out.print(table)
        if summary.by_event_type:
            types = Table("event_type", "rows")
            for name, n in summary.by_event_type.items():
                types.add_row(name, f"{n:,}")
            out.print(types)
        for b in summary.bad_rows:
            err.print(f"[yellow]bad row[/yellow] line {b.line}" + (f" ({b.id})" if b.id else "") + f": {b.error}",
                      highlight=False)
        if summary.bad > len(summary.bad_rows):
            err.print(f"… and {summary.bad - len(summary.bad_rows):,} more bad rows", highlight=False)
    if summary.bad:
        raise typer.Exit(1)


@app.command("schema")
def schema_cmd(
    check: Annotated[bool, typer.Option("--check", help="Only compare the database with the "
                                        "registry; exit 1 when they differ.")] = False,
) -> None:
    """Create the constraints and indexes the schema registry declares (idempotent)."""
    from conflictkg.graph.schema import apply_schema, compare_schema

    driver = _driver()
    database = get_settings().neo4j_database
    try:
        if not check:
            n = apply_schema(driver, database)
            out.print(f"schema applied ({n} statements)")
        diff = compare_schema(driver, database)
    finally:
        driver.close()
    for item in diff.missing:
        out.print(f"missing     {item.kind:<10} {item.name} on :{item.label}({item.property})", highlight=False)
    for item in diff.unexpected:
        out.print(f"unexpected  {item.kind:<10} {item.name} on :{item.label}({item.property})", highlight=False)
    if diff.matches:
        out.print("the database's constraints and indexes match the registry")
    elif check:
        raise typer.Exit(1)


def _serve(host: str | None, port: int | None, reload: bool) -> None:
    import uvicorn

    from conflictkg.api.serving import CoalescingHttpToolsProtocol

    settings = get_settings()
    if problem := settings.api_key_problem():
        _fail(problem)
    # The app factory reads the same settings from the environment in uvicorn's process.
    uvicorn.run("conflictkg.api:app", host=host or settings.api_host, port=port or settings.api_port,
                reload=reload, proxy_headers=True, http=CoalescingHttpToolsProtocol)


@app.command()
def serve(
    host: Annotated[
        str | None, typer.Option(help="Interface to bind (default CONFLICTKG_API_HOST, 127.0.0.1).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port (default CONFLICTKG_API_PORT, 8000).")] = None,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development).")] = False,
) -> None:
    """Serve the HTTP API (docs at /docs). Starts even while Neo4j is down: /health says 503."""
    _serve(host, port, reload)


@app.command()
def up(
    paths: Annotated[list[Path] | None, typer.Argument(help="Article files or directories to load first.")] = None,
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port.")] = None,
) -> None:
    """Everything in one go: start the local Neo4j (unless NEO4J_URI is set), apply the schema,
    load the given articles, then serve the API."""
    from conflictkg.graph.schema import apply_schema
    from conflictkg.ingest.service import Ingestor, LoadInterrupted, article_files

    settings = get_settings()
    if settings.uses_local_server:
        from conflictkg.errors import LocalServerError
        from conflictkg.localdb import LocalServer

        try:
            started = LocalServer(settings).start()
        except LocalServerError as exc:
            _fail(exc.message)
        state = "already running" if started.already_running else f"started in {started.seconds:.0f} s"
        out.print(f"Neo4j {started.status.version or ''} on {started.status.uri}: {state}", highlight=False)
    try:
        files = article_files(paths or [])
    except ConflictKGError as exc:
        _fail(str(exc))
    if paths and not files:
        _fail("no article files found in " + ", ".join(map(str, paths)))
    driver = _driver()
    try:
        apply_schema(driver, settings.neo4j_database)
        if files:
            summary = Ingestor.from_settings(driver, settings).ingest_files(files)
            _print_summary(summary)
    except LoadInterrupted as exc:
        _print_summary(exc.summary)
        _fail(f"Neo4j at {settings.effective_uri}: {exc}; run `conflictkg up` again once it is back.",
              code=EXIT_DATABASE)
    finally:
        driver.close()
    _serve(host, port, reload=False)


def main() -> None:
    app()


@app.command()
def evaluate(
    directories: Annotated[list[Path], typer.Argument(help="Folders of X.txt articles with X.expected.yaml graphs; "
                                                      "a folder with a clusters.yaml is a cross-article set.")],
    details: Annotated[bool, typer.Option("--details", help="List misses and extras per article.")] = False,
) -> None:
    """Precision and recall of the extractor on articles with expected graphs.

    A folder holding a `clusters.yaml` (tests/crossdoc/README.md) is scored as a cross-article set
    instead: its articles are loaded, in the file's order, into an EMPTY database (a throwaway local
    server; or NEO4J_URI, refused unless its database is empty), and the graph nodes its annotated
    mentions end up in are compared with the gold clusters: pairwise merge precision/recall and
    B-cubed, mentions extraction did not find, node counts, wrong and missed merges."""
    try:
        from conflictkg.evaluation.clusters import is_crossdoc_set
        from conflictkg.evaluation.scoring import CATEGORIES, SLOTS, Tally, overall, score_directory
    except ModuleNotFoundError as exc:  # pyyaml is the `evaluation` extra
        _fail(f"evaluate needs the evaluation extra ({exc}): pip install 'conflictkg[evaluation]'")

    sets = [d for d in directories if is_crossdoc_set(d)]
    for d in sets:
        _evaluate_crossdoc(d)
    directories = [d for d in directories if d not in sets]
    if not directories:
        return
    totals = {c: Tally() for c in CATEGORIES + SLOTS}
    articles = 0
    for d in directories:
        try:
            part, per_article = score_directory(d)
        except ConflictKGError as exc:  # an unreadable or invalid expected graph: say which
            _fail(str(exc))
        articles += len(per_article)
        for c in CATEGORIES + SLOTS:
            totals[c].add(part[c])
        if details:
            for name, tallies in per_article.items():
                out.print(f"[bold]{name}[/bold]")
                for c, t in tallies.items():
                    for m in t.misses:
                        out.print(f"  miss  {c:<11} {m}", highlight=False)
                    for x in t.extras:
                        out.print(f"  extra {c:<11} {x}", highlight=False)
    table = Table("category", "expected", "found", "precision", "recall", "F1", title=f"{articles} articles")
    for c in CATEGORIES:
        t = totals[c]
        table.add_row(c, str(t.expected), str(t.found), f"{t.precision:.2f}", f"{t.recall:.2f}", f"{t.f1:.2f}")
    all_ = overall(totals)
    table.add_row("all", str(all_.expected), str(all_.found), f"{all_.precision:.2f}", f"{all_.recall:.2f}",
                  f"{all_.f1:.2f}", style="bold")
    for c in SLOTS:
        t = totals[c]
        table.add_row(c, str(t.expected), "", "", f"{t.recall:.2f} right", "", style="dim")
    out.print(table)


def _evaluate_crossdoc(directory: Path) -> None:
    from conflictkg.evaluation.clusters import load_set
    from conflictkg.evaluation.crossdoc import evaluate_set, evaluation_database
    from conflictkg.evaluation.report import details, nodes_table, scores_table

    settings = get_settings()
    try:
        cds = load_set(directory)
        with evaluation_database(settings, say=lambda m: err.print(m, highlight=False)) as (driver, used), \
                _progress() as progress:
            tasks = {phase: progress.add_task(phase, total=len(cds.articles)) for phase in ("loading", "matching")}
            report = evaluate_set(cds, driver, database=used.neo4j_database, time_budget=settings.extract_timeout,
                                  on_step=lambda phase, _article: progress.advance(tasks[phase]))
    except ConflictKGError as exc:
        _fail(str(exc))
    out.print(scores_table(report))
    out.print(nodes_table(report))
    out.print(details(report))

