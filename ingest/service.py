"""The ingest service: read -> extract -> write, one transaction per article.

Every way in uses it: `conflictkg load` and `conflictkg up`, `POST /articles`, and the importers to
come, so an article meets the same checks and the same errors whichever way it arrives.

- read: bytes or text to an `ArticleSource` (encoding, HTML, header; refusals are InputError);
- extract: the rule-based extractor, `GraphDocument` out (validated against the schema registry);
  actors and places resolve across articles by their deterministic ids, and each place brings its
  gazetteer hierarchy;
- write: one transaction; reloading with the same extractor version changes nothing, with another
  version the article's stale facts are replaced (graph.writer).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import neo4j
from pydantic import BaseModel, Field

from conflictkg.errors import ConflictKGError, InputError
from conflictkg.graph.model import GraphDocument
from conflictkg.graph.writer import WriteResult, write_document
from conflictkg.loaders.extract import extract_source
from conflictkg.loaders.source import ArticleSource, parse_article, read_article

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


class Ingestor:
    """Read, extract and write articles with one driver (created and closed by the caller)."""

    def __init__(self, driver: neo4j.Driver, *, database: str | None = None) -> None:
        self.driver = driver
        self.database = database

    @staticmethod
    def extract(src: ArticleSource, *, language: str | None = None, title: str | None = None,
                source: str | None = None) -> GraphDocument:
        """The document of one article; `title` and `source` override the text's header."""
        doc = extract_source(src, language)
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

    def ingest_file(self, path: Path, *, language: str | None = None,
                    published: str | None = None) -> WriteResult:
        return self.ingest(read_article(path, published=published), language=language)

    def ingest_files(self, files: list[Path], *, language: str | None = None,
                     published: str | None = None,
                     on_file: Callable[[Path, WriteResult | None], None] | None = None) -> LoadSummary:
        """Each file in its own transaction; a bad file is reported and does not stop the rest.
        A database failure does stop them: it would fail every file after it the same way."""
        summary = LoadSummary()
        for path in files:
            result: WriteResult | None = None
            try:
                result = self.ingest_file(path, language=language, published=published)
            except ConflictKGError as exc:
                summary.errors.append(FileError(path=str(path), error=str(exc)))
            else:
                summary.add(result)
            if on_file:
                on_file(path, result)
        return summary
