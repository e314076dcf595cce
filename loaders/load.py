"""Extract articles and write them to Neo4j, one transaction per article; one bad file does not
stop the others."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import neo4j
from pydantic import BaseModel, Field

from conflictkg.errors import ConflictKGError
from conflictkg.graph.writer import WriteResult, write_document
from conflictkg.loaders.extract import extract_source
from conflictkg.loaders.source import read_article

ARTICLE_SUFFIXES = {".txt", ".html", ".htm", ".md", ".text"}


class FileError(BaseModel):
    path: str
    error: str


class LoadSummary(BaseModel):
    articles: int = 0
    changed: int = 0
    unchanged: int = 0
    nodes_created: int = 0
    relationships_created: int = 0
    results: list[WriteResult] = Field(default_factory=list)
    errors: list[FileError] = Field(default_factory=list)


def article_files(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the article files inside directories (sorted, recursive)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES))
        else:
            out.append(p)
    return out


def load_files(
    driver: neo4j.Driver,
    files: list[Path],
    *,
    database: str | None = None,
    language: str | None = None,
    published: str | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> LoadSummary:
    summary = LoadSummary()
    for path in files:
        try:
            src = read_article(path, published=published)
            doc = extract_source(src, language)
            result = write_document(driver, doc, database=database, text_length=len(src.text))
        except ConflictKGError as exc:
            summary.errors.append(FileError(path=str(path), error=str(exc)))
        else:
            summary.articles += 1
            summary.results.append(result)
            summary.nodes_created += result.nodes_created
            summary.relationships_created += result.relationships_created
            if result.changed:
                summary.changed += 1
            else:
                summary.unchanged += 1
        if on_file:
            on_file(path)
    return summary
