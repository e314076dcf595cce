"""When two mentions of an event are the same real event: profiles, blocking keys and rules.

A `Profile` is what resolution knows of an event: its date range, the properties that say what it
is (topic, method, kind, quote) and the ids at the far end of its relationships. The same profile
is made from a document's rows (a mention) and from the graph (a candidate node), so one set of
rules decides in the database path and in the in-memory bulk path.

Blocking: every resolvable event lives in one block (`block_key`: label, a coarse scope such as the
country or the topic, and the month or year of its first day); a mention searches the few blocks
any compatible event could live in (`search_keys`). Those keys are what writers lock and what the
candidate lookup reads through an index: resolution never scans a label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any, Final

from conflictkg.graph.claims import Tally
from conflictkg.graph.ids import fold
from conflictkg.graph.persons import person_key

# Relationship types that say what an event is, per label (the rest is context).
LINKS: Final[dict[str, tuple[str, ...]]] = {
    "Agreement": ("PARTY_TO", "MEDIATED"),
    "Attack": ("PERPETRATED", "TARGETED"),
    "Meeting": ("ATTENDED", "HELD_AT"),
    "Accusation": ("MADE", "AGAINST", "ALLEGES_VIOLATION_OF"),
    "Statement": ("SAID",),
}
PLACE_TYPES: Final = ("TARGETED", "HELD_AT")
RESOLVED_LABELS: Final = tuple(LINKS)
# Agreements first (accusations name them), then the rest in a fixed order.
ORDER: Final = ("Agreement", "Attack", "Meeting", "Accusation", "Statement")
# Labels whose rules read a candidate's claims (an agreement's life: first report, last report,
# collapse). Candidates of the other labels are read without them; their date is the node's.
CLAIMS_MATCHED: Final = ("Agreement",)

# A mention is of an agreement when it is at most four months from the agreement's life (its first
# date to its last report), either way: the order articles are loaded in does not matter.
_LIFE_GAP: Final = timedelta(days=120)
# "A new ceasefire": the same deal only when reported within two weeks of its start.
_NEW_WINDOW: Final = timedelta(days=14)
_AFTER_COLLAPSE: Final = timedelta(days=7)
# An attack a news article gives no date happened in the days before it was published: it is
# compared with the attacks of those days (the article's day and the three before it; six days
# before a mention's start, `search_keys` reaches the block any of them is in).
UNDATED_BEFORE: Final = timedelta(days=3)
# Place ids this alike are one name spelled two ways ("al-fasher", "el-fasher": 0.89).
_ALIKE: Final = 0.8
_NOVEL: Final = re.compile(
    r"\b(new|second|third|renewed|fresh|another|latest|nieuwe?|tweede|derde|hernieuwde?|vernieuwde?)\s+"
    r"(?:(?!violation|violations|schending|of|van)\w+[\s-]+)?"
    r"(ceasefire|cease-fire|truce|deal|agreement|accord|pact|pause|moratorium|bestand|akkoord|"
    r"wapenstilstand|staakt-het-vuren|overeenkomst|wapenbestand)",
    re.IGNORECASE,
)
_NOT_SAID: Final = re.compile(r"[^a-z0-9]+")
_NEVER: Final = (date.max, date.min)  # an undated event's reach: it touches no probe's days


@dataclass
class Profile:
    label: str
    id: str
    start: date | None = None
    end: date | None = None
    props: dict[str, Any] = field(default_factory=dict)
    links: dict[str, frozenset[str]] = field(default_factory=dict)
    places: frozenset[str] = frozenset()  # the most specific places (none lies inside another)
    ancestors: dict[str, frozenset[str]] = field(default_factory=dict)  # place -> places above it
    block: str | None = None
    articles: frozenset[str] = frozenset()  # the articles that report it
    reported: date | None = None  # the article's date: an undated agreement's stand-in
    # the first and last day of the articles dated to the day that report it: an undated attack's
    # stand-in (claims.report_days)
    report_days: tuple[date, date] | None = None
    seen_until: date | None = None  # the last day any report of it covers
    collapsed: date | None = None  # the first report of the agreement's collapse
    novel: bool = False  # "a new / second / renewed ceasefire"
    # every report's claim folded (what they decide): a node the resolver made itself; None for
    # one read from the graph, whose claims the database holds
    tally: Tally | None = None

    def linked(self, type_: str) -> frozenset[str]:
        return self.links.get(type_, frozenset())

    # Made with the profile (profiles are never changed, only replaced): a writer's cache tests
    # every event of a block against each batch's probes, and the attack rule compares methods
    # for every candidate, so both are read far more often than profiles are made.
    # The days a probe must touch for this event to be read as a candidate (`touches`): its
    # dates, an agreement's life; None: whatever the probe's days.
    reach: tuple[date, date] | None = field(init=False, repr=False, compare=False)
    # The attack methods it names ("unknown" is none).
    methods: frozenset[str] = field(init=False, repr=False, compare=False)
    # Its blocks (`search_keys`), made on first use: planning and resolving ask several times.
    keys: list[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # set here, not as the field's default: a class compiled with mypyc leaves an init=False
        # field's default unset
        self.keys = None
        self.reach = self._reach()
        listed = self.props.get("methods") or []
        self.methods = frozenset(x for x in [*listed, self.props.get("method")]
                                 if isinstance(x, str) and x != "unknown")

    def _reach(self) -> tuple[date, date] | None:
        if self.label != "Agreement":
            return _when(self) or _NEVER
        lived = _life(self)
        return None if self.seen_until is None or lived is None else lived


def leaves(places: Iterable[str], ancestors: dict[str, frozenset[str]]) -> frozenset[str]:
    """The places that are not above another one of the same event."""
    ps = set(places)
    above = {a for p in ps for a in ancestors.get(p, ())}
    return frozenset(ps - above)


def novel(quotes: Iterable[str]) -> bool:
    return any(_NOVEL.search(q) for q in quotes)


def country(p: Profile) -> str:
    """The coarse scope of a placed event: the first country its places lie in (a country is an
    Actor id), else its first place; '-' without places."""
    tops: list[str] = sorted({a for place in p.places for a in (*p.ancestors.get(place, ()), place)
                              if a.startswith("actor:")})
    if tops:
        return tops[0]
    return str(min(p.places)) if p.places else "-"


def scope(p: Profile) -> str:
    if p.label == "Agreement":
        return str(p.props.get("topic") or "-")
    if p.label == "Statement":
        speaker = p.props.get("speaker")
        return (person_key(speaker) or "-") if isinstance(speaker, str) else "-"
    if p.label == "Accusation":
        return "-"
    return country(p)


def _months(start: date, end: date) -> list[str]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _when(p: Profile) -> tuple[date, date] | None:
    """The days an event is resolved in: its dates; an undated agreement's first report; an
    undated attack's report days and the few before them. None: not resolved by rules."""
    if p.start is not None and p.end is not None:
        return p.start, p.end
    if p.label == "Agreement" and p.reported is not None:
        return p.reported, p.reported
    if p.label == "Attack" and p.report_days is not None:
        return p.report_days[0] - UNDATED_BEFORE, p.report_days[1]
    return None


def _yearly(label: str) -> bool:
    return label in ("Agreement", "Statement")


def block_key(p: Profile) -> str | None:
    """The block an event is created in: None when it is not resolved by rules (undated)."""
    when = _when(p)
    if when is None:
        return None
    start, end = when
    if _yearly(p.label) or (end - start).days > 40:
        bucket = f"{start.year:04d}"
    else:
        bucket = f"{start.year:04d}-{start.month:02d}"
    return f"{p.label.lower()}|{scope(p)}|{bucket}"


def search_keys(p: Profile) -> list[str]:
    """Every block a compatible event can live in: the months from six days before the mention's
    start (a week that began in the previous month) to its end, and the years it touches (events
    known to the year); agreements, long-lived, also the year before. Kept once made, as `reach`
    is (planning and resolving ask for a mention's keys several times)."""
    keys = p.keys
    if keys is None:
        keys = p.keys = _search_keys(p)
    return keys


def _search_keys(p: Profile) -> list[str]:
    when = _when(p)
    if when is None:
        return []
    start, end = when
    prefix = f"{p.label.lower()}|{scope(p)}|"
    first_year = start.year - 1 if p.label == "Agreement" else start.year
    years = [f"{y:04d}" for y in range(first_year, end.year + 1)]
    if _yearly(p.label):
        return sorted(prefix + y for y in years)
    months = _months(start - timedelta(days=6), end) if (end - start).days <= 400 else []
    return sorted(prefix + k for k in {*months, *years})


def probe_days(p: Profile) -> tuple[date | None, date | None]:
    """The days a candidate of p's blocks must touch to be worth reading (None: all of the block).
    Other events overlap the mention's days; an agreement's life (`_agreement`) comes within
    `_LIFE_GAP` of them; a statement may be undated."""
    when = _when(p)
    if when is None or p.label == "Statement":
        return None, None
    if p.label == "Agreement":
        return when[0] - _LIFE_GAP, when[1] + _LIFE_GAP
    return when


def touching(cs: Iterable[Profile], spans: Sequence[tuple[date | None, date | None]]) -> list[Profile]:
    """The candidates that touch any of these disjoint periods (`touches`, in one pass: a writer's
    cache tests every event of a block against each batch's probes)."""
    if any(first is None or last is None for first, last in spans):
        return list(cs)
    out = []
    for c in cs:
        reach = c.reach
        if reach is None:
            out.append(c)
            continue
        lo, hi = reach
        for first, last in spans:
            if lo <= last and hi >= first:  # type: ignore[operator]
                out.append(c)
                break
    return out


def touches(c: Profile, first: date | None, last: date | None) -> bool:
    """Whether candidate c touches a probe's days (`probe_days`): the filter the candidates query
    applies in the database, for candidates a writer's cache holds."""
    if first is None or last is None:
        return True
    reach = c.reach  # None: an agreement whose life is not kept on the node, read whatever its days
    return reach is None or (reach[0] <= last and reach[1] >= first)


def _life(c: Profile) -> tuple[date, date] | None:
    """An agreement's life: its first date (else its first report) to the last day any report
    covers; None when it has neither date nor report."""
    born = c.start or c.reported
    if born is None:
        return None
    return born, max(d for d in (c.end, c.seen_until, c.reported, born) if d is not None)


# -- the rules ------------------------------------------------------------------------------------

def _subset_compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    return a <= b or b <= a


def _overlap(a: Profile, b: Profile) -> bool:
    """Their days meet (an undated attack's: the days before its reports, `_when`)."""
    da, db = _when(a), _when(b)
    return da is not None and db is not None and da[0] <= db[1] and db[0] <= da[1]


def _related(a: str, a_up: frozenset[str], b: str, b_up: frozenset[str]) -> bool:
    return a == b or b in a_up or a in b_up


def _places_meet(a: Profile, b: Profile) -> bool:
    """The places agree: each most specific place of one is a place of the other, lies inside one
    or around one (LOCATED_IN chain). When one names a place the other does not, the other's places
    must be as specific or vaguer, not a town of their own inside a region both name: an attack
    "in Hallalé, in Soum" is not the one "in Arbinda, in Soum"."""
    if not (a.places and b.places):
        return False
    extra_a, extra_b = _unmatched(a, b), _unmatched(b, a)
    if extra_a and extra_b:
        return False
    if not extra_a and not extra_b:
        return True
    extra, other = (a, b) if extra_a else (b, a)
    return all(any(q == p or q in extra.ancestors.get(p, frozenset()) for p in extra.places) for q in other.places)


def _unmatched(x: Profile, y: Profile) -> list[str]:
    """The most specific places of x that are no place of y, lie neither inside nor around one,
    and are no other spelling of one ("Al Fasher", "El Fasher")."""
    return [p for p in x.places if not any(
        _related(p, x.ancestors.get(p, frozenset()), q, y.ancestors.get(q, frozenset())) or _spelled_alike(p, q)
        for q in y.places)]


@lru_cache(maxsize=65536)
def _spelled_alike(a: str, b: str) -> bool:
    """Two place ids whose names differ in a letter or two: transliterations of one name. Cached:
    the same few places meet each other in every batch, and difflib is slow."""
    na, nb = a.partition(":")[2], b.partition(":")[2]
    return a.partition(":")[0] == b.partition(":")[0] and SequenceMatcher(None, na, nb).ratio() >= _ALIKE


def _agreement(m: Profile, c: Profile) -> bool:
    # parties first: a block (a topic's year) holds the deals of every conflict
    if not (_subset_compatible(m.linked("PARTY_TO"), c.linked("PARTY_TO"))
            and _subset_compatible(m.linked("MEDIATED"), c.linked("MEDIATED"))):
        return False
    if m.props.get("topic") != c.props.get("topic"):
        return False
    mn, cn = m.props.get("name"), c.props.get("name")
    if isinstance(mn, str) and isinstance(cn, str) and fold(mn) != fold(cn):
        return False
    when, lived = _when(m), _life(c)
    if when is not None and lived is not None:
        (start, end), (born, last) = when, lived
        if start > last + _LIFE_GAP or born > end + _LIFE_GAP:
            return False  # far apart: another deal between the same sides
        if c.collapsed is not None and start > c.collapsed + _AFTER_COLLAPSE:
            return False  # a deal reported after this one collapsed is a new one
        if m.novel and start > born + _NEW_WINDOW:
            return False  # "a new / second ceasefire"
    return True


def _places_meet_below_country(a: Profile, b: Profile) -> bool:
    return any(_related(x, a.ancestors.get(x, frozenset()), y, b.ancestors.get(y, frozenset()))
               for x in a.places for y in b.places if not x.startswith("actor:") and not y.startswith("actor:"))


def _same_day(a: Profile, b: Profile) -> bool:
    return a.start is not None and a.start == a.end == b.start == b.end


def _attack(m: Profile, c: Profile) -> bool:
    # the cheap tests first: most candidates of a block differ in day, method or perpetrator
    if not _overlap(m, c) or not m.places or not c.places:
        return False
    mm, cm = m.methods, c.methods
    if mm and cm and not mm & cm:
        return False
    if not _subset_compatible(m.linked("PERPETRATED"), c.linked("PERPETRATED")) or not _places_meet(m, c):
        return False
    # "in Burkina Faso" fits every attack there: only the same day and side will do
    return _places_meet_below_country(m, c) or (_same_day(m, c) and bool(m.linked("PERPETRATED"))
                                                and bool(c.linked("PERPETRATED")))


def _meeting(m: Profile, c: Profile) -> bool:
    if not _overlap(m, c):
        return False
    mk, ck = m.props.get("kind"), c.props.get("kind")
    if mk not in (None, "meeting") and ck not in (None, "meeting") and mk != ck:
        return False
    if m.places and c.places:
        return _places_meet(m, c)
    return bool(m.linked("ATTENDED") & c.linked("ATTENDED"))


def _accusation(m: Profile, c: Profile) -> bool:
    made_m, made_c = m.linked("MADE"), c.linked("MADE")
    if made_m.isdisjoint(made_c) or not _subset_compatible(made_m, made_c) or not _overlap(m, c):
        return False
    return (_subset_compatible(m.linked("AGAINST"), c.linked("AGAINST"))
            and _subset_compatible(m.linked("ALLEGES_VIOLATION_OF"), c.linked("ALLEGES_VIOLATION_OF")))


def quote_key(text: Any) -> str:
    return _NOT_SAID.sub(" ", fold(text)).strip() if isinstance(text, str) else ""


def _statement(m: Profile, c: Profile) -> bool:
    said_m, said_c = m.linked("SAID"), c.linked("SAID")
    if not said_m & said_c or not _subset_compatible(said_m, said_c):
        return False
    if m.start is not None and c.start is not None and not _overlap(m, c):
        return False
    qm, qc = quote_key(m.props.get("quote")), quote_key(c.props.get("quote"))
    if not qm or not qc:
        return False
    short, long_ = sorted((qm, qc), key=len)
    return short == long_ or (len(short) >= 30 and short in long_)


RULES: Final = {
    "Agreement": (_agreement, "agreement:topic+parties+mediators+life"),
    "Attack": (_attack, "attack:day+place+method+perpetrator"),
    "Meeting": (_meeting, "meeting:day+venue+kind"),
    "Accusation": (_accusation, "accusation:day+sides+agreement"),
    "Statement": (_statement, "statement:speaker+quote"),
}


# Links a candidate must share with the mention for its label's rule to hold, tried on a whole
# block before the rule (a topic's year of deals holds every conflict's): the type, and whether a
# side without such a link fits anyway (an agreement without parties; never an accusation by nobody).
_MUST_SHARE: Final[dict[str, tuple[str, bool]]] = {"Agreement": ("PARTY_TO", True), "Accusation": ("MADE", False)}


class SharedLinks:
    """A block's candidates by the ends of the links a mention must share with them
    (`_MUST_SHARE`): the few sharing a party among a topic's year of deals, found without testing
    every one for each mention of the block."""

    def __init__(self, candidates: Iterable[Profile], type_: str) -> None:
        self.candidates = list(candidates)
        self.by_end: dict[str, list[Profile]] = {}
        self.unlinked: list[Profile] = []
        for c in self.candidates:
            ends = c.links.get(type_)
            if not ends:
                self.unlinked.append(c)
            for end in ends or ():
                self.by_end.setdefault(end, []).append(c)

    def sharing(self, m: Profile) -> Iterable[Profile]:
        """The candidates `_may_match` keeps for m (a candidate sharing two ends comes twice)."""
        type_, unlinked_fits = _MUST_SHARE[m.label]
        mine = m.linked(type_)
        if not mine:
            return self.candidates if unlinked_fits else []
        out = [c for end in mine for c in self.by_end.get(end, ())]
        return [*out, *self.unlinked] if unlinked_fits else out


def must_share(label: str) -> str | None:
    """The link type a mention of this label must share with a candidate (`_MUST_SHARE`), if any."""
    rule = _MUST_SHARE.get(label)
    return rule[0] if rule else None


def _may_match(m: Profile, candidates: Iterable[Profile]) -> Iterable[Profile]:
    """The candidates that pass `_MUST_SHARE` (a necessary condition of the rule)."""
    if m.label not in _MUST_SHARE:
        return candidates
    type_, unlinked_fits = _MUST_SHARE[m.label]
    mine = m.linked(type_)
    if not mine:
        return candidates if unlinked_fits else []
    empty: frozenset[str] = frozenset()
    return [c for c in candidates if not mine.isdisjoint(theirs := c.links.get(type_, empty))
            or (unlinked_fits and not theirs)]


def best_match(m: Profile, candidates: Iterable[Profile]) -> tuple[Profile, str] | None:
    """The compatible candidate sharing most with the mention (ties: its own id, the nearer
    start, the smaller id), with the rule that matched; None when none is compatible. A mention
    never joins a node its own article already reports under another mention. The order of the
    candidates does not matter."""
    rule, name = RULES[m.label]
    found = [c for c in _may_match(m, candidates) if m.articles.isdisjoint(c.articles) and rule(m, c)]
    if not found:
        return None

    def rank(c: Profile) -> tuple[int, int, int, str]:
        shared = sum(len(m.linked(t) & c.linked(t)) for t in LINKS[m.label]) + len(m.places & c.places)
        gap = abs((m.start - c.start).days) if m.start and c.start else 0
        return (c.id != m.id, -shared, gap, c.id)

    return min(found, key=rank), name
