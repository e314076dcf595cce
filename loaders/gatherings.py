"""Meetings (summits, talks: place, date, participants, "bijna 30 landen") and proposals (a force
or plan: who leads, supports or opposes it, "10.000 tot 30.000 troepen")."""

from __future__ import annotations

from itertools import pairwise
from typing import Final

from conflictkg.graph.ids import entity_id
from conflictkg.loaders.agreements import topics
from conflictkg.loaders.context import ArticleContext, Event, SentInfo
from conflictkg.loaders.cues import Cue
from conflictkg.loaders.document import country_code
from conflictkg.loaders.gazetteer import gazetteer
from conflictkg.loaders.mentions import Mention, place_nouns

_KIND_ORDER: Final = ("phone_call", "summit", "conference", "talks", "meeting")
# places that stand in a town: a palace, a headquarters, a base
_SITES: Final = ("building", "facility")


def _meeting_kind(s: SentInfo, at: int) -> str:
    # "met in Brussels for talks": a kind named just after the verb says what the meeting was
    kinds = [c.value for c in s.of("meeting_kind") if -1 <= c.start - at <= 4]
    return next((k for k in _KIND_ORDER if k in kinds), "meeting")


def _venue(s: SentInfo, at: int, end: int) -> Mention | None:
    """Where a meeting named at tokens at..end took place: "talks in Istanbul", "the Riyadh
    talks", "in St Petersburg for another round of talks", "in Caïro voor gesprekken"; places
    nearer an attack, or the war ("talks to end the conflict in Tigray"), are not it."""
    toks = s.sent.tokens
    lo, hi = s.clause(at)
    # the places of fighting and of the war as a whole
    elsewhere = [c.start for c in s.cues if c.category in ("attack_method", "attack_general", "war")]
    links = {c.start for c in s.of("venue_link")}
    afters = [c.start for c in s.of("after")]
    best: tuple[int, Mention] | None = None
    for m in s.places(lo, hi) + [a for a in s.actors(lo, hi) if a.locative]:
        if m.start >= end:
            dist = m.start - end
            # "in Istanbul", "at the Élysée", "the city of Geneva": "of"/"van" only after a place
            # noun ("the delegations of Russia and Ukraine" names who, not where)
            intro = any(
                toks[k].low in ("in", "at", "op", "te", "bij")
                or (toks[k].low in ("of", "van") and k > 0 and toks[k - 1].low in place_nouns(s.lang))
                for k in range(max(end, m.start - 4), m.start)
            )
            if dist > 12 or not intro:
                continue
        else:
            dist = at - m.end
            if not (dist == 0 or (m.locative and dist <= 12) or (m.end in links and dist <= 3)):
                continue
            if any(m.end <= a < at for a in afters):
                continue  # "a ceasefire in Syria after talks in Damascus": the place of what followed
        if any(abs(a - m.start) < dist for a in elsewhere):
            continue
        if best is None or dist < best[0]:
            best = (dist, m)
    return best[1] if best else None


def _country_of(ctx: ArticleContext, ref: str) -> str | None:
    """The country actor a venue is in (a country is its own), when the gazetteer knows it."""
    actor = ctx.table.actors.get(ref)
    if actor is not None:
        return ref if actor.kind == "country" else None
    place = ctx.table.places.get(ref)
    code = country_code(place, gazetteer(ctx.lang)) if place is not None else None
    return next((a.id for a in ctx.table.actors.values() if code and a.kind == "country" and a.code == code), None)


def _town_of(ctx: ArticleContext, ref: str) -> str | None:
    """The town a building or base stands in, when the article names that town too: talks "at the
    Dolmabahçe Palace" are the talks "in Istanbul" an analyst looks for."""
    rec = ctx.table.places.get(ref)
    if rec is None or rec.kind not in _SITES:
        return None
    place = gazetteer(ctx.lang).places.get(rec.name)
    town = entity_id("location", place.parent) if place is not None and place.parent else None
    return town if town is not None and town in ctx.table.places else None


def _same_venue(ctx: ArticleContext, a: str, b: str) -> bool:
    """Whether two venues can be one meeting's: the same place, a building and its town ("met at
    Joint Base Elmendorf-Richardson" after "talks in Anchorage"), or a place and its country
    ("talks in Pretoria", then "South Africa hosts the talks")."""
    town_a, town_b = _town_of(ctx, a) or a, _town_of(ctx, b) or b
    if town_a == town_b:
        return True
    country_a, country_b = _country_of(ctx, a), _country_of(ctx, b)
    return country_a is not None and country_a == country_b and country_a in (a, b)


def _nearer_an_attack(s: SentInfo, m: Mention, meeting: Cue) -> bool:
    """In an attack's clause and nearer the attack than the meeting word: the attack's
    perpetrator or target ("an airstrike hit a wedding in X"), not a guest."""
    return any(s.clause(a.start) == s.clause(m.start) and abs(a.start - m.start) < abs(meeting.start - m.start)
               for a in s.cues if a.category in ("attack_method", "attack_general"))


def _parties_only(s: SentInfo, cues: list[Cue]) -> bool:
    """Whether the sentence names talks only by who takes part in them ("negotiators",
    "delegaties"): "a truce agreed by negotiators from Ukraine and Russia last week" tells no
    round of talks unless it says where the negotiators met."""
    units = {(u.start, u.end) for u in s.of("participant_unit")}
    return all((c.start, c.end) in units for c in cues)


def extract_meetings(ctx: ArticleContext) -> list[Event]:
    """Meetings merged per article: "de top", "the talks" later on refer back to the last one."""
    meetings: list[Event] = []
    for s in ctx.sentences:
        cues = s.meetings
        if not cues:
            continue
        c = cues[0]
        kind = _meeting_kind(s, c.start)
        _, hi = s.clause(c.start)
        place = _venue(s, c.start, c.end)
        # the count of participants: "leiders van bijna 30 landen", "more than 30 countries"
        count = None
        for n in s.counts:
            if any(u.category == "participant_unit" and 0 <= u.start - n.end <= 1 for u in s.cues):
                count = n
                break
        # actors after "over"/"about" in the meeting's own clause are its subject, not its guests
        about = next((a.start for a in s.of("about_marker") if c.end <= a.start <= c.end + 2), None)
        guests = [
            m for m in s.actors()
            if not m.locative and m.ref not in ctx.outlets and not _nearer_an_attack(s, m, c)
            and not (about is not None and about <= m.start < hi)
        ]
        date = s.nearest_date(c.start)
        if date and abs(date.start - c.start) > 12:
            date = None
        # talks named without place, day, count or anyone attending are the process ("the talks
        # have stalled", "despite ongoing negotiations"), not one round of them
        specific = bool(kind not in ("meeting", "talks") or place or count or s.has("attendance") or date)
        if _parties_only(s, cues) and not place:
            specific = False
        existing = next((e for e in reversed(meetings) if kind in ("meeting", e.props["kind"])), None)
        held = existing.props.get("_place") if existing is not None else None
        if isinstance(held, str) and place and not _same_venue(ctx, held, place.ref):
            existing = None
        if existing is None and not specific:
            continue
        ev = existing or Event("Meeting", {}, {"kind": kind, "plover": "CONSULT"})
        if existing is None:
            meetings.append(ev)
        ev.add_span(s.span)
        held = ev.props.get("_place")
        if place and isinstance(held, str) and held != place.ref and _country_of(ctx, held) == held:
            # "talks in Saudi Arabia", then "in the Saudi coastal city of Jeddah": the city
            ev.unlink("HELD_AT", held)
            held = None
        if place and not held:
            ev.props["_place"] = place.ref
            ev.link("HELD_AT", "self", place.ref, s.span)
            town = _town_of(ctx, place.ref)
            if town is not None:
                ev.link("HELD_AT", "self", town, s.span)
        if count and not ev.props.get("participant_count"):
            ev.props["participant_count"] = count.value
            ev.props["participant_count_qualifier"] = count.qualifier or "exact"
        if date and not ev.props.get("date"):
            ev.props["date"] = date.date.text
        for m in guests:
            if m.ref != ev.props.get("_place"):
                ev.link("ATTENDED", m.ref, "self", s.span)
    # a bare "received" or "meeting" that names neither who met nor where ("the airport received
    # its first flight on Wednesday") is no meeting an analyst can use
    meetings = [ev for ev in meetings if ev.linked("ATTENDED", "start")
                or ev.props.get("_place")]
    for ev in meetings:
        ev.key = {"kind": ev.props["kind"], "place": ev.props.get("_place"), "date": ev.props.get("date")}
        ev.props.pop("_place", None)
        if not ev.props.get("date") and ctx.published:
            ev.props["date"] = ctx.published.text
    return meetings


def _size(s: SentInfo) -> tuple[int | None, int | None]:
    """"10.000 tot 30.000 troepen", "between 15,000 and 25,000 troops", "up to 5,000 soldiers"."""
    units = [c.start for c in s.of("size_unit")]
    if not units:
        return None, None
    counts = s.counts
    for a, b in pairwise(counts):
        if b.start - a.end <= 1 and any(0 <= u - b.end <= 2 for u in units):
            return a.value, b.value
    for n in counts:
        if any(0 <= u - n.end <= 2 for u in units) and n.value >= 100:
            if n.qualifier == "up_to":
                return None, n.value
            return n.value, n.value
    return None, None


def extract_proposals(ctx: ArticleContext) -> list[Event]:
    """Proposals merged per topic; an "initiative" joins the article's force or plan."""
    by_topic: dict[str, Event] = {}
    pending_initiatives: list[SentInfo] = []
    for s in ctx.sentences:
        topic_cues = s.of("proposal_topic")
        roles = s.of("proposal_role")
        lo_size, hi_size = _size(s)
        generic = [c for c in s.of("proposal") if c.value == "proposal"]
        if not topic_cues and not generic:
            continue
        topic = topic_cues[0].value if topic_cues else None
        if not (roles or lo_size or hi_size or generic or s.has("agreement_status")):
            continue  # a force or a plan named in passing is not yet a proposal
        if topic == "peace_plan" and not (roles or s.has("agreement_status")):
            continue  # "plan" alone is too common to mean a proposal
        if topic is None:
            if roles or lo_size or hi_size:
                pending_initiatives.append(s)
            continue
        ev = by_topic.get(topic)
        if ev is None:
            info = topics().get(topic, topics()["initiative"])
            ev = by_topic[topic] = Event(
                "Proposal", {"topic": topic}, {"topic": topic, "name": info["label"], "plover": info["plover"]}
            )
        _fill(ctx, ev, s, lo_size, hi_size)
    if not by_topic:
        # Without a force or plan to join, an initiative needs someone proposing it: "forces",
        # "mission" or "plan" beside "against" or "led" is mostly no proposal at all.
        pending_initiatives = [s for s in pending_initiatives
                               if any(c.value == "proposed" for c in s.of("agreement_status"))]
    for s in pending_initiatives:
        if by_topic:
            ev = min(by_topic.values(), key=lambda e: min(abs(sp[0] - s.index) for sp in e.spans))
        else:
            info = topics()["initiative"]
            ev = by_topic["initiative"] = Event(
                "Proposal", {"topic": "initiative"},
                {"topic": "initiative", "name": info["label"], "plover": info["plover"]},
            )
        _fill(ctx, ev, s, *_size(s))
    return list(by_topic.values())


def _fill(ctx: ArticleContext, ev: Event, s: SentInfo, lo: int | None, hi: int | None) -> None:
    ev.add_span(s.span)
    if lo and not ev.props.get("size_min"):
        ev.props["size_min"] = lo
    if hi and not ev.props.get("size_max"):
        ev.props["size_max"] = hi
    roles = s.of("proposal_role")
    for m in s.actors():
        if m.locative:
            continue
        rec = ctx.table.actors.get(m.ref)
        if rec is None:
            continue
        toks = s.sent.tokens
        near = [
            r for r in roles
            if s.crossings(r.start, m.start) == 0 and (
                0 < r.start - m.start <= 12
                or (0 < m.start - r.end <= 3 and any(toks[k].low in ("by", "door") for k in range(r.end, m.start)))
            )
        ]
        if not near:
            continue
        role = min(near, key=lambda r: abs(r.start - m.start))
        # an actor after "met"/"with" in "samen met Macron" shares the role of the subject
        rel = {"leads": "LEADS", "supports": "SUPPORTS", "opposes": "OPPOSES"}[role.value]
        ev.link(rel, m.ref, "self", s.span)
    if s.dates and not ev.props.get("date"):
        ev.props["date"] = s.dates[0].date.text


