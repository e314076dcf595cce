"""The article extractor: text in, GraphDocument out. No database needed."""

from __future__ import annotations

import gc
import time
from pathlib import Path

from conflictkg.errors import ExtractionTimeout
from conflictkg.graph.ids import article_id
from conflictkg.graph.model import ArticleMeta, GraphDocument
from conflictkg.loaders.agreements import extract_accusations, extract_agreements
from conflictkg.loaders.attacks import extract_attacks
from conflictkg.loaders.context import ArticleContext, SentInfo
from conflictkg.loaders.cues import cue_lexicon
from conflictkg.loaders.document import build_document
from conflictkg.loaders.entities import EntityTable
from conflictkg.loaders.gatherings import extract_meetings, extract_proposals
from conflictkg.loaders.gazetteer import gazetteer
from conflictkg.loaders.language import check_language, detect_language
from conflictkg.loaders.mentions import MentionFinder
from conflictkg.loaders.segment import split_sentences
from conflictkg.loaders.source import ArticleSource, parse_article, read_article
from conflictkg.loaders.statements import extract_statements
from conflictkg.loaders.textdates import find_dates
from conflictkg.loaders.version import extractor_version


class Deadline:
    """A time budget for one article, checked between sentences and between stages (extraction is
    linear, so no stage runs long past it)."""

    def __init__(self, seconds: float | None, name: str) -> None:
        self.seconds, self.name = seconds, name
        self.end = time.monotonic() + seconds if seconds else None

    def check(self) -> None:
        if self.end is not None and time.monotonic() > self.end:
            raise ExtractionTimeout(
                f"{self.name}: extraction ran over its time budget of {self.seconds:g} s "
                "(CONFLICTKG_EXTRACT_TIMEOUT); nothing of it was written"
            )


def extract_source(src: ArticleSource, language: str | None = None, *,
                   time_budget: float | None = None) -> GraphDocument:
    """The graph document of one article; ExtractionTimeout when it takes over `time_budget` s."""
    # Extraction makes many small objects that live until the article is done and are then freed
    # by reference counting: it makes no reference cycles (tests/test_segment.py checks). The
    # cyclic collector's passes over them would be wasted work (an eighth of the time on short
    # news, more on long articles), so it is paused for the article.
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return _extract(src, language, time_budget)
    finally:
        if paused:
            gc.enable()


def _extract(src: ArticleSource, language: str | None, time_budget: float | None) -> GraphDocument:
    deadline = Deadline(time_budget, src.name)
    body = src.text[src.body_start :]
    if language:
        lang = check_language(language, src.name)
    elif src.language:
        lang = check_language(src.language, src.name)
    else:
        lang = detect_language(body, src.name)
    sentences = split_sentences(src.text, src.body_start, lang)
    table = EntityTable()
    finder = MentionFinder(lang, table)
    cues = cue_lexicon(lang)
    deadline.check()
    infos = []
    for s in sentences:
        infos.append(SentInfo(s, finder.find(s), cues.find(s.tokens), find_dates(s.tokens, lang, src.published),
                              lang))
        if s.index % 64 == 63:
            deadline.check()
    finder.finish()  # GeoNames places, resolved with the whole article as context
    ctx = ArticleContext(lang, src.published, infos, table)
    agreements = extract_agreements(ctx)  # before the attacks, as the accusations refer to them
    deadline.check()
    events = extract_attacks(ctx)
    deadline.check()
    # the statements before the accusations: a breach told in a quote is its speaker's accusation
    statements = extract_statements(ctx, src.text)
    deadline.check()
    events += agreements + extract_accusations(ctx, agreements)
    deadline.check()
    events += extract_meetings(ctx) + extract_proposals(ctx)
    deadline.check()
    events += statements
    meta = ArticleMeta(
        id=article_id(src.text),
        language=lang,
        published=src.published.text if src.published else None,
        title=src.title,
        source=src.source,
        extractor=extractor_version(),
    )
    return build_document(ctx, meta, events, gazetteer(lang))


def extract_text(text: str, *, name: str = "<text>", language: str | None = None,
                 published: str | None = None) -> GraphDocument:
    return extract_source(parse_article(text, name=name, published=published), language)


def extract_file(path: Path, *, language: str | None = None, published: str | None = None) -> GraphDocument:
    return extract_source(read_article(path, published=published), language)
