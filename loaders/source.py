"""Reading an article: bytes to text, HTML to text, the optional header, and the checks that
refuse what cannot be an article (empty, binary, too large, bad header)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from pydantic import BaseModel

from conflictkg.errors import InputError
from conflictkg.graph.dates import PartialDate

MAX_BYTES = 5 * 1024 * 1024

# A header is one or more `key value` lines (or `key: value`) before the text; the seed article
# keeps its `date 2025-05` on the same line as the first sentence, so a header may also end
# inline. Only these keys are read.
# Keys other than the date need a colon, so a first sentence such as "Title fights …" stays text.
_HEADER_LINE = re.compile(
    r"^[ \t]*(?:(date)[ \t]*:?[ \t]+(\d{4}\S*)|(title|source|language|lang)[ \t]*:[ \t]*(.+?))[ \t]*$", re.I
)
_INLINE_DATE = re.compile(r"^\s*date\s*:?\s+(\d{4}(?:-W?\d{2}(?:-\d{2})?)?)\b[ \t]*", re.I)
_HTML_HINT = re.compile(r"<\s*(html|body|p|div|article|span|br|h[1-6])\b[^>]*>", re.I)


class ArticleSource(BaseModel):
    """An article ready for extraction. `text` is what evidence offsets point into."""

    name: str
    text: str
    body_start: int  # offset of the first character after the header
    published: PartialDate | None = None
    title: str | None = None
    source: str | None = None
    language: str | None = None


class _TextOfHtml(HTMLParser):
    """Keeps the visible text of an HTML page, with block elements as paragraph breaks."""

    _BLOCKS: ClassVar[frozenset[str]] = frozenset(
        {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "tr"}
    )
    _SKIP: ClassVar[frozenset[str]] = frozenset({"script", "style", "noscript", "head", "nav", "footer"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: str | None = None
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        if tag == "title":
            self._in_title = True
        if tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        if tag == "title":
            self._in_title = False
        if tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = (self.title or "") + data.strip()
        elif not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str | None]:
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n[\n ]*\n *", "\n\n", text)
    return text.strip(), parser.title


def decode(data: bytes, name: str) -> str:
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: {len(data):,} bytes is over the 5 MB limit for one article")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like binary data (NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 0.01 * max(1, len(text[:8192])):
        raise InputError(f"{name}: looks like binary data (control characters), not text")
    return text


def parse_article(text: str, name: str = "<text>", published: str | None = None) -> ArticleSource:
    """Split off the header, convert HTML, and check there is text to read."""
    if _HTML_HINT.search(text[:4096]):
        text, html_title = html_to_text(text)
    else:
        html_title = None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{name}: the article is empty")

    header: dict[str, str] = {}
    pos = 0
    while True:
        eol = text.find("\n", pos)
        line = text[pos : eol if eol != -1 else len(text)]
        m = _HEADER_LINE.match(line)
        inline = _INLINE_DATE.match(line)
        if m:
            key, value = (m[1], m[2]) if m[1] else (m[3], m[4])
            header[key.lower()] = value
            pos = eol + 1 if eol != -1 else len(text)
            continue
        if inline and "date" not in header:
            header["date"] = inline[1]
            pos += inline.end()
        break
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if not text[pos:].strip():
        raise InputError(f"{name}: the article has a header but no text")

    date_text = published or header.get("date")
    partial: PartialDate | None = None
    if date_text:
        try:
            partial = PartialDate.parse(date_text.strip())
        except ValueError as exc:
            raise InputError(f"{name}: cannot read the date {date_text!r}: {exc}") from None
    lang = header.get("language") or header.get("lang")
    return ArticleSource(
        name=name,
        text=text,
        body_start=pos,
        published=partial,
        title=header.get("title") or html_title,
        source=header.get("source"),
        language=lang.strip().lower() if lang else None,
    )


def read_article(path: Path, published: str | None = None) -> ArticleSource:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    return parse_article(decode(data, str(path)), name=str(path), published=published)
