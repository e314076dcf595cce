"""Sentences and tokens with their character offsets into the article, and token lemmas."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Final, TypeVar

import simplemma

from conflictkg.graph.ids import fold
from conflictkg.loaders.lexicon import word_set

# Abbreviations with dots (U.S., U.N.), numbers with thousands separators (10.000, 1,200),
# words with inner hyphens or apostrophes (drone-aanvallen, Élysée-paleis, Kremlin's), a word
# cut short by a hyphen before a conjunction ("NAVO- en EU-chefs"), and any other single mark.
_TOKEN: Final = re.compile(
    r"(?:[A-Z]\.){2,}"
    r"|\d+(?:[.,]\d{3})+(?![\d])|\d+(?:[.,]\d+)?"
    r"|[^\W\d_]+(?:[-'’][^\W_]+)*-?"
    r"|\S"
)


class Token:
    """A word or mark of a sentence. A plain class, not a dataclass: compiled, a dataclass's
    generated __init__ stays interpreted, and every token of every article passes through it."""

    __slots__ = ("end", "i", "is_cap", "is_word", "lemma", "low", "start", "text")

    def __init__(self, i: int, text: str, start: int, end: int, lemma: str, low: str, is_cap: bool,
                 is_word: bool) -> None:
        self.i = i  # index in its sentence
        self.text = text
        self.start = start
        self.end = end
        self.lemma = lemma  # folded too
        self.low = low  # folded: lower case, no accents
        self.is_cap = is_cap
        self.is_word = is_word

    def __repr__(self) -> str:
        return f"Token({self.i}, {self.text!r}, {self.start}, {self.end})"


class Sentence:
    # a plain class, not a dataclass: compiled, a dataclass's __init__ stays interpreted (see Token)
    __slots__ = ("end", "index", "paragraph", "start", "text", "tokens")

    def __init__(self, index: int, start: int, end: int, text: str, paragraph: int,
                 tokens: list[Token] | None = None) -> None:
        self.index = index
        self.start = start
        self.end = end
        self.text = text
        self.paragraph = paragraph
        self.tokens: list[Token] = tokens if tokens is not None else []

    def __repr__(self) -> str:
        return f"Sentence({self.index}, {self.start}, {self.end}, {self.text!r})"

    def span_text(self, i: int, j: int) -> str:
        """Original text of tokens i..j-1."""
        return self.text[self.tokens[i].start - self.start : self.tokens[j - 1].end - self.start]

    @property
    def title_case(self) -> bool:
        """A headline in title case ("RSF Launch Drone Strikes on Civilian Targets in Sudan"): no
        closing stop, and nearly every word of four letters or more capitalised. Its capitals
        say nothing about names."""
        if not self.tokens or self.tokens[-1].text in _STOPS:
            return False
        long = [t for t in self.tokens if t.is_word and len(t.text) >= 4]
        return len(long) >= 4 and sum(t.is_cap for t in long) >= 0.8 * len(long)


_STOPS: Final = frozenset({".", "!", "?", "…", ":", ";"})  # a sentence ending with one is no headline

# a possessive ending ("Tripoli's", "Haftar’s"): the name is the token without it
POSSESSIVES: Final = ("'s", "’s")


# Words a per-word cache holds before it starts again: the vocabulary of a long-running process
# stays bounded (the tokenizer's and the date finder's caches).
WORD_CACHE_LIMIT: Final = 262144

K = TypeVar("K")
V = TypeVar("V")


def remember(cache: dict[K, V], key: K, value: V) -> V:
    """Keep a value in one of those caches, emptying it first when it is full; the value back."""
    if len(cache) >= WORD_CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value


WordInfo = tuple[str, str, bool, bool]  # (folded lemma, folded form, capitalised, is a word)
# A whitespace-separated chunk's tokens: (text, offset in the chunk, its WordInfo) each
ChunkTokens = tuple[tuple[str, int, WordInfo], ...]


@cache
def _word_cache(lang: str) -> dict[str, WordInfo]:
    """The language's cache of `_word_info_in`: a plain dict keyed by the word alone (cheaper than
    an lru_cache on (word, lang))."""
    return {}


@cache
def _chunk_cache(lang: str) -> dict[str, ChunkTokens]:
    """The language's tokens of each whitespace-separated chunk met ("Kyiv," "drone-aanval"):
    news repeats its chunks, so most are one dictionary lookup (spaCy's tokenizer keeps the same
    kind of cache)."""
    return {}


def _word_info_in(known: dict[str, WordInfo], word: str, lang: str) -> WordInfo:
    """(folded lemma, folded form, capitalised, is a word) of a word, computed once per word."""
    info = known.get(word)
    if info is None:
        info = remember(known, word, _compute_word_info(word, lang))
    return info


def _compute_word_info(word: str, lang: str) -> WordInfo:
    first = word[:1]
    is_word = first.isalpha()
    low = fold(word)
    if not is_word or low in _own_lemmas(lang):
        return low, low, first.isupper(), is_word
    lemma = fold(simplemma.lemmatize(word.lower(), lang=lang).lower())
    return lemma, low, first.isupper(), is_word


@lru_cache
def _own_lemmas(lang: str) -> frozenset[str]:
    """Words whose dictionary lemma would change their meaning ("according" -> "accord")."""
    return word_set(f"{lang}/own_lemmas.tsv")


# Marks that close a word ("Kyiv," "attack." "said)"): a word and one of these is two tokens.
_CLOSERS: Final = frozenset(",.;:!?)”\"'’")


def _chunk_words(chunk: str) -> list[str]:
    """The tokens of _TOKEN in a chunk without whitespace. A bare word or number, alone or with a
    closing mark, is taken as it is: most of an article, at a fraction of the regular
    expression's cost. A chunk's tokens follow each other with nothing between (_TOKEN's last
    branch takes any character the others leave)."""
    if chunk.isalpha() or chunk.isdecimal():
        return [chunk]
    if len(chunk) > 1 and chunk[-1] in _CLOSERS and chunk[:-1].isalpha():
        return [chunk[:-1], chunk[-1]]
    return _TOKEN.findall(chunk)


def _chunk_tokens(chunk: str, lang: str) -> ChunkTokens:
    known = _word_cache(lang)
    out: list[tuple[str, int, WordInfo]] = []
    at = 0
    for word in _chunk_words(chunk):
        out.append((word, at, _word_info_in(known, word, lang)))
        at += len(word)
    return tuple(out)


def tokenize(text: str, offset: int, lang: str) -> list[Token]:
    tokens: list[Token] = []
    chunks = _chunk_cache(lang)
    at = 0
    # only whitespace lies between chunks, so a chunk's first occurrence after the last one is
    # where it stands
    for chunk in text.split():
        parts = chunks.get(chunk)
        if parts is None:
            parts = remember(chunks, chunk, _chunk_tokens(chunk, lang))
        at = text.find(chunk, at)
        for word, rel, (lemma, low, is_cap, is_word) in parts:
            start = offset + at + rel
            tokens.append(Token(len(tokens), word, start, start + len(word), lemma, low, is_cap, is_word))
        at += len(chunk)
    return tokens


_PARAGRAPH_BREAK: Final = re.compile(r"(\n\s*\n)")  # kept in the split: paragraphs are counted


def split_sentences(text: str, body_start: int, lang: str) -> list[Sentence]:
    """Sentences of text[body_start:], located in the original text so offsets stay exact."""
    body = text[body_start:]
    sentences: list[Sentence] = []
    cursor = 0
    paragraph = 0  # "\n\n" seen before the cursor, counted as the cursor moves (not from the start)
    breaks = not _hard_wrapped(body)
    for chunk in _PARAGRAPH_BREAK.split(body):
        if not chunk.strip() or chunk.isspace():
            paragraph += chunk.count("\n\n")
            cursor += len(chunk)
            continue
        local = 0
        for piece in _pieces(chunk, lang, breaks):
            piece = piece.strip()
            if not piece:
                continue
            at = chunk.find(piece, local)
            if at == -1:  # the splitter normalised something; fall back to the whole rest
                at, piece = local, chunk[local:].strip()
            local = at + len(piece)
            start = body_start + cursor + at
            sentence = Sentence(len(sentences), start, start + len(piece), piece, paragraph)
            sentence.tokens = tokenize(piece, start, lang)
            if sentence.tokens:
                sentences.append(sentence)
            if local >= len(chunk.rstrip()):
                break
        paragraph += chunk.count("\n\n")
        cursor += len(chunk)
    return sentences


def _hard_wrapped(body: str) -> bool:
    """Text wrapped at a fixed width: most single line breaks fall inside a sentence (a lower-case
    word goes on). Elsewhere a line break ends a sentence: a headline, a standfirst, a paragraph."""
    inner = _line_openers(body)
    return bool(inner) and sum(c.islower() for c in inner) * 2 > len(inner)


# A line break inside a paragraph, and the first character of the line that goes on after it.
_LINE_OPENER: Final = re.compile(r"[^\n]\n(?!\s*\n)\s*(\S)")


def _line_openers(body: str) -> list[str]:
    """What `_LINE_OPENER.findall(body)` gives (the first character of each line that goes on
    after a single line break), found from the line breaks rather than by trying the pattern at
    every character."""
    out: list[str] = []
    done = 0  # where the last match ended: a match may not start before it
    m = body.find("\n", 1)
    while m != -1:
        if m - 1 >= done and body[m - 1] != "\n":
            r = m + 1
            while r < len(body) and body[r] != "\n" and body[r].isspace():
                r += 1
            if r < len(body) and body[r] != "\n":
                out.append(body[r])
                done = r + 1
        m = body.find("\n", m + 1)
    return out


def _pieces(chunk: str, lang: str, breaks: bool) -> list[str]:
    """The sentences of a paragraph; each line on its own unless the text is hard-wrapped."""
    lines = chunk.split("\n") if breaks else [chunk]
    return [part for line in lines for piece in simplemma.split_sentences(line, lang)
            for part in (_GLUED.split(piece) if _may_be_glued(piece) else (piece,))]


# A stop after a lower-case word with the next sentence glued to it ("Xinhua reported.The RSF",
# "others.”The militia"): scraped pages lose the space. Abbreviations ("U.S.The") end upper-case.
_GLUED: Final = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])|(?<=[a-z][.!?][”\"’])(?=[A-Z][a-z])")
_QUOTES: Final = frozenset("”\"’")


def _may_be_glued(piece: str) -> bool:
    """Whether the piece holds what every place _GLUED splits at holds: a lower-case letter, a stop,
    maybe a closing quote, a capital. Checked first, at the stops only, as splitting tries its
    lookbehinds at every character of every sentence."""
    for stop in ".!?":
        at = piece.find(stop, 1)
        while at != -1:
            after = at + 1
            if after < len(piece) and piece[after] in _QUOTES:
                after += 1
            if after < len(piece) and "a" <= piece[at - 1] <= "z" and "A" <= piece[after] <= "Z":
                return True
            at = piece.find(stop, at + 1)
    return False
