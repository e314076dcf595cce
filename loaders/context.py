"""What the event rules see of an article: each sentence with its mentions, cues, dates and
clause boundaries, plus the entity table and the article date."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Final

from conflictkg.graph.dates import PartialDate
from conflictkg.graph.model import PropertyValue
from conflictkg.loaders.cues import Cue
from conflictkg.loaders.entities import EntityTable, Span
from conflictkg.loaders.gazetteer import gazetteer
from conflictkg.loaders.mentions import Mention
from conflictkg.loaders.numbers import Count, counts_in
from conflictkg.loaders.segment import Sentence
from conflictkg.loaders.textdates import DateMention
from conflictkg.loaders.values import ByFields

# Words that open a new clause after a comma (", en zware beschietingen ...", ", while ...").
# "killed in an attack on X while one person was killed in a strike on Y": two clauses, comma or not
_CONTRAST: Final = {"while", "whereas", "terwijl"}
# Words that tie an actor to a thing rather than make it a guest: "missiles from Germany", "the
# ceasefire between Israel and Hamas", "de steun van de VS"
_LINKS: Final = {"from", "of", "between", "by", "with", "uit", "van", "tussen", "door", "met"}
_CLAUSE_OPENERS: Final = {
    "en", "and", "maar", "but", "terwijl", "while", "whereas", "waarbij", "after", "nadat", "although", "hoewel",
    "ook", "also",
}


def _participle(low: str, lemma: str) -> bool:
    """A verb form whose lemma is another, infinitive form ("omgekomen" of "omkomen", "beschoten"
    of "beschieten"): a past participle next to "zijn"/"hebben"."""
    return low != lemma and lemma.endswith("en") and low.endswith(("en", "d", "t"))


class SentInfo:
    """A sentence with what was found in it. A plain class, not a dataclass: compiled, a
    dataclass's __init__ stays interpreted (see segment.Token)."""

    def __init__(self, sent: Sentence, mentions: list[Mention], cues: list[Cue], dates: list[DateMention],
                 lang: str = "en") -> None:
        self.sent = sent
        self.mentions = mentions
        self.cues = cues
        self.dates = dates
        self.lang = lang
        self.bounds: list[int] = []  # token indices that start a new clause
        # the cues of each category, in sentence order: the rules ask for one category at a time,
        # many times per sentence
        self.by_category: dict[str, list[Cue]] = {}
        # worked out on first use (not functools.cached_property: compiled, that computes on every use)
        self._counts: list[Count] | None = None
        self._meetings: list[Cue] | None = None
        # "an exchange of fire", "exchanged fire": fighting, so its words are no agreement
        # ("exchange"), effect ("fire") or mutual cue of their own
        fights = [(c.start, c.end) for c in self.cues if c.category == "attack_method" and c.end - c.start > 1]
        if fights:
            # inside one, a shorter method is no method of its own either ("suicide bomber" is no
            # "bomber" airstrike)
            self.cues = [c for c in self.cues if not any(
                a <= c.start and c.end <= b and (c.category != "attack_method" or c.end - c.start < b - a)
                for a, b in fights) or c.category == "attack_general"]
        toks = self.sent.tokens
        for i, tok in enumerate(toks):
            if (
                tok.text == ";"
                or tok.text in ("–", "—")
                or (tok.text == "," and i + 1 < len(toks) and toks[i + 1].low in _CLAUSE_OPENERS)
                or (tok.low in _CONTRAST and i > 0 and toks[i - 1].text != ",")
            ):
                self.bounds.append(i)
        reported = self._reported_past()
        if reported:
            self.cues = [c for c in self.cues if not (c.category == "hypothetical" and c.start in reported)]
        by_category = self.by_category
        for c in self.cues:
            found = by_category.get(c.category)  # not setdefault: compiled, that makes a list per cue
            if found is None:
                found = by_category[c.category] = []
            found.append(c)

    def _reported_past(self) -> set[int]:
        """The reportative auxiliaries that tell a reported fact, not a condition: "Daarbij zouden
        dertien burgers zijn omgekomen", "de RSF zou het kamp hebben aangevallen" (the auxiliary,
        then in its clause "zijn"/"hebben" next to a past participle)."""
        toks = self.sent.tokens
        perfect = [c.start for c in self.cues if c.category == "perfect_infinitive"]
        out: set[int] = set()
        for c in self.cues:
            if c.category != "reportative":
                continue
            end = min((b for b in self.bounds if b > c.start), default=len(toks))
            if any(c.start < p < end and any(_participle(toks[k].low, toks[k].lemma) for k in (p - 1, p + 1)
                                            if c.start < k < end) for p in perfect):
                out.add(c.start)
        return out

    @property
    def counts(self) -> list[Count]:
        """Every count in the sentence ("meer dan 20", "10.000"), found once."""
        if self._counts is None:
            self._counts = counts_in(self.sent.tokens, self.lang)
        return self._counts

    @property
    def index(self) -> int:
        return self.sent.index

    @property
    def span(self) -> Span:
        return (self.sent.index, self.sent.start, self.sent.end)

    def of(self, *categories: str) -> list[Cue]:
        """The cues of these categories, in sentence order (a new list)."""
        found: list[Cue] | None = None
        for category in categories:
            cues = self.by_category.get(category)
            if cues:
                if found is not None:  # two categories, interleaved: keep the sentence order
                    return [c for c in self.cues if c.category in categories]
                found = cues
        return list(found) if found else []

    def has(self, category: str, lo: int = 0, hi: int | None = None) -> bool:
        hi = len(self.sent.tokens) if hi is None else hi
        return any(lo <= c.start < hi for c in self.by_category.get(category, ()))

    def clause(self, i: int) -> tuple[int, int]:
        lo, hi = 0, len(self.sent.tokens)
        for b in self.bounds:
            if b <= i:
                lo = b
            else:
                hi = b
                break
        return lo, hi

    def crossings(self, i: int, j: int) -> int:
        a, b = min(i, j), max(i, j)
        return sum(1 for x in self.bounds if a < x <= b)

    def actors(self, lo: int = 0, hi: int | None = None) -> list[Mention]:
        hi = len(self.sent.tokens) if hi is None else hi
        return [m for m in self.mentions if m.kind == "actor" and lo <= m.start < hi]

    def places(self, lo: int = 0, hi: int | None = None) -> list[Mention]:
        hi = len(self.sent.tokens) if hi is None else hi
        return [m for m in self.mentions if m.kind == "place" and lo <= m.start < hi]

    @property
    def meetings(self) -> list[Cue]:
        if self._meetings is None:
            self._meetings = self._meeting_cues()
        return self._meetings

    def _meeting_cues(self) -> list[Cue]:
        """Meeting cues that name a meeting: not the object of an attack ("a drone struck a civilian
        gathering", "an attack on a wedding"), which is where the attack hit."""
        attacks = [c.end for c in self.cues if c.category in ("attack_method", "attack_general")]
        # nor talks asked for or denied: "called for talks", "riep op tot onderhandelingen", "no talks"
        asked = [c.end for c in self.of("call")]
        denied = [c.end for c in self.of("negation")]
        # nor a press conference, where one side speaks to reporters
        press = [(c.start, c.end) for c in self.of("press_event")]
        # nor "welcomed the ceasefire", "received missiles from Germany", "visited troops": a
        # reception or visit with no one received or visited
        unreceived = {(c.start, c.end) for c in self.of("reception") if not self._guest_after(c.end)}
        return [c for c in self.of("meeting")
                if (c.start, c.end) not in unreceived
                and not any(lo <= c.start and c.end <= hi for lo, hi in press)
                and not any(0 <= c.start - end <= 4 and not self.crossings(end, c.start) for end in attacks)
                and not any(self._asked(end, c.start) for end in asked)
                and not any(0 <= c.start - end <= 1 for end in denied)]

    def _asked(self, end: int, at: int) -> bool:
        """Whether a call ending at token `end` governs the meeting word at `at`: right after it
        ("called for talks"), or in the infinitive it asks for ("urged both sides to return to
        talks", "riep de partijen op om de gesprekken te hervatten")."""
        if not 0 <= at - end <= 10 or self.crossings(end, at):
            return False
        toks = self.sent.tokens
        # the meeting word a few words into the infinitive, not "to agree to a truce at their summit"
        return at - end <= 3 or any(toks[k].low in ("to", "te", "om") for k in range(max(end, at - 4), at))

    def _guest_after(self, end: int) -> bool:
        """Whether someone is received or visited after token `end` in its clause: an actor or
        "leaders", "delegations" ("received Witkoff", "ontving in Londen de leiders", "visited
        Putin in Sochi"; not "visited troops at the front"), not one tied to a thing
        by "from", "of", "between" ("welcomed the ceasefire between Israel and Hamas")."""
        _, hi = self.clause(end)
        guests = [m.start for m in self.actors(end, hi) if not m.locative]
        guests += [c.start for c in self.of("participant_unit") if end <= c.start < hi]
        if not guests:
            return False
        toks = self.sent.tokens
        return not any(toks[k].low in _LINKS for k in range(end, min(guests)))

    def nearest_date(self, i: int) -> DateMention | None:
        if not self.dates:
            return None
        return min(self.dates, key=lambda d: abs(d.start - i) + 50 * self.crossings(d.start, i))


@dataclass
class ArticleContext:
    lang: str
    published: PartialDate | None
    sentences: list[SentInfo]
    table: EntityTable
    # per sentence, the quotes that cover part of it (start and end in the text, and their speaker):
    # filled by the statements, read by the accusations ("“Russia broke the truce,” he said")
    quotes: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)
    # worked out on first use (not functools.cached_property: compiled, that computes on every use)
    _outlets: frozenset[str] | None = field(default=None, init=False, repr=False, compare=False)
    _body_index: dict[str, tuple[list[int], list[str]]] | None = field(default=None, init=False, repr=False,
                                                                       compare=False)

    def __post_init__(self) -> None:
        self._outlets = self._body_index = None  # (a compiled dataclass leaves init=False fields unset)

    def previous(self, s: SentInfo, n: int = 2) -> list[SentInfo]:
        return list(reversed(self.sentences[max(0, s.index - n) : s.index]))

    @property
    def outlets(self) -> frozenset[str]:
        """The actors that are news outlets: they report, they neither attack nor meet."""
        if self._outlets is None:
            gaz = gazetteer(self.lang)
            self._outlets = frozenset(r.id for r in self.table.actors.values() if gaz.is_outlet(r.name))
        return self._outlets

    def name_bodies(self, s: SentInfo, named: dict[str, str]) -> None:
        """Remember each word of the bodies the sentence names ("Syrian Defence Ministry"), for a
        later "the ministry"; a person, a country or a news outlet is no body."""
        for m in s.mentions:
            if m.kind == "actor" and self.table.actors[m.ref].kind not in ("person", "country") \
                    and m.ref not in self.outlets:
                named.update((t.low, m.ref) for t in s.sent.tokens[m.start:m.end]
                             if t.is_word and t.low not in _NOT_BODY)

    def bodies_named_before(self, s: SentInfo) -> dict[str, str]:
        """What `name_bodies` remembers over the sentences before s, from an index made once per
        article: a rule asking this of every sentence stays linear in the article's length."""
        named: dict[str, str] = {}
        if self._body_index is None:
            self._body_index = self._body_words()
        for word, (at, refs) in self._body_index.items():
            k = bisect_left(at, s.index)
            if k:
                named[word] = refs[k - 1]
        return named

    def _body_words(self) -> dict[str, tuple[list[int], list[str]]]:
        """word -> (the sentences naming a body with it, in order, and those bodies)."""
        index: dict[str, tuple[list[int], list[str]]] = {}
        for sent in self.sentences:
            named: dict[str, str] = {}
            self.name_bodies(sent, named)
            for word, ref in named.items():
                at, refs = index.setdefault(word, ([], []))
                at.append(sent.index)
                refs.append(ref)
        return index


# words of a body's name that are no noun standing for it ("the", "of", "van")
_NOT_BODY: Final = frozenset({"the", "de", "het", "of", "van", "for", "voor", "and", "en", "in"})


class Event(ByFields):
    """An event found in the text. `links` use "self" for the event's own id.

    Links and spans are kept in order of discovery, with indexes beside them so that adding and
    looking up stays constant-time however often an article repeats an event (extraction must be
    linear in the article's length). Equal by label, key, properties, spans and links."""

    def __init__(self, label: str, key: dict[str, object], props: dict[str, PropertyValue],
                 spans: list[Span] | None = None, links: list[tuple[str, str, str, Span]] | None = None) -> None:
        self.label = label
        self.key = key
        self.props = props
        self.spans: list[Span] = []
        self.links: list[tuple[str, str, str, Span]] = []
        self._span_set: set[Span] = set()
        self._sentences: set[int] = set()
        self._link_set: set[tuple[str, str, str, Span]] = set()
        # (relationship, "start" | "end") -> the ids on that side, in order of discovery
        self._ends: dict[tuple[str, str], dict[str, None]] = {}
        for span in spans or ():
            self.add_span(span)
        for link in links or ():
            self.link(*link)

    def _fields(self) -> tuple[object, ...]:
        return (self.label, self.key, self.props, self.spans, self.links)

    def __repr__(self) -> str:
        return f"Event({self.label!r}, {self.key!r}, {self.props!r})"

    def link(self, rel: str, start: str, end: str, span: Span) -> None:
        item = (rel, start, end, span)
        if start != end and item not in self._link_set:
            self._link_set.add(item)
            self.links.append(item)
            self._ends.setdefault((rel, "start"), {})[start] = None
            self._ends.setdefault((rel, "end"), {})[end] = None

    def unlink(self, rel: str, end: str) -> None:
        """Drop every `rel` link to `end` (a venue that a later, more precise one replaces)."""
        gone = [item for item in self.links if item[0] == rel and item[2] == end]
        if not gone:
            return
        self.links = [item for item in self.links if item not in gone]
        self._link_set.difference_update(gone)
        self._ends[(rel, "end")].pop(end, None)
        self._ends[(rel, "start")] = dict.fromkeys(a for r, a, _, _ in self.links if r == rel)

    def add_span(self, span: Span) -> None:
        if span not in self._span_set:
            self._span_set.add(span)
            self._sentences.add(span[0])
            self.spans.append(span)

    def told_in(self, sentence: int) -> bool:
        """Whether the sentence with this index tells of the event."""
        return sentence in self._sentences

    def linked(self, rel: str, side: str = "start") -> list[str]:
        return list(self._ends.get((rel, side), ()))
