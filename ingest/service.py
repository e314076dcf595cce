"""The ingest service: read -> extract -> write.

Every way in uses it: `conflictkg load` and `conflictkg up`, `POST /articles`, and the importers to
come, so an article meets the same checks and the same errors whichever way it arrives.

- read: bytes or text to an `ArticleSource` (encoding, HTML, header; refusals are InputError);
- extract: the rule-based extractor, `GraphDocument` out (validated against the schema registry);
  actors and places resolve across articles by their deterministic ids, and each place brings its
  gazetteer hierarchy;
- write: one transaction per article (a corpus: several articles per transaction, each still all
  or nothing); reloading with the same extractor version changes nothing, with another version the
  article's stale facts are replaced (graph.writer).

Each article has a time budget for its extraction (CONFLICTKG_EXTRACT_TIMEOUT). A corpus (files,
folders, JSON Lines: ingest.inputs) goes through ingest.corpus: extraction in a process pool,
batched writes, and, before extracting them, the articles the graph already holds from this
extractor version are skipped, so an interrupted load resumes by running the same command again.
When the database goes away a load stops with `LoadInterrupted`, which says what was written and
what was not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import neo4j
from pydantic import BaseModel, Field

from conflictkg.errors import ConflictKGError
from conflictkg.graph.ids import article_id
from conflictkg.graph.model import GraphDocument
from conflictkg.graph.queries import query
from conflictkg.graph.writer import WriteResult, write_document
from conflictkg.loaders.extract import extract_source
from conflictkg.loaders.source import ArticleSource, parse_article, read_article
from conflictkg.loaders.version import extractor_version
from conflictkg.settings import Settings

if TYPE_CHECKING:
    from conflictkg.ingest.inputs import Candidate

class FileError(BaseModel):
    path: str  # the file, or file:line for a JSON Lines record
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
    extracted: int = Field(default=0, description="Articles that went through the extractor.")
    seconds: float = 0.0
    results: list[WriteResult] = Field(default_factory=list)
    errors: list[FileError] = Field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.errors)

    @property
    def rate(self) -> float:
        """Articles (loaded, skipped or failed) per second of the whole load."""
        return (self.articles + self.failed) / self.seconds if self.seconds > 0 else 0.0

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
    """Files as given, and the article and JSON Lines files inside directories (sorted, recursive)."""
    from conflictkg.ingest.inputs import input_files

    return input_files(paths)


class LoadInterrupted(ConflictKGError):
    """The database went away during a load: what was done is in `summary`; `pending` articles
    were not written (the batch being written when it went, and all after it)."""

    def __init__(self, message: str, *, summary: LoadSummary, pending: int, total: int) -> None:
        super().__init__(message)
        self.summary = summary
        self.pending = pending
        self.total = total


class Ingestor:
    """Read, extract and write articles with one driver (created and closed by the caller).
    `time_budget`: seconds one article's extraction may take (None: no limit)."""

    def __init__(self, driver: neo4j.Driver, *, database: str | None = None,
                 time_budget: float | None = None, resolution: bool = True) -> None:
        self.driver = driver
        self.database = database
        self.time_budget = time_budget
        self.resolution = resolution

    @classmethod
    def from_settings(cls, driver: neo4j.Driver, settings: Settings) -> Ingestor:
        """The database and time budget the settings name (CLI and API alike)."""
        return cls(driver, database=settings.neo4j_database, time_budget=settings.extract_timeout,
                   resolution=settings.resolve_events)

    def extract(self, src: ArticleSource, *, language: str | None = None, title: str | None = None,
                source: str | None = None) -> GraphDocument:
        """The document of one article; `title` and `source` override the text's header."""
        doc = extract_source(src, language, time_budget=self.time_budget)
        meta = {k: v for k, v in (("title", title), ("source", source)) if v is not None}
        if meta:
            doc = doc.model_copy(update={"article": doc.article.model_copy(update=meta)})
        return doc

    def write(self, src: ArticleSource, doc: GraphDocument) -> WriteResult:
        return write_document(self.driver, doc, database=self.database, text_length=len(src.text),
                              resolution=self.resolution)

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
            aid = article_id(src.text)
            if self.loaded_versions([aid]).get(aid) == extractor_version():
                return skipped_result(aid)
        return self.ingest(src, language=language)

    def loaded_versions(self, article_ids: Iterable[str]) -> dict[str, str | None]:
        """The extractor version of each of these articles the graph holds: one query for all."""
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return {}
        records, _, _ = self.driver.execute_query(
            query("articles_extractors").text, article_ids=ids, database_=self.database,
            routing_=neo4j.RoutingControl.READ,
        )
        return {r["id"]: r["extractor"] for r in records}

    def load(self, items: Iterable[Candidate], *, language: str | None = None, skip_loaded: bool = True,
             jobs: int = 1, batch_size: int | None = None, total: int | None = None,
             on_progress: Callable[[int], None] | None = None) -> LoadSummary:
        """A corpus, streamed: extraction in `jobs` processes, several articles per write
        transaction, loaded ones skipped before extraction (ingest.corpus)."""
        from conflictkg.ingest.corpus import CorpusLoad, DatabaseSink

        run = CorpusLoad(DatabaseSink(self), language=language, time_budget=self.time_budget,
                         skip_loaded=skip_loaded, jobs=jobs, batch_size=batch_size, total=total,
                         on_progress=on_progress)
        return run.run(items)

    def ingest_files(self, files: list[Path], *, language: str | None = None,
                     published: str | None = None, jobs: int = 1,
                     on_progress: Callable[[int], None] | None = None) -> LoadSummary:
        """Files (articles or JSON Lines), skipping what is loaded already (unless `published`
        overrides the dates); a bad article is reported and does not stop the rest. A database
        failure does stop them, with LoadInterrupted: it would fail every article after it the
        same way."""
        from conflictkg.ingest.inputs import candidates, count_articles

        return self.load(candidates(files, published=published), language=language,
                         skip_loaded=published is None, jobs=jobs, total=count_articles(files),
                         on_progress=on_progress)


def skipped_result(aid: str) -> WriteResult:
    """An article this extractor version loaded before: neither extracted nor written again."""
    version = extractor_version()
    return WriteResult(article_id=aid, status="unchanged", skipped=True, extractor=version,
                       previous_extractor=version, nodes_created=0, relationships_created=0,
                       properties_set=0, nodes_in_document=0, relationships_in_document=0)
