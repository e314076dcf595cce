"""The extractor's shortcuts: the tokenizer's and the language detector's give what their regular
expressions give, on every article of the test sets and on generated text full of the marks that
split words; and extraction makes no reference cycles, as it pauses the cyclic collector."""

from __future__ import annotations

import gc
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictkg.errors import InputError
from conflictkg.loaders import language, segment, statements
from conflictkg.loaders.extract import extract_text

ROOT = Path(__file__).resolve().parent
ARTICLES = sorted(p for d in ("articles", "heldout", "real/tuning", "real/heldout") for p in (ROOT / d).glob("*.txt"))
# letters of several scripts and cases, digits, marks inside and around words, and whitespace
ALPHABET = "aZéÉßкИ日1٣2_.,;:!?'’\"”()-–/ \n\t"
TEXT = st.text(alphabet=ALPHABET, max_size=80)


def _words(text: str) -> list[str]:
    """The tokenizer's words: the text split at whitespace, then each chunk."""
    return [w for chunk in text.split() for w in segment._chunk_words(chunk)]


def test_the_test_sets_are_found() -> None:
    assert len(ARTICLES) > 150


def test_tokens_of_every_article_are_the_regular_expressions() -> None:
    for path in ARTICLES:
        text = path.read_text(encoding="utf-8")
        assert _words(text) == segment._TOKEN.findall(text), path.name


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_tokens_of_any_text_are_the_regular_expressions(text: str) -> None:
    assert _words(text) == segment._TOKEN.findall(text)


def _tokens_at(text: str, offset: int) -> list[tuple[str, int, int]]:
    return [(m.group(), offset + m.start(), offset + m.end()) for m in segment._TOKEN.finditer(text)]


def test_tokens_stand_where_the_regular_expression_finds_them() -> None:
    """Tokens come from a cache of whitespace-separated chunks: the first time a chunk is met and
    every time after, each token has the text and the offsets the pattern gives."""
    for path in ARTICLES[:40]:
        text = path.read_text(encoding="utf-8")
        for _ in range(2):  # chunks new to the cache, then all of them from it
            tokens = segment.tokenize(text, 7, "en")
            assert [(t.text, t.start, t.end) for t in tokens] == _tokens_at(text, 7), path.name
            assert [t.i for t in tokens] == list(range(len(tokens)))


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(min_value=0, max_value=50))
def test_tokens_of_any_text_stand_where_the_regular_expression_finds_them(text: str, offset: int) -> None:
    assert [(t.text, t.start, t.end) for t in segment.tokenize(text, offset, "nl")] == _tokens_at(text, offset)


@settings(max_examples=400, deadline=None)
@given(TEXT, st.integers(min_value=1, max_value=30))
def test_the_language_samples_words_are_the_regular_expressions(text: str, limit: int) -> None:
    for _ in range(2):  # chunks new to the cache, then from it
        assert language._lower_words(text, limit) == [w.lower() for w in language._WORD.findall(text)[:limit]]


def test_line_openers_of_every_article_are_the_regular_expressions() -> None:
    for path in ARTICLES:
        text = path.read_text(encoding="utf-8")
        assert segment._line_openers(text) == segment._LINE_OPENER.findall(text), path.name


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="aB.\n \t\r\u2028\u00a0", max_size=40))
def test_line_openers_of_any_text_are_the_regular_expressions(text: str) -> None:
    # line breaks, whitespace of several kinds and single characters between them: where a match
    # ends decides whether the next line break can open one
    assert segment._line_openers(text) == segment._LINE_OPENER.findall(text)


def _spans(matches: list[re.Match[str]]) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), m.lastgroup) for m in matches]


def test_quotes_of_every_article_are_the_regular_expressions() -> None:
    for path in ARTICLES:
        text = path.read_text(encoding="utf-8")
        assert _spans(statements._quotes(text)) == _spans(list(statements._QUOTE.finditer(text))), path.name


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="ab \n“”\"„«»", max_size=40))
def test_quotes_of_any_text_are_the_regular_expressions(text: str) -> None:
    # quotation marks of every kind, opened and closed, nested, cut by line breaks or the end
    assert _spans(statements._quotes(text)) == _spans(list(statements._QUOTE.finditer(text)))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet="abcXYé.!?”\"’ ", max_size=12), max_size=6))
def test_glued_sentences_are_split_where_the_pattern_splits(parts: list[str]) -> None:
    text = "".join(parts)
    pieces = segment._pieces(text, "en", breaks=False)
    expected = [p for piece in segment.simplemma.split_sentences(text, "en") for p in segment._GLUED.split(piece)]
    assert pieces == expected
    assert segment._may_be_glued(text) == bool(re.search(r"[a-z][.!?][”\"’]?[A-Z]", text))


def test_extraction_leaves_no_reference_cycles() -> None:
    """Extraction pauses the cyclic collector for an article, so what it makes must be freed by
    reference counting alone (a closure over a sentence, for one, would keep it alive)."""
    texts = [p.read_text(encoding="utf-8") for p in ARTICLES[:40]]
    extract_text(texts[0])  # lexicons and caches loaded first
    gc.collect()
    gc.disable()
    try:
        for text in texts:
            extract_text(text)
        left = gc.collect()
    finally:
        gc.enable()
    assert left < len(texts), f"{left} objects in reference cycles after {len(texts)} articles"
    assert gc.isenabled()


def test_the_collector_runs_again_after_an_article_that_fails() -> None:
    with pytest.raises(InputError):
        extract_text("date 2025-04-15\nDer Krieg geht weiter. Russland hat in der Nacht Drohnen auf Kiew abgefeuert, "
                     "teilte die Regierung mit. Mindestens drei Menschen wurden getötet.")
    assert gc.isenabled()
    gc.disable()  # a caller that turned it off keeps it off
    try:
        extract_text("date 2025-04-15\nRussia attacked Kharkiv with drones overnight, the governor said.")
        assert not gc.isenabled()
    finally:
        gc.enable()
