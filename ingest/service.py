"""The ingest service: read -> extract -> write, one transaction per article.

Every way in uses it: `conflictkg load` and `conflictkg up`, `POST /articles`, and the importers to
come, so an article meets the same checks and the same errors whichever way it arrives.

- read: bytes or text to an `ArticleSource` (encoding, HTML, header; refusals are InputError);
- extract: the rule-based extractor, `GraphDocument` out (validated against the schema registry);
  actors and places resolve across articles by their deterministic ids, and each place brings its
  gazetteer hierarchy;
- write: one transaction; reloading with the same extractor version changes nothing, with another
  version the article's stale facts are replaced (graph.writer).

Each article has a time budget for its extraction (CONFLICTKG_EXTRACT_TIMEOUT). A batch of files
skips, before extracting them, the articles the graph already holds from this extractor version,
so an interrupted load resumes by running the same command again. When the database goes away a
batch stops with `LoadInterrupted`, which says what was written and what was not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import neo4j
from pydantic import BaseModel, Field

from conflictkg.errors import ConflictKGError, DatabaseUnavailable, InputError
from conflictkg.graph.connection import is_unavailable
from conflictkg.graph.ids import article_id
from conflictkg.graph.model import GraphDocument
from conflictkg.graph.queries import query
from conflictkg.graph.writer import WriteResult, write_document
from conflictkg.loaders.extract import extract_source
from conflictkg.loaders.source import ArticleSource, parse_article, read_article
from conflictkg.loaders.version import extractor_version
from conflictkg.settings import Settings

ARTICLE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".md", ".text"})


class FileError(BaseModel):
    path: str
    error: str


class LoadSummary(BaseModel):
    """What a batch of files did to the graph."""

    articles: int = 0
    created: int = 0
    replaced: int = 0
    unchanged: int = 0
    skipped: int = Field(default=0, description="Unchanged ones not even extracted again.")
    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    results: list[WriteResult] = Field(default_factory=list)
    errors: list[FileError] = Field(default_factory=list)

    def add(self, result: WriteResult) -> None:
        self.articles += 1
        self.results.append(result)
        self.nodes_created += result.nodes_created
        self.nodes_deleted += result.nodes_deleted
        self.relationships_created += result.relationships_created
        self.relationships_deleted += result.relationships_deleted
        if result.status == "created":
            self.created += 1
        elif result.status == "replaced":
            self.replaced += 1
        elif result.status == "unchanged":
            self.unchanged += 1
            self.skipped += result.skipped


def article_files(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the article files inside directories (sorted, recursive)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES))
        elif not p.exists():
            raise InputError(f"{p}: no such file or directory")
        else:
            out.append(p)
    return out


class LoadInterrupted(ConflictKGError):
    """The database went away during a batch: what was done is in `summary`, `pending` lists the
    files not written (the one that failed first)."""

    def __init__(self, message: str, *, summary: LoadSummary, pending: list[Path]) -> None:
        super().__init__(message)
        self.summary = summary
        self.pending = pending


class Ingestor:
    """Read, extract and write articles with one driver (created and closed by the caller).
    `time_budget`: seconds one article's extraction may take (None: no limit)."""

    def __init__(self, driver: neo4j.Driver, *, database: str | None = None,
                 time_budget: float | None = None) -> None:
        self.driver = driver
        self.database = database
        self.time_budget = time_budget

    @classmethod
    def from_settings(cls, driver: neo4j.Driver, settings: Settings) -> Ingestor:
        """The database and time budget the settings name (CLI and API alike)."""
        return cls(driver, database=settings.neo4j_database, time_budget=settings.extract_timeout)

    def extract(self, src: ArticleSource, *, language: str | None = None, title: str | None = None,
                source: str | None = None) -> GraphDocument:
        """The document of one article; `title` and `source` override the text's header."""
        doc = extract_source(src, language, time_budget=self.time_budget)
        meta = {k: v for k, v in (("title", title), ("source", source)) if v is not None}
        if meta:
            doc = doc.model_copy(update={"article": doc.article.model_copy(update=meta)})
        return doc

    def write(self, src: ArticleSource, doc: GraphDocument) -> WriteResult:
        return write_document(self.driver, doc, database=self.database, text_length=len(src.text))

    def ingest(self, src: ArticleSource, *, language: str | None = None, title: str | None = None,
               source: str | None = None) -> WriteResult:
        return self.write(src, self.extract(src, language=language, title=title, source=source))

    def ingest_text(self, text: str, *, name: str = "<text>", language: str | None = None,
                    published: str | None = None, title: str | None = None,
                    source: str | None = None) -> WriteResult:
        src = parse_article(text, name=name, published=published)
        return self.ingest(src, language=language, title=title, source=source)

    def ingest_file(self, path: Path, *, language: str | None = None, published: str | None = None,
                    skip_loaded: bool = False) -> WriteResult:
        """One file. With `skip_loaded`, an article this extractor version loaded before is not
        extracted again (unless `published` overrides its date, which changes its facts)."""
        src = read_article(path, published=published)
        if skip_loaded and published is None:
            done = self._already_loaded(src)
            if done is not None:
                return done
        return self.ingest(src, language=language)

    def _already_loaded(self, src: ArticleSource) -> WriteResult | None:
        aid, version = article_id(src.text), extractor_version()
        records, _, _ = self.driver.execute_query(
            query("article_extractor").text, article_id=aid, database_=self.database,
            routing_=neo4j.RoutingControl.READ,
        )
        if not records or records[0]["extractor"] != version:
            return None
        return WriteResult(article_id=aid, status="unchanged", skipped=True, extractor=version,
                           previous_extractor=version, nodes_created=0, relationships_created=0,
                           properties_set=0, nodes_in_document=0, relationships_in_document=0)

    def ingest_files(self, files: list[Path], *, language: str | None = None,
                     published: str | None = None,
                     on_file: Callable[[Path, WriteResult | None], None] | None = None) -> LoadSummary:
        """Each file in its own transaction, skipping what is loaded already; a bad file is
        reported and does not stop the rest. A database failure does stop them, with
        LoadInterrupted: it would fail every file after it the same way."""
        summary = LoadSummary()
        for n, path in enumerate(files):
            result: WriteResult | None = None
            try:
                result = self.ingest_file(path, language=language, published=published, skip_loaded=True)
            except Exception as exc:
                if isinstance(exc, DatabaseUnavailable) or is_unavailable(exc):
                    raise LoadInterrupted(
                        f"the database went away while {path} was being written ({type(exc).__name__}: {exc})",
                        summary=summary, pending=files[n:],
                    ) from exc
                if not isinstance(exc, ConflictKGError):
                    raise  # a bug, not a bad file: let it show
                summary.errors.append(FileError(path=str(path), error=str(exc)))
            else:
                summary.add(result)
            if on_file:
                on_file(path, result)
        return summary
