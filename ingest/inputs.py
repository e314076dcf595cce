"""What `conflictkg load` reads: article files, folders of them, and JSON Lines files of articles.

A corpus is streamed as `Candidate`s, one per article: its name (the file, or `file:line` for a
JSON Lines record), the `ArticleSource` read from it, or the error that refused it. Nothing reads a
whole JSON Lines file into memory: records are parsed one line at a time, and a bad line (invalid
JSON, no text, a bad date, a wrong type) is a refused candidate named by its line number that does
not stop the lines after it.

JSON Lines records, as news scrapers write them: `{"text": "...", "date": "2025-03-18",
"url": "https://...", "title": "...", "lang": "en"}`; only `text` is required. `date` is a partial
date (YYYY, YYYY-MM, YYYY-Www, YYYY-MM-DD) or an ISO timestamp (its day is kept); `url` becomes the
article's `source`; `lang` its language (otherwise detected). A record's fields win over a header
in its text; `--date` wins over both.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any, cast

from conflictkg.errors import InputError
from conflictkg.loaders.source import MAX_BYTES, ArticleSource, parse_article, read_article

ARTICLE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".md", ".text"})
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
_RECORD_STRINGS = ("date", "url", "title", "lang")


@dataclass(frozen=True)
class Candidate:
    """One article of a corpus: its source, or why it cannot be read (never both)."""

    name: str
    source: ArticleSource | None = None
    error: str | None = None


def is_jsonl(path: Path) -> bool:
    return path.name.lower().endswith(JSONL_SUFFIXES)


# A corpus folder's own documentation is no article (a README.md beside the texts, as in the
# project's test sets); named on the command line, such a file is still read.
_FOLDER_DOCS = ("readme", "license", "licence", "changelog", "contributing")


def _is_input(path: Path) -> bool:
    if path.name.split(".")[0].lower() in _FOLDER_DOCS or path.name.startswith("."):
        return False
    return path.is_file() and (path.suffix.lower() in ARTICLE_SUFFIXES or is_jsonl(path))


def input_files(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the article and JSON Lines files inside directories (sorted, recursive;
    hidden files and a folder's README, LICENSE and the like left out)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if _is_input(f)))
        elif not p.exists():
            raise InputError(f"{p}: no such file or directory")
        else:
            out.append(p)
    return out


def _open(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return open(path, "rb")


def count_articles(files: Iterable[Path]) -> int:
    """How many candidates `candidates` will yield: one per article file, one per non-blank line of
    a JSON Lines file (read in blocks, so a progress bar can show a total and an ETA)."""
    total = 0
    for f in files:
        if not is_jsonl(f):
            total += 1
            continue
        try:
            with _open(f) as fh:
                total += sum(1 for line in fh if line.strip())
        except (OSError, EOFError, zlib.error):
            total += 1  # the file's error is one candidate
    return total


def candidates(files: Iterable[Path], *, published: str | None = None) -> Iterator[Candidate]:
    """Every article of `files`, in order; `published` (from --date) overrides every date."""
    for f in files:
        if is_jsonl(f):
            yield from _jsonl(f, published)
            continue
        try:
            yield Candidate(str(f), source=read_article(f, published=published))
        except InputError as exc:
            yield Candidate(str(f), error=str(exc))


def _record_date(value: str) -> str:
    """A record's date as a partial date: a timestamp keeps its day."""
    text = value.strip()
    if len(text) > 10 and text[4:5] == "-" and text[10:11] in ("T", " "):
        try:
            datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text  # parse_article names it as a bad date
        return text[:10]
    return text


def parse_record(line: bytes | str, name: str, published: str | None = None) -> ArticleSource:
    """One JSON Lines record to an article; InputError (prefixed with `name`) when it is bad."""
    if len(line) > MAX_BYTES:
        raise InputError(f"{name}: {len(line):,} bytes is over the 5 MB limit for one article")
    try:
        record: Any = json.loads(line)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise InputError(f"{name}: a line must be a JSON object with a \"text\" field, not {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        what = "is empty" if isinstance(text, str) else "is missing" if text is None else "is not a string"
        raise InputError(f"{name}: \"text\" {what}")
    for key in _RECORD_STRINGS:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise InputError(f"{name}: \"{key}\" must be a string, not {record[key]!r}")
    date = record.get("date")
    given = published or (_record_date(date) if date and date.strip() else None)
    src = parse_article(text, name=name, published=given)
    update: dict[str, Any] = {}
    for key, field in (("title", "title"), ("url", "source"), ("lang", "language")):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            update[field] = value.strip().lower() if field == "language" else value.strip()
    return src.model_copy(update=update) if update else src


def _jsonl(path: Path, published: str | None) -> Iterator[Candidate]:
    line_no = 0
    try:
        with _open(path) as fh:
            for line_no, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                name = f"{path}:{line_no}"
                try:
                    yield Candidate(name, source=parse_record(raw, name, published))
                except InputError as exc:
                    yield Candidate(name, error=str(exc))
    except (OSError, EOFError, zlib.error) as exc:
        where = f"{path}:{line_no + 1}" if line_no else str(path)
        yield Candidate(where, error=f"{where}: cannot read the file any further ({exc}); the lines after it were "
                        "not loaded")
