"""Agreements (deals, ceasefires, moratoria), their topic, parties, mediators, status and date,
and accusations that one side violated them."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Final

from conflictkg.loaders.context import ArticleContext, Event, SentInfo
from conflictkg.loaders.cues import Cue
from conflictkg.loaders.gazetteer import gazetteer
from conflictkg.loaders.lexicon import read_table
from conflictkg.loaders.mentions import Mention, definites
from conflictkg.loaders.statements import definite_body

# Generic topics yield to specific ones named in the same sentence ("energy ceasefire").
_GENERIC: Final = ("ceasefire", "peace")
# How many tokens from an agreement noun a specific topic may stand to override the noun's own.
_TOPIC_REACH: Final = 6
_PARTY_KINDS: Final = {"country", "organization", "alliance", "armed_group"}


@cache
def topics() -> dict[str, dict[str, str]]:
    return {row["topic"]: row for row in read_table("topics.tsv")}


def as_party(ctx: ArticleContext, m: Mention) -> str | None:
    """A party is a country or organization; a person stands for the country they serve."""
    return party_of(ctx, m.ref)


def party_of(ctx: ArticleContext, ref: str) -> str | None:
    """The party an actor is or serves (see `as_party`)."""
    rec = ctx.table.actors.get(ref)
    if rec is None:
        return None
    if rec.kind == "person":
        return rec.affiliation
    if gazetteer(ctx.lang).is_outlet(rec.name):
        return None  # "as quoted by the Quds News Network": the outlet reports, it takes no side
    return rec.id if rec.kind in _PARTY_KINDS else None


def _mediators(ctx: ArticleContext, s: SentInfo) -> list[str]:
    toks = s.sent.tokens
    found: list[str] = []
    for c in s.of("mediation"):
        # "US-brokered", "Turkish-mediated": the head of the hyphenated token
        tok = toks[c.start]
        if "-" in tok.text:
            head = [m for m in s.mentions if m.start == c.start and m.kind in ("actor", "demonym")]
            if not head:
                head_text = tok.text.split("-")[0]
                entries = gazetteer(ctx.lang).lookup(head_text, frozenset({"country", "demonym", "metonym"}))
                if entries:
                    name = gazetteer(ctx.lang).country_name(entries[0].key)
                    rec = ctx.table.actor(name, "country", surface=head_text if entries[0].kind != "demonym" else None,
                                          span=(s.index, tok.start, tok.start + len(head_text)), code=entries[0].key)
                    found.append(rec.id)
                continue
            found.extend(m.ref for m in head)
            continue
        found.extend(m.ref for m in _named_mediators(s, c))
    return list(dict.fromkeys(found))


def _named_mediators(s: SentInfo, c: Cue) -> list[Mention]:
    """The actors a mediation word names: "brokered by Turkey and the UN", "onder bemiddeling van
    Turkije en de Verenigde Naties", "the Qatari mediators"."""
    toks = s.sent.tokens
    after = [m for m in s.mentions if m.kind in ("actor", "demonym") and c.end <= m.start <= c.end + 3]
    if after and any(toks[k].low in ("by", "door", "van", "of") for k in range(c.end, after[0].start)):
        return _joined(s, after[0])
    return [m for m in s.mentions if m.kind in ("actor", "demonym") and 0 <= c.start - m.end <= 2]


def _topics_in(s: SentInfo, nouns: list[Cue] | None = None) -> list[tuple[str, int]]:
    """The sentence's agreement topics, specific ones first. Given the agreement nouns: when a
    noun names a generic topic itself ("ceasefire", "truce"), a specific topic overrides it only
    close by ("a ceasefire on energy infrastructure", not "a ceasefire ..., citing humanitarian
    concerns")."""
    # "a humanitarian ceasefire", "een humanitair staakt-het-vuren": a truce named for its purpose
    truces = {c.start for c in s.of("agreement_topic") if c.value == "ceasefire"}
    cues = [c for c in s.of("agreement_topic") if not (c.value == "humanitarian" and c.end in truces)]
    if nouns:  # words that name a topic only next to the deal: "civilians", "children", "burgers"
        near = [c for c in s.of("agreement_topic_near") if any(abs(c.start - n.start) <= _TOPIC_REACH for n in nouns)]
        cues = sorted([*cues, *near], key=lambda c: c.start)
    if nouns and any(c.value in _GENERIC and c.start == n.start for c in cues for n in nouns):
        cues = [c for c in cues if c.value in _GENERIC or any(abs(c.start - n.start) <= _TOPIC_REACH for n in nouns)]
    seen: dict[str, int] = {}
    for c in cues:
        seen.setdefault(c.value, c.start)
    specific = {t: i for t, i in seen.items() if t not in _GENERIC}
    chosen = specific or seen
    return sorted(chosen.items(), key=lambda x: x[1])


def _occasion(s: SentInfo, nouns: list[Cue]) -> str | None:
    """The name of a truce called after a holiday ("the Easter truce", "een bestand met Pasen",
    "paasbestand"): the occasion right before, in or just after an agreement noun."""
    for c in s.of("occasion"):
        if any(0 <= n.start - c.start <= 2 or 0 <= c.start - n.end <= 2 for n in nouns):
            return c.value
    return None


def _status(s: SentInfo) -> str | None:
    values = ["proposed" if c.value == "agreed" and _to_come(s, c) else c.value for c in s.of("agreement_status")]
    for v in ("collapsed", "in_force", "agreed", "proposed"):
        if v in values:
            return v
    return None


def _to_come(s: SentInfo, verb: Cue) -> bool:
    """"will sign", "expected to sign", "om het te ondertekenen": a deal still to be agreed. A
    verb that ends its clause takes the future from anywhere before it in the clause, as Dutch
    puts it ("willen volgende week een bestand ondertekenen")."""
    if any(0 <= verb.start - c.end <= 1 for c in s.of("future", "infinitive")):
        return True
    toks, clause = s.sent.tokens, s.clause(verb.start)
    final = verb.end >= clause[1] or not toks[verb.end].is_word
    return final and any(clause[0] <= c.start < verb.start for c in s.of("future"))


def _between(ctx: ArticleContext, s: SentInfo) -> list[str]:
    for c in s.of("between"):
        pair = [m for m in s.actors(c.end, c.end + 6)]
        parties = [p for p in (as_party(ctx, m) for m in pair[:2]) if p]
        if len(parties) == 2:
            return parties
    return []


def _deal_nouns(s: SentInfo) -> list[Cue]:
    """The sentence's agreement words; "exchange" names a deal only as a prisoner exchange
    ("exchanged 250 prisoners", "uitwisseling van krijgsgevangenen"), not "heated exchanges" or
    "exchanged views"."""
    swap = any(c.value == "prisoner_exchange" for c in s.of("agreement_topic"))
    return [n for n in s.of("agreement") if n.value != "exchange" or swap]


def extract_agreements(ctx: ArticleContext) -> list[Event]:
    """One agreement per topic in the article, merged across the sentences that mention it."""
    by_topic: dict[str, Event] = {}
    referring = True  # every mention of a deal of no topic so far is "the deal", "het akkoord"
    for s in ctx.sentences:
        nouns = _deal_nouns(s)
        if not nouns:
            continue
        if any(0 <= n.start - c.end <= 2 for n in nouns for c in s.of("negation")):
            continue  # "no agreement", "geen akkoord", "the failure to reach an agreement"
        mediators = _mediators(ctx, s)
        status = _status(s)
        # "an agreement brokered by neighbouring countries": a deal someone mediated was made,
        # even when the mediators are no actors we know
        brokered = any(0 <= c.start - n.end <= 2 for n in nouns for c in s.of("mediation"))
        # a violation or accusation makes the deal real, unless it is itself a supposition ("how
        # the force would respond to a violation of a peace deal")
        alleged = (s.has("violation") or s.has("accusation")) and not s.has("hypothetical")
        anchored = bool(mediators or status or brokered or _between(ctx, s) or alleged)
        found = _topics_in(s, nouns)
        if anchored and not found:
            found = [("other", nouns[0].start)]
            referring = referring and _definite(s, nouns[0])
        elif not anchored and all(t in _GENERIC for t, _ in found):
            found = []  # "negotiations for a ceasefire": a goal, not an agreement
        if not found:
            continue
        if status is None and (s.has("hypothetical") or s.has("proposal")) and not mediators:
            status = "proposed"
        occasion = _occasion(s, nouns)
        parties = _between(ctx, s) or _declared_by(ctx, s, nouns)
        if not parties:
            parties = [p for p in (as_party(ctx, m) for m in s.actors() if not m.locative) if p and p not in mediators]
        if len(parties) < 2 and s.has("mutual"):
            # "the two sides agreed to swap 500 prisoners", "beide partijen": the parties last named
            sides = _recent_sides(ctx, s, list(by_topic.values()), s.has("country_noun"), mediators=mediators)
            if len(sides) == 2:  # one side alone is not "both"
                parties = list(dict.fromkeys(parties + sides))
        for topic, at in found:
            ev = by_topic.get(topic)
            if ev is None:
                info = topics().get(topic, topics()["other"])
                ev = by_topic[topic] = Event(
                    "Agreement", {"topic": topic}, {"topic": topic, "name": info["label"], "plover": info["plover"]}
                )
            if occasion and topic in _GENERIC and ev.props["name"] == topics()[topic]["label"]:
                ev.props["name"] = occasion  # another truce between the same sides is another node
            ev.add_span(s.span)
            date = s.nearest_date(at)
            if date and not ev.props.get("date"):
                ev.props["date"] = date.date.text
            if status and (not ev.props.get("status") or status in ("collapsed", "in_force")):
                ev.props["status"] = status
            for m in mediators:
                ev.link("MEDIATED", m, "self", s.span)
            for p in parties:
                if p not in ev.linked("MEDIATED"):  # the mediator named in an earlier sentence
                    ev.link("PARTY_TO", p, "self", s.span)
    named = [t for t in by_topic if t != "other"]
    if "other" in by_topic and referring and len(named) == 1:
        # "de overeenkomst", "the agreement": the one deal the article names, not another one
        _fold_into(by_topic[named[0]], by_topic.pop("other"))
    for ev in by_topic.values():
        if not ev.props.get("status") and (ev.linked("MEDIATED") or ev.linked("PARTY_TO")):
            ev.props["status"] = "agreed"
    return list(by_topic.values())


def _declared_by(ctx: ArticleContext, s: SentInfo, nouns: list[Cue]) -> list[str]:
    """"het bestand dat Moskou had afgekondigd", "the truce Moscow declared": the one side named
    between the agreement word and the verb of its own clause is the deal's party; the others in the
    sentence (who reports it, who is attacked) are not."""
    toks = s.sent.tokens
    for n in nouns:
        verb = next((c for c in s.of("agreement_status") if 0 < c.start - n.end <= 5), None)
        if verb is None:
            continue
        named = [m for m in s.actors(n.end, verb.start) if not m.locative]
        opens = n.end < len(toks) and (toks[n.end].low in _RELATIVES or (named and named[0].start == n.end))
        sides = list(dict.fromkeys(p for p in (as_party(ctx, m) for m in named) if p))
        if opens and len(sides) == 1:
            return sides
    return []


def _definite(s: SentInfo, noun: Cue) -> bool:
    """"the agreement", "the breakthrough agreement", "het akkoord": a deal named before."""
    return any(t.low in definites(s.lang) for t in s.sent.tokens[max(0, noun.start - 2):noun.start])


def _fold_into(ev: Event, other: Event) -> None:
    """The mentions of `other` as mentions of `ev`: its sentences, sides, date and status."""
    for span in other.spans:
        ev.add_span(span)
    for rel, start, end, span in other.links:
        ev.link(rel, start, end, span)  # "self" is the event either way
    if other.props.get("date") and not ev.props.get("date"):
        ev.props["date"] = other.props["date"]
    status = other.props.get("status")
    if status and (not ev.props.get("status") or status in ("collapsed", "in_force")):
        ev.props["status"] = status  # as a later sentence of its own would set it


def _recent_sides(ctx: ArticleContext, s: SentInfo, agreements: list[Event], states: bool,
                  other_than: str | None = None, mediators: Iterable[str] = ()) -> list[str]:
    """Who "both sides" / "beide partijen" are: the parties of the agreement just discussed, else
    the last two parties (with `states`, countries) named in the preceding sentences; never
    `other_than`, the one the sentence sets against them ("Both were accused by the UN"), nor a
    mediator ("talks mediated by Turkey and Qatar ... Each side blamed the other")."""
    recent = [s, *ctx.previous(s, 3)]
    for prev in recent:
        for ag in agreements:
            if ag.told_in(prev.index):
                # the parties named with it there first: one "ceasefire" node can gather the
                # parties of several truces an article mentions
                here = [a for rel, a, _, sp in ag.links if rel == "PARTY_TO" and sp[0] == prev.index]
                parties = _two_sides(ctx, [p for p in dict.fromkeys(here + ag.linked("PARTY_TO")) if p != other_than])
                if len(parties) >= 2:
                    return parties
    named: list[str] = []
    for prev in recent:
        # "Russian and Ukrainian delegations": a bare demonym names its country too
        mentions = [m for m in prev.mentions if m.kind in ("actor", "demonym")]
        named += [p for p in (as_party(ctx, m) for m in reversed(mentions)) if p]
    if states:
        named = [p for p in named if ctx.table.actors[p].kind == "country"]
    neutral = {*mediators, *(m for ag in agreements for m in ag.linked("MEDIATED")),
               *(m.ref for prev in recent for c in prev.of("mediation") for m in _named_mediators(prev, c))}
    return _two_sides(ctx, [p for p in named if p != other_than and p not in neutral])


def _two_sides(ctx: ArticleContext, parties: list[str]) -> list[str]:
    """The first two parties that are not one side: a state's army is that state ("Israël" and
    "het Israëlische leger" are one side; Hamas is the other)."""
    out: list[str] = []
    sides: set[str] = set()
    for p in parties:
        rec = ctx.table.actors[p]
        side = rec.affiliation if rec.kind == "organization" and rec.affiliation else p
        if side not in sides:
            sides.add(side)
            out.append(p)
    return out[:2]


def _speaker(ctx: ArticleContext, s: SentInfo, *, pronoun: bool = True) -> str | None:
    """The party that says what the sentence reports: an actor next to a reporting cue ("Kyiv
    said", "volgens Moskou"), with lower-case words describing it between ("Volgens de
    paramilitaire groep RSF")."""
    toks = s.sent.tokens
    told = [c.start for c in s.of("recipient")]
    said = s.of("reporting", "response") + _verdicts(s)

    def says(m: Mention, c: Cue) -> bool:
        # "Hamas denounced Israel's violations": who condemns a violation alleges it; not the one
        # it was reported to ("reported to the Russian peacekeepers")
        if m.start >= c.end and any(t.low in _RELATIVES for t in toks[c.end:m.start]):
            return False  # "zeggen dat Zuid-Soedan ...", "said that Russia ...": the subject of what is said
        if m.start >= c.end and _has_subject(s, c):
            return False  # "the minister said Russia had violated …": Russia is what is said, not who says it
        return (0 <= m.start - c.end <= 2 or c.start == m.end or _possessor(s, m, c) or (
            c.start - m.end == 1 and toks[m.end].text not in _BEFORE_A_LATE_SPEAKER) or (
            0 <= m.start - c.end <= 4 and all(t.is_word and not t.is_cap for t in toks[c.end:m.start]))) and not any(
            c.end <= r < m.start for r in told)

    # the name nearest its verb: "South Sudan rebels say" is said by the rebels, not South Sudan
    # nor a place: "Rebellen in Zuid-Soedan zeggen" is not said by South Sudan
    # (a people speaks for its country: "volgens de Russen", "the Israelis said")
    sides = _sides(s, 0, len(toks))
    near = sorted(((min(abs(m.start - c.end), abs(c.start - m.end)), m.start, m) for m in sides for c in said
                   if not m.locative and says(m, c)), key=lambda t: t[:2])
    return next((p for p in (as_party(ctx, m) for _, _, m in near) if p), None) or _body_speaker(ctx, s) \
        or _quote_speaker(ctx, s) or _coordinated_speaker(ctx, s, said) \
        or (_pronoun_speaker(ctx, s, said) if pronoun else None)


def _coordinated_speaker(ctx: ArticleContext, s: SentInfo, said: list[Cue]) -> str | None:
    """"Ukraine denied it and said Russia shelled the plant", "Cambodja ontkent dat en zegt dat …": a
    reporting verb right after "and" shares the subject that opens the sentence, with no other side
    named between them."""
    toks = s.sent.tokens
    for c in said:
        if c.start < 2 or toks[c.start - 1].low not in _AND:
            continue
        sides = [m for m in _sides(s, 0, c.start) if not m.locative]
        if len(sides) == 1 and _opens(s, sides[0], 0) and (party := as_party(ctx, sides[0])):
            return party
    return None


_AND: Final = {"and", "en"}


def _verdicts(s: SentInfo) -> list[Cue]:
    """"Hamas called the strike a violation of the truce", "Libanon noemde de aanval een schending":
    a verb that names an act, with a breach after it in its clause, reports the breach as "said"
    does; not "called for" / "called on" (a demand) nor a name given ("a gang called Ti Makak")."""
    toks = s.sent.tokens
    breaches = s.of("violation")
    return [c for c in s.of("verdict") if c.end < len(toks) and toks[c.end].low not in _DEMAND_PARTICLES
            and any(c.end < v.start < s.clause(c.start)[1] for v in breaches)]


# "called for", "called on", "called upon": a demand, not a verdict on an act
_DEMAND_PARTICLES: Final = {"for", "on", "upon"}


def _pronoun_speaker(ctx: ArticleContext, s: SentInfo, said: list[Cue]) -> str | None:
    """"Russia violated the truce, he said", "Hij zei dat Rusland …", "zei hij": a pronoun next to
    the reporting verb speaks for the side of the person (he, she) or the party (it, they) last named
    in the two sentences before."""
    toks = s.sent.tokens

    def speaks(i: int, c: Cue) -> bool:
        # before the verb ("he said", "hij zei"); after it only in Dutch inversion, where "het" after
        # the verb is an article ("meldt het leger"); English "said it …" begins what is said
        if not 0 <= i < len(toks) or toks[i].low not in _SPEAKING_PRONOUNS or any(m.start == i for m in s.mentions):
            return False
        return i < c.start or (s.lang == "nl" and toks[i].low != "het")

    pronoun = next((toks[i].low for c in said for i in (c.start - 1, c.end) if speaks(i, c)), None)
    if pronoun is None:
        return None
    for prev in ctx.previous(s, 2):
        if pronoun not in _PERSONAL:
            # "it said", "they added": who spoke in the sentence before
            return _speaker(ctx, prev, pronoun=False)
        for m in reversed(prev.actors()):
            rec = ctx.table.actors.get(m.ref)
            if rec is not None and rec.kind == "person" and (party := as_party(ctx, m)):
                return party
    return None


# "he said", "zei hij", "it added", "they said": a pronoun for a speaker named before
_PERSONAL: Final = {"he", "she", "hij", "zij"}
_SPEAKING_PRONOUNS: Final = _PERSONAL | {"it", "they", "het", "ze"}


def _quote_speaker(ctx: ArticleContext, s: SentInfo) -> str | None:
    """"“Pakistan has broken the ceasefire,” he said", "“… De regering heeft het bestand geschonden",
    zei de woordvoerder van de SPLM-IO": the party of who says the quote that holds the sentence's
    word of blame or breach (the statements found who that is, in this sentence or a later one)."""
    toks = s.sent.tokens
    cue = next(iter(s.of("accusation", "violation", *_ATTACK_CUES)), None)
    if cue is None:
        return None
    at = toks[cue.start].start
    return next((party_of(ctx, who) for a, b, who in ctx.quotes.get(s.index, ()) if a <= at < b), None)


def _body_speaker(ctx: ArticleContext, s: SentInfo) -> str | None:
    """"'Armenia violated the ceasefire,' the ministry added", "meldt het ministerie": "the" and a
    noun next to the verb stand for the body last named with that noun, as for a quote's speaker."""
    body = definite_body(ctx, s, [], ctx.bodies_named_before(s))
    return body if body is not None and ctx.table.actors[body].kind in _PARTY_KINDS else None


def _has_subject(s: SentInfo, c: Cue) -> bool:
    """An English reporting verb with its subject before it ("the minister said", "Kyiv said"):
    a name after it begins what is said. A late speaker follows a comma or a quote ("…, said
    Kyiv"), or a preposition ("according to Kyiv"); Dutch puts the subject after its verb anyway."""
    toks = s.sent.tokens
    return s.lang == "en" and c.start > 0 and toks[c.start - 1].is_word and toks[c.start].low not in _PREPOSITIONS


# reporting cues that are prepositions, not verbs: the name after them is the source
_PREPOSITIONS: Final = {"according"}
_POSSESSIVES: Final = ("'s", "’s", "s'", "s’")


def _possessor(s: SentInfo, m: Mention, c: Cue) -> bool:
    """"Ukraine's foreign minister said", "Israel's military spokesman says": the state whose
    unnamed official speaks, with at most three lower-case words between it and the verb."""
    toks = s.sent.tokens
    return 0 < c.start - m.end <= 3 and toks[m.end - 1].text.endswith(_POSSESSIVES) and all(
        t.is_word and not t.is_cap for t in toks[m.end:c.start])


def _relative_accuser(ctx: ArticleContext, s: SentInfo, cue: int) -> tuple[str, str] | None:
    """"Hamas, which Israel accuses of …", "de RSF, die het leger verantwoordelijk houdt": a relative
    clause whose subject accuses; the accused is the name the relative pronoun stands for."""
    toks = s.sent.tokens
    rel = next((i for i in range(cue - 1, -1, -1) if toks[i].low in _RELATIVES), None)
    if rel is None or rel == 0 or toks[rel - 1].text != ",":
        return None
    accuser = next((p for p in (as_party(ctx, m) for m in reversed(s.actors(rel, cue))) if p), None)
    accused = next((p for p in (as_party(ctx, m) for m in reversed(s.actors(0, rel)) if not m.locative) if p), None)
    return (accuser, accused) if accuser and accused and accuser != accused else None


def _joined(s: SentInfo, first: Mention) -> list[Mention]:
    """The mention `first` and the actors joined to it ("Turkey and the UN", "the United States
    and Britain"): at most three words between each, all of them "and", "en", an article or a comma."""
    toks = s.sent.tokens
    chain = [first]
    for m in s.actors(first.end):
        gap = toks[chain[-1].end:m.start]
        if len(gap) > 3 or not all(t.low in _JOINERS for t in gap):
            break
        chain.append(m)
    return chain


_JOINERS: Final = {"and", "en", ",", "the", "de", "het"}
# "..., said the army", "..., meldden de strijdkrachten": after a comma or a closing quote the
# reporting verb has its speaker after it, not the name that ends the clause before it
_BEFORE_A_LATE_SPEAKER: Final = {",", "”", '"', "’", "'"}
_RELATIVES: Final = {"who", "which", "that", "die", "dat", "wie", "welke"}


def _attribution(ctx: ArticleContext, s: SentInfo, cue: Cue) -> list[tuple[str, str]]:
    """"Israel said Hamas was behind the attack", "het leger zegt dat de RSF verantwoordelijk is
    voor de beschietingen": the speaker accuses the subject of the attribution."""
    toks = s.sent.tokens
    # the subject right before the attribution, not one a relative clause describes ("a Hamas
    # commander who was responsible for ...")
    near = [m for m in reversed(s.actors(0, cue.start))
            if cue.start - m.end <= 6 and not any(t.low in _RELATIVES for t in toks[m.end:cue.start])]
    subject = next((p for p in (as_party(ctx, m) for m in near) if p), None)
    accuser = _speaker(ctx, s)
    return [(accuser, subject)] if accuser and subject and accuser != subject else []


def _sides(s: SentInfo, lo: int, hi: int) -> list[Mention]:
    """The actors between lo and hi, and the peoples named by a plural demonym ("the Russians
    accused the Ukrainians", "de Russen beschuldigen de Oekraïners"): each stands for its country."""
    toks = s.sent.tokens
    peoples = [m for m in s.mentions if m.kind == "demonym" and lo <= m.start < hi and m.end - m.start == 1
               and toks[m.start].low.endswith(_PLURALS[s.lang])]
    return sorted(s.actors(lo, hi) + peoples, key=lambda m: m.start)


# the endings of a people's plural, never of an adjective: "Russians", "Israelis"; "Russen", "Oekraïners"
_PLURALS: Final = {"en": ("ians", "is", "ans"), "nl": ("en", "ers", "ërs")}


def _where_of(s: SentInfo, m: Mention) -> bool:
    """A country named as the place of the actor right before it ("Police in Haiti blame …", "de
    rebellen in Soedan"): it says where that actor is, and neither accuses nor is accused."""
    return m.locative and any(m.start - a.end == 1 for a in s.actors(0, m.start))


def _accusing(s: SentInfo) -> list[Cue]:
    """The sentence's accusation cues that accuse: not a word used as an adjective or a noun
    ("the alleged sanctuaries", "de beschuldigde partij"), nor the "provocation by" of "attacked
    without provocation by X", where X is the attacker, not a provoker."""
    attributive = s.of("attributive")
    unprovoked = s.of("unprovoked")
    return [c for c in s.of("accusation") if (_owner(s, c) is not None
            or not any(a.start < c.start and c.end <= a.end for a in attributive))
            and not any(u.start < c.end and c.start < u.end for u in unprovoked)]


# accusation cues that are nouns: "Ukraine's accusations", "de beschuldigingen van Oekraïne",
# "Kyiv's allegations", "de aantijgingen van Kyiv"
_ACCUSATION_NOUNS: Final = {"accusation", "accusations", "beschuldiging", "beschuldigingen", "allegation",
                            "allegations", "aantijging", "aantijgingen"}
# "accusations by Kyiv", "beschuldigingen van/door Kyiv": who made them follows
_OF_WHOM: Final = {"by", "from", "van", "door"}


def _owner(s: SentInfo, c: Cue) -> Mention | None:
    """The side whose accusation an accusation noun is: a possessive or a demonym before it, with
    at most two lower-case words between ("Kyiv's latest accusations", "the Ukrainian accusations"),
    or a name right after "by" / "van" ("accusations by Ukraine", "beschuldigingen van Oekraïne")."""
    toks = s.sent.tokens
    if c.end - c.start != 1 or toks[c.start].low not in _ACCUSATION_NOUNS:
        return None
    for m in s.mentions:
        if m.kind not in ("actor", "demonym") or m.locative:
            continue
        between = toks[m.end:c.start]
        owns = m.kind == "demonym" or toks[m.end - 1].text.endswith(_POSSESSIVES)
        if owns and 0 <= c.start - m.end <= 2 and all(t.is_word and not t.is_cap for t in between):
            return m
        if m.kind == "actor" and m.start == c.end + 1 and toks[c.end].low in _OF_WHOM:
            return m
    return None


def _owned_accusation(ctx: ArticleContext, s: SentInfo, c: Cue) -> list[tuple[str, str]]:
    """"Russia rejected Ukraine's accusations", "Rusland ontkent de beschuldigingen van Oekraïne
    dat het …": the owner of the accusation accuses, not the one who denies it; the accused is the
    side named after "that" / "dat", else the subject before the noun."""
    owner = _owner(s, c)
    if owner is None:
        return []
    accuser = owner.ref if owner.kind == "demonym" else as_party(ctx, owner)
    lo, hi = s.clause(c.start)
    toks = s.sent.tokens
    that = next((i for i in range(c.end, hi) if toks[i].low in _RELATIVES), hi)
    after = [p for p in (as_party(ctx, m) for m in s.actors(that, hi) if not m.locative) if p]
    before = [p for p in (as_party(ctx, m) for m in s.actors(lo, c.start) if not m.locative and m is not owner) if p]
    accused = next((p for p in after + before if p != accuser), None)
    if not accuser or not accused or _told_before(ctx, s, accuser):
        return []
    return [(accuser, accused)]


def _told_before(ctx: ArticleContext, s: SentInfo, accuser: str) -> bool:
    """An earlier sentence names the accuser's side with a word of blame of its own: "the Azeri
    accusations" are the ones that sentence told ("Azerbaijan accused the Artsakh army of …")."""
    state = _state(ctx, accuser)
    for prev in ctx.sentences[:s.index]:
        if not any(_owner(prev, c) is None for c in _accusing(prev)):
            continue
        sides = (as_party(ctx, m) for m in prev.mentions
                 if m.kind in ("actor", "demonym"))
        if any(p is not None and _state(ctx, p) == state for p in sides):
            return True
    return False


def _accusation_pairs(ctx: ArticleContext, s: SentInfo, agreements: list[Event]) -> list[tuple[str, str]]:
    """The sentence's accusations: what its cues tell, else what its accusation nouns name with
    their owner ("Ukraine's accusations")."""
    cues = _accusing(s)
    # an owned noun is that owner's accusation or none, never the denier's ("rejected Kyiv's
    # accusations"); a denier who accuses back tells its own ("said the Azeri accusations are
    # false, and the Azeri units violated the truce")
    rest = [c for c in cues if _owner(s, c) is None]
    if rest or s.of("violation"):
        pairs = _told_pairs(ctx, s, agreements, rest)
        # "Israel blamed Hamas for the collapse, while Hamas accused Israel of stalling": a clause
        # with a word of blame of its own tells an accusation of its own
        for c in _later_clauses(s, rest):
            pairs += [p for p in _told_pairs(ctx, s, agreements, [c]) if p not in pairs]
        return pairs
    return list(dict.fromkeys(p for c in cues for p in _owned_accusation(ctx, s, c)))


def _later_clauses(s: SentInfo, cues: list[Cue]) -> list[Cue]:
    """The first accusing cue of each clause after the clause of the first cue."""
    out: list[Cue] = []
    seen = {s.clause(cues[0].start)} if cues else set()
    for c in cues:
        if (clause := s.clause(c.start)) not in seen:
            seen.add(clause)
            out.append(c)
    return out


def _told_pairs(ctx: ArticleContext, s: SentInfo, agreements: list[Event],
                accusation_cues: list[Cue]) -> list[tuple[str, str]]:
    attributions = [c for c in accusation_cues if c.value == "attribution"]
    if attributions:
        return _attribution(ctx, s, attributions[0])
    violation_cues = s.of("violation")
    anchor = (accusation_cues or violation_cues)[0].start
    lo, hi = s.clause(anchor)
    left = [p for p in (as_party(ctx, m) for m in _sides(s, 0, anchor) if not _where_of(s, m)) if p]
    right = [p for p in (as_party(ctx, m) for m in _sides(s, anchor, hi)) if p]
    # "accuse each other", "beschuldigen elkaar", "both sides accused": one accusation each way
    if any(c.category == "mutual" and -4 <= c.start - anchor <= 4 for c in s.cues):
        # "both sides violated the truce, the UN said": who says so accuses both, and is no side
        speaker = None if accusation_cues else _speaker(ctx, s)
        sides = [p for p in dict.fromkeys(left) if p != speaker] or [p for p in dict.fromkeys(right) if p != speaker]
        if len(sides) < 2:
            # "de landen beschuldigen elkaar": countries only; "beide partijen": any party
            states = any(0 <= anchor - c.start <= 4 for c in s.of("country_noun"))
            sides = _recent_sides(ctx, s, agreements, states, other_than=speaker)
        if len(sides) >= 2:
            a, b = sides[-2], sides[-1]
            if not accusation_cues:
                # a breach of both told by no one ("it seems both parties break the truce") accuses no one
                return [(speaker, a), (speaker, b)] if speaker else []
            return [(a, b), (b, a)]
        return []
    agents = _agents(s, lo, hi)
    if accusation_cues and agents and s.has("passive", lo, hi):
        # "Beide worden door de Verenigde Naties beschuldigd", "Russia was accused by Kyiv of":
        # the agent accuses; the accused is the subject, or the two sides last named ("beide")
        agent = as_party(ctx, agents[0])
        subjects = [p for p in (as_party(ctx, m) for m in s.actors(lo, agents[0].start)) if p and p != agent]
        if not subjects and (s.has("mutual", lo, agents[0].start) or s.has("both", lo, agents[0].start)):
            subjects = _recent_sides(ctx, s, agreements, False, other_than=agent)
        if agent:
            return [(agent, a) for a in dict.fromkeys(subjects) if a != agent]
    final = _verb_final_pairs(ctx, s, anchor, lo) if accusation_cues else []
    if final:
        return final
    if accusation_cues and left and right:
        # "The Houthis blamed the United States and Britain": each of the accused
        first = next(m for m in _sides(s, anchor, hi) if as_party(ctx, m) == right[0])
        joined = [p for p in (as_party(ctx, m) for m in _joined(s, first)) if p]
        return [(left[-1], b) for b in dict.fromkeys(joined)]
    if accusation_cues and not left and right and _pronoun_subject(s, anchor, lo):
        # "He accused Russia of …", "Zondag beschuldigde hij Rusland": the side named just before
        accuser = _antecedent(ctx, s, right[0])
        if accuser:
            return [(accuser, right[0])]
    before = list(dict.fromkeys(left))
    if accusation_cues and not right and len(before) >= 2:
        relative = _relative_accuser(ctx, s, anchor)
        if relative is not None:
            return [relative]
        # "Rusland geeft Oekraïne de schuld van …", "Kyiv held Moscow responsible", "De Houthi's
        # gaven de VS en Groot-Brittannië de schuld": all before the cue, the accuser first
        return [(before[0], b) for b in before[1:]]
    if accusation_cues and not right and len(before) == 1 and _object_pronoun(s, anchor):
        # "The army accused them of killing civilians", "beschuldigde hen van": the side named before
        accused = _other_side_before(ctx, s, before[0])
        if accused:
            return [(before[0], accused)]
    distinct = list(dict.fromkeys(right))
    if accusation_cues and not left and len(distinct) >= 2 and ctx.lang == "nl":
        # Dutch inversion: "Na de gevechten beschuldigde het Indiase leger Pakistan van …"
        return [(distinct[0], distinct[1])]
    if violation_cues:
        # "Volgens Kiev schendt Rusland …", "Kyiv said Moscow violated …", "recorded Russian
        # violations": the speaker accuses the subject (before the verb, or after it in Dutch
        # inversion) or the country whose demonym marks the violation; also when the sentence
        # names accusations that gave no pair ("said the accusations are false, and X violated")
        v = violation_cues[0]
        lo, hi = s.clause(v.start)  # the violation's clause (the anchor above may be an accusation word's)
        agents = _agents(s, lo, hi)
        accuser = _speaker(ctx, s)
        marked = [m.ref for m in s.mentions if m.kind == "demonym" and 0 <= v.start - m.end <= 1]
        # "de Russische aanval ... schendt het bestand", "the Russian strikes were a violation": the
        # country whose demonym marks the attack that is the subject of the breach (not an aside:
        # "killed in an Israeli airstrike, in the latest violation of the truce, the ministry said")
        toks = s.sent.tokens
        marked += [m.ref for m in s.mentions if m.kind == "demonym" and lo <= m.start < v.start and any(
            0 <= a.start - m.end <= 1 and all(t.text != "," for t in toks[a.end:v.start]) for a in s.of(*_ATTACK_CUES))]
        # "schendingen door Hamas", "violations by the rebels": the agent after the cue
        by = [p for p in (as_party(ctx, m) for m in agents if m.start > v.end and _plain_agent(s, m)) if p]
        # a country named as the place ("an airstrike in southern Lebanon, in violation of the
        # truce") is where it happened, not who broke it
        # "X struck the ship for violating the ban": not X, who acts on the breach of another
        reason = _for_breach(s, v)
        subjects = marked + by + [p for p in (as_party(ctx, m) for m in reversed(_sides(s, lo, v.start))
                                              if not m.locative and not (reason and _opens(s, m, lo))) if p]
        subjects += [p for p in (as_party(ctx, m) for m in s.actors(v.end, v.end + 2) if not m.locative) if p]
        # not the side the speaker stands for ("a threat to the state of Israel ..., the army said")
        accused = next((p for p in subjects if accuser is None or _state(ctx, p) != _state(ctx, accuser)), None)
        if accused is None and accuser and s.sent.tokens[lo].low in _THEIR:
            accused = _antecedent(ctx, s, accuser)
        if accused is None and accuser and _unnamed_attack(s, lo, v.start):
            # "Russia shelled the plant. Kyiv said the attack was a violation of the truce": the
            # attack told before, by the side named there
            accused = _other_side_before(ctx, s, accuser)
        if accuser and accused:
            return [(accuser, accused)]
    return []


def _verb_final_pairs(ctx: ArticleContext, s: SentInfo, anchor: int, lo: int) -> list[tuple[str, str]]:
    """"Soedan heeft de VAE ervan beschuldigd de RSF te steunen", "nadat Congo Rwanda beschuldigde van
    steun aan de M23": a Dutch accusing verb at the end of its clause has its subject and its object
    before it, and the side named after it is what the accused did, not the accused. English puts
    the object right after the verb, and so does Dutch where the verb comes second ("Congo
    beschuldigt Rwanda van steun aan de M23")."""
    if s.lang != "nl":
        return []
    toks = s.sent.tokens
    sides = [m for m in _sides(s, lo, anchor) if not _where_of(s, m) and not m.locative]
    # "De VS en Israël hebben Iran beschuldigd": a subject of joined names, the last of them speaks
    # (as where the verb comes first)
    while len(sides) >= 2 and _coordinated(s, sides[0], sides[1]):
        sides = sides[1:]
    if len(sides) < 2:
        return []
    gap = [t.low for t in toks[sides[0].end:sides[1].start]]
    if any(w in _RELATIVES for w in gap):
        return []  # "Rusland, dat Oekraïne beschuldigt": the relative clause's subject accuses
    end = next(c.end for c in s.of("accusation") if c.start == anchor)
    after = end + (end < len(toks) and toks[end].low in definites(s.lang))
    # "heeft … beschuldigd": a participle ends its clause, whatever follows it; else what follows
    # the verb right after it is its object ("Rusland beschuldigt Oekraïne")
    if not any(w in _PERFECT for w in gap) and any(m.start in (end, after) for m in _sides(s, end, len(toks))):
        return []
    parties = list(dict.fromkeys(p for p in (as_party(ctx, m) for m in sides) if p))
    return [(parties[0], b) for b in parties[1:]]


def _coordinated(s: SentInfo, a: Mention, b: Mention) -> bool:
    """Two names joined by "en" or a comma, an article at most beside it: "De VS en Israël"."""
    gap = [t.low for t in s.sent.tokens[a.end:b.start]]
    return any(w in _AND or w == "," for w in gap) and all(w in _JOINERS for w in gap)


# the Dutch auxiliaries of the perfect: "heeft Rwanda beschuldigd", "hadden Kyiv verweten"
_PERFECT: Final = {"heeft", "hebben", "had", "hadden"}


def _for_breach(s: SentInfo, v: Cue) -> bool:
    """"… targeting the ship for violating the ban", "wegens schending van het bestand": the breach
    is the reason for what the subject did, so the subject is not who broke the deal."""
    toks = s.sent.tokens
    at = v.start - (v.start > 0 and toks[v.start - 1].low in _DETERMINERS)
    return at > 0 and toks[at - 1].low in _FOR_A_REASON


def _opens(s: SentInfo, m: Mention, lo: int) -> bool:
    """The mention opens its clause, with only an article or punctuation before it: its subject."""
    return all(not t.is_word or t.low in _DETERMINERS for t in s.sent.tokens[lo:m.start])


_FOR_A_REASON: Final = {"for", "wegens", "vanwege"}
# "Their actions were a violation", "Hun acties waren een schending": a clause that opens with
# one of these speaks of a side named before
_THEIR: Final = {"their", "they", "hun", "zij", "ze"}


def _antecedent(ctx: ArticleContext, s: SentInfo, accuser: str) -> str | None:
    """The party last named in the sentence before, other than the accuser's side and a place
    ("Hezbollah members in southern Lebanon")."""
    for prev in ctx.previous(s, 1):
        for m in reversed(prev.actors()):
            party = as_party(ctx, m) if not m.locative else None
            if party and _state(ctx, party) != _state(ctx, accuser):
                return party
    return None


_DETERMINERS: Final = {"the", "de", "het"}
# "He accused …", "Hij beschuldigde …": a subject that stands for a side named before
_PRONOUNS: Final = {"he", "she", "it", "they", "hij", "zij", "ze", "het"}


def _pronoun_subject(s: SentInfo, cue: int, lo: int) -> bool:
    """The accusing verb at `cue` has a pronoun for its subject: the first word of its clause
    ("He also accused"), or in Dutch right after the verb ("Daarin beschuldigde het de RSF"); not
    an article that opens a name ("beschuldigde het leger")."""
    toks = s.sent.tokens
    first = lo + (lo < cue and not toks[lo].is_word)
    at = [first] if first < cue else []
    at += [cue + 1] if s.lang == "nl" and cue + 1 < len(toks) else []
    return any(toks[i].low in _PRONOUNS and not any(m.start == i for m in s.mentions) for i in at)


def _object_pronoun(s: SentInfo, cue: int) -> bool:
    """The accusing verb at `cue` has a pronoun for its object, right after it ("accused them of",
    "blamed it for", "beschuldigde hen van")."""
    toks = s.sent.tokens
    at = s.of("accusation")
    end = next((c.end for c in at if c.start == cue), cue + 1)
    return end < len(toks) and toks[end].low in _OBJECT_PRONOUNS and not any(m.start == end for m in s.mentions)


_OBJECT_PRONOUNS: Final = {"them", "him", "her", "it", "hen", "hem", "haar", "ze"}


def _agents(s: SentInfo, lo: int, hi: int) -> list[Mention]:
    """The actors of a clause that follow "by" / "door" within three words: a passive's agents."""
    by = s.of("agent")
    return [m for m in s.actors(lo, hi) if any(0 < m.start - c.start <= 3 for c in by)]


def _plain_agent(s: SentInfo, m: Mention) -> bool:
    """"door Hamas", "by the rebels": the agent right after the cue, not the object of a verb the
    cue governs ("door Khartoem te blijven aanvallen", "by attacking Kyiv")."""
    toks = s.sent.tokens
    cue = max(c.start for c in s.of("agent") if c.start < m.start)
    after = toks[m.end].low if m.end < len(toks) else ""
    return all(t.low in _DETERMINERS for t in toks[cue + 1:m.start]) and after != "te"


def extract_accusations(ctx: ArticleContext, agreements: list[Event]) -> list[Event]:
    """Who accused whom of what; "beschuldigen elkaar" is two accusations, one each way."""
    told: list[tuple[SentInfo, list[tuple[str, str]], bool, bool]] = []  # sentence, pairs, violation, claim
    for s in ctx.sentences:
        accusation_cues = _accusing(s)
        violation_cues = s.of("violation")
        despite = not accusation_cues and not violation_cues and _despite_truce(s)
        # "Russia said Ukrainian forces shelled Tetkino": a side's claim that the other attacked
        claimed = not accusation_cues and not violation_cues and not despite and bool(s.of(*_ATTACK_CUES)) \
            and not _tally(s)
        # told by someone: a reporting verb, or a quote whose speaker the statements found
        told_by = s.has("reporting") or s.has("response") or bool(_verdicts(s)) or _quote_speaker(ctx, s) is not None
        if not accusation_cues and not ((violation_cues or despite or claimed) and told_by):
            continue
        if not accusation_cues and _hypothetical(s, violation_cues):
            continue
        found = (_claimed_attack_pairs(ctx, s, truce=despite) if despite or claimed
                 else _accusation_pairs(ctx, s, agreements))
        # no one accuses itself: "the Taliban ... the Taliban" is one actor read twice, and a
        # state's army or spokesman speaks for the state ("the army said Israel's strikes answered
        # Hezbollah's breaches" does not accuse Israel)
        pairs = [(a, b) for a, b in found if _state(ctx, a) != _state(ctx, b)]
        if pairs:
            # an attack claimed while a deal stands is claimed to break it (see _alleged)
            told.append((s, pairs, bool(violation_cues) or despite or claimed, claimed))
    # a claim that the other side attacked is an accusation where each side says the other did
    # it ("Russia says Ukraine shelled the camp", "Kyiv says Russian troops did"); a lone report
    # of the enemy's strikes ("the air force said Russia launched 145 drones") is no accusation
    # (at the level of states: "Russia says the Ukrainian army shelled it", "Ukraine says Russian troops did")
    # An outright accusation is the other side's word too ("the army said the RSF shelled Karari
    # … The RSF accused the SAF of bombarding Nyala"); a claim that repeats an outright accusation
    # of the same pair is that accusation told again, not a second one.
    either = {(_state(ctx, a), _state(ctx, b)) for _, pairs, _, _ in told for a, b in pairs}
    outright = {(_state(ctx, a), _state(ctx, b)) for _, pairs, _, claim in told if not claim for a, b in pairs}
    deniers = _deniers(ctx)
    out: list[Event] = []
    for s, pairs, violation, claimed in told:
        if claimed:
            pairs = [(a, b) for a, b in pairs if (_state(ctx, a), _state(ctx, b)) not in outright and (
                s.has("unprovoked")  # "opened fire without provocation" blames on its own
                or any(c.value == "condemnation" for c in s.of("response"))  # "condemned Russia's attack"
                or (_state(ctx, b), _state(ctx, a)) in either
                or _state(ctx, b) in deniers)]  # "Kyiv denied involvement": the claim is contested
            if not pairs:
                continue
        mutual = len(pairs) == 2 and pairs[0] == pairs[1][::-1]
        alleged = _alleged(ctx, s, agreements, violation or mutual)
        date = s.dates[0].date.text if s.dates else (ctx.published.text if ctx.published else None)
        for accuser, accused in pairs:
            ev = Event("Accusation", {"accuser": accuser, "accused": accused, "sentence": s.index},
                       {"plover": "ACCUSE", "date": date, "mutual": mutual or None}, [s.span])
            ev.link("MADE", accuser, "self", s.span)
            if (person := _in_person(ctx, s, accuser)) != accuser:
                ev.link("MADE", person, "self", s.span)  # the minister who spoke, for the country
            ev.link("AGAINST", "self", accused, s.span)
            if (target := _in_person(ctx, s, accused)) != accused:
                ev.link("AGAINST", "self", target, s.span)  # "Hamas accused Netanyahu": him, for his state
            for ag in alleged:
                ev.link("ALLEGES_VIOLATION_OF", "self", f"agreement@{ag}", s.span)
                agreement = next(a for a in agreements if a.key["topic"] == ag)
                if not agreement.linked("PARTY_TO"):
                    for p in (accuser, accused):
                        agreement.link("PARTY_TO", p, "self", s.span)
            out.append(ev)
    return out


_ATTACK_CUES: Final = ("attack_general", "attack_method", "launch")


def _deniers(ctx: ArticleContext) -> set[str]:
    """The states of the sides that deny something in the article ("Kyiv denied involvement",
    "Hezbollah denied firing the rockets", "ontkent de RSF"): the subject right before the denial
    in its clause, or in Dutch the name right after it."""
    out: set[str] = set()
    for s in ctx.sentences:
        for d in s.of("denial"):
            lo, hi = s.clause(d.start)
            before = [m for m in _sides(s, lo, d.start) if not m.locative and d.start - m.end <= 3]
            after = [m for m in _sides(s, d.end, hi) if m.start - d.end <= 1] if s.lang == "nl" else []
            side = before[-1] if before else after[0] if after else None
            party = as_party(ctx, side) if side is not None else None
            if party:
                out.add(_state(ctx, party))
    return out


def _hypothetical(s: SentInfo, violation_cues: list[Cue]) -> bool:
    """A condition or threat on what the sentence reports; for a violation, one before the verb
    that reports it ("…, breaking a ceasefire, an official told AFP, warning that Kabul would
    retaliate" still reports the breach; "X said it would respond if Y violated the truce" does not)."""
    if not violation_cues:
        return s.has("hypothetical")
    v = violation_cues[0].start
    reported = min((c.start for c in s.of("reporting") if c.start > v), default=None)
    return s.has("hypothetical", 0, reported)


def _in_person(ctx: ArticleContext, s: SentInfo, party: str) -> str:
    """The accuser as the text names it: the one person of the sentence who serves the accusing
    party ("Yemen's foreign minister Khaled al-Yamani accused …"), else the party. Both make the
    accusation: the person says it for the country, and reports that name only the country
    still resolve to it (graph.matching)."""
    persons = {m.ref for m in s.mentions if m.kind == "actor" and (rec := ctx.table.actors.get(m.ref)) is not None
               and rec.kind == "person" and rec.affiliation == party}
    return persons.pop() if len(persons) == 1 else party


def _tally(s: SentInfo) -> bool:
    """Every attack word counted ("Rusland lanceerde 273 drones", "intercepted 25 Ukrainian drones"):
    a side's routine tally of the other's weapons, no claim about one attack."""
    # a launch verb alone counts nothing ("Azerbaijan fired first")
    cues = [c for c in s.of(*_ATTACK_CUES) if c.category != "launch"]
    ends = {n.end for n in s.counts if n.value >= 2}  # "een raketaanval", "an attack" is one attack
    return bool(cues) and all(c.start in ends or c.start - 1 in ends for c in cues)


def _state(ctx: ArticleContext, actor: str) -> str:
    """The country a state body stands for (Ukrainian Army -> Ukraine); any other actor itself."""
    rec = ctx.table.actors[actor]
    aff = ctx.table.actors.get(rec.affiliation) if rec.affiliation else None
    return aff.id if rec.kind == "organization" and aff is not None and aff.kind == "country" else actor


def _despite_truce(s: SentInfo) -> bool:
    """"despite the ceasefire", "ondanks het bestand dat Moskou had afgekondigd", "despite a call
    for ceasefire", with an attack in the sentence."""
    return any(0 < a.start - d.start <= 6 for d in s.of("despite") for a in s.of("agreement")) and bool(
        s.of(*_ATTACK_CUES))


def _claimed_attack_pairs(ctx: ArticleContext, s: SentInfo, *, truce: bool = True) -> list[tuple[str, str]]:
    """"Ukraine said Russian drones attacked Kharkiv (despite the truce)", "Kyiv reports three
    assaults despite the truce Moscow declared": the speaker accuses the side that carries out the
    attack (named right before an attack word), else, with a `truce` the attacks went on despite,
    the side that declared it (named in the "despite" phrase); never itself: an attack the speaker
    says it carried out accuses no one."""
    accuser = _speaker(ctx, s)
    if accuser is None:
        return []
    said = s.of("reporting", "response")
    attacks = s.of(*_ATTACK_CUES)
    sides = [m for m in s.mentions if m.kind in ("actor", "demonym") and not m.locative]
    for m in sides:  # "Russian drones", "Haftar's forces had launched attacks"
        if any(0 <= c.start - m.end <= 1 for c in attacks):
            party = as_party(ctx, m)
            if party == accuser and any(0 <= m.start - c.end <= 2 or 0 <= c.start - m.end <= 1 for c in said):
                continue  # the speaker next to its verb ("meldt Kyiv drie bestormingen")
            return [(accuser, party)] if party and party != accuser else []
    # "attacked without provocation by X": the words that call it unprovoked may stand between
    unprovoked = {i for u in s.of("unprovoked") for i in range(u.start, u.end)}
    for by in s.of("agent"):  # "killed in an attack by the paramilitary RSF", "beschietingen door Rusland"
        if any(0 <= by.start - a.end <= 1 or (a.end < by.start and all(i in unprovoked for i in range(a.end, by.start)))
               or _carried_out(s, a.end, by.start) for a in attacks):
            agent = next((m for m in _agents(s, by.start, len(s.sent.tokens)) if _plain_agent(s, m)), None)
            party = as_party(ctx, agent) if agent is not None else None
            if party:
                return [(accuser, party)] if party != accuser else []
    toks = s.sent.tokens
    owner = _attack_of(s, attacks, sides)
    if owner is not None:
        party = as_party(ctx, owner)
        if party:
            return [(accuser, party)] if party != accuser else []
    condemned = _condemned_for(ctx, s, sides)
    if condemned:
        return [(accuser, condemned)] if condemned != accuser else []
    for c in said:  # "zegt dat (het) Russische leger het kamp beschoot": the subject of what is said
        at = c.end + (c.end < len(toks) and toks[c.end].low in _RELATIVES)
        if at == c.end:  # "said on Sunday that the RSF …": a few words before the "that"
            at = next((i + 1 for i in range(c.end, min(c.end + 4, len(toks)))
                       if toks[i].low in _RELATIVES and all(t.is_word for t in toks[c.end:i])), at)
        # the subject with or without its article: "het leger" is one mention, "de RSF" is "RSF"
        lead = at
        at += at < len(toks) and toks[at].low in definites(s.lang)
        subject = next((m for m in sides if m.start in (lead, at)), None)
        # with no "that", the name right after an English verb whose subject is before it ("Russia
        # said Ukraine carried out the attack"); in Dutch the name after the verb speaks ("meldt Kyiv")
        plain = at == c.end and _has_subject(s, c)
        if subject is not None and (at > c.end or plain) and any(
                a.start > subject.end and s.clause(a.start) == s.clause(at) for a in attacks):
            party = as_party(ctx, subject)
            if party == accuser:
                continue  # "Volgens het Thaise leger openden …": the source itself, the subject follows its verb
            return [(accuser, party)] if party else []
    verb, subject = _inverted_subject(s, sides)
    # the verb itself is the attack ("beschoot Azerbeidzjan"), or a word after the subject
    if subject is not None and any(a.start == verb or (a.start > subject.end and s.clause(a.start) == s.clause(verb))
                                   for a in attacks):
        party = as_party(ctx, subject)
        return [(accuser, party)] if party and party != accuser else []
    for d in s.of("despite") if truce else ():  # "ondanks het bestand dat Moskou had afgekondigd, meldt Kyiv"
        hi = s.clause(d.start)[1]
        hi = min([hi, *(c.start for c in said if c.start > d.start)])  # the phrase, not the speaker after it
        declared = [p for p in (as_party(ctx, m) for m in sides if d.start < m.start < hi) if p]
        if declared and declared[0] != accuser:
            return [(accuser, declared[0])]
    if _attacked_itself(ctx, s, attacks, sides, accuser):
        # "Pakistan says it was attacked without provocation": the side it fights, named just before
        other = _other_side_before(ctx, s, accuser)
        if other:
            return [(accuser, other)]
    return []


def _unnamed_attack(s: SentInfo, lo: int, hi: int) -> bool:
    """An attack word between lo and hi with no side named there ("the attack was a violation"):
    an attack told before. Not "killed in an Israeli airstrike, in the latest violation of the
    truce", an aside that names the attacker and that `_told_pairs` leaves alone, nor an attack
    that answers the breach ("the strikes were a response to a violation")."""
    toks = s.sent.tokens
    return any(lo <= a.start < hi and not any(t.low in _IN_RESPONSE for t in toks[a.end:hi])
               for a in s.of(*_ATTACK_CUES)) and not any(m.kind == "demonym" and lo <= m.start < hi
                                                          for m in s.mentions)


# "a response to a violation", "reacties op schendingen": an answer to a breach, not the breach
_IN_RESPONSE: Final = {"response", "reaction", "retaliation", "reply", "answer", "reactie", "reacties", "antwoord",
                       "vergelding"}


def _attacked_itself(ctx: ArticleContext, s: SentInfo, attacks: list[Cue], sides: list[Mention],
                     accuser: str) -> bool:
    """"Pakistan says it was attacked", "Pakistan zegt te zijn aangevallen": an attack word in the
    passive with no agent, in a sentence that names no side but the speaker's."""
    if s.of("agent") or any(_state(ctx, p) != _state(ctx, accuser) for p in (
            as_party(ctx, m) for m in sides) if p):
        return False
    return any(s.has("passive", max(0, a.start - 3), a.start) for a in attacks)


def _other_side_before(ctx: ArticleContext, s: SentInfo, accuser: str) -> str | None:
    """The party last named in the two sentences before (a demonym names its country) that is not
    the accuser's side, nor a place, nor a backer or broker ("the US-brokered truce")."""
    for prev in ctx.previous(s, 2):
        for m in reversed(prev.mentions):
            if m.kind not in ("actor", "demonym") or m.locative or _backer(prev, m):
                continue
            party = as_party(ctx, m)
            if party and _state(ctx, party) != _state(ctx, accuser):
                return party
    return None


def _backer(s: SentInfo, m: Mention) -> bool:
    """A name fused to a participle or adjective ("the US-brokered truce", "the Iran-backed Houthis",
    "de Iran-gezinde milities"): it says who brokered or backs, not a side that acts."""
    text = s.sent.tokens[m.end - 1].text
    head, _, tail = text.rpartition("-")
    return bool(head) and tail[:1].islower()


def _condemned_for(ctx: ArticleContext, s: SentInfo, sides: list[Mention]) -> str | None:
    """"Oekraïne veroordeelde Rusland voor de aanval", "France condemned Israel for the strikes": the
    side right after a verb of condemnation, before "for" / "voor" / "om", is blamed for the attack."""
    toks = s.sent.tokens
    for c in s.of("response"):
        if c.value != "condemnation" or c.end >= len(toks):
            continue
        at = c.end + (toks[c.end].low in definites(s.lang))
        m = next((m for m in sides if m.start == at), None)
        if m is not None and m.end < len(toks) and toks[m.end].low in _FOR_WHAT:
            return as_party(ctx, m)
    return None


# "condemned X for", "veroordeelde X voor / om": what X is blamed for follows
_FOR_WHAT: Final = {"for", "voor", "om", "wegens", "vanwege"}


def _carried_out(s: SentInfo, lo: int, hi: int) -> bool:
    """"the attack was carried out by", "de aanval werd uitgevoerd door": between an attack word
    and "by" only the verb that says someone carried it out."""
    words = [t.low for t in s.sent.tokens[lo:hi]]
    return 0 < len(words) <= 4 and any(w in _CARRY_OUT for w in words) and all(
        w in _CARRY_OUT or w in _AUXILIARIES for w in words)


# "carried out by", "uitgevoerd door": who did the attack follows
_CARRY_OUT: Final = {"carried", "conducted", "committed", "perpetrated", "staged", "launched", "uitgevoerd", "gepleegd",
                     "gelanceerd"}
_AUXILIARIES: Final = {"was", "were", "is", "are", "been", "had", "has", "have", "out", "allegedly", "reportedly",
                       "werd", "werden", "zijn", "waren", "zou", "zouden", "vermoedelijk"}


def _attack_of(s: SentInfo, attacks: list[Cue], sides: list[Mention]) -> Mention | None:
    """"de aanval van de RSF", "het bombardement van Rusland op Odesa": in Dutch the side named
    right after an attack noun and "van" (an article between at most) carried it out."""
    if s.lang != "nl":
        return None
    toks = s.sent.tokens
    for a in attacks:
        if a.end < len(toks) and toks[a.end].low == "van":
            at = a.end + 1
            return next((m for m in sides if m.start == at or (
                m.start == at + 1 and toks[at].low in definites(s.lang))), None)
    return None


def _inverted_subject(s: SentInfo, sides: list[Mention]) -> tuple[int, Mention | None]:
    """"Volgens Armenië opende Azerbeidzjan het vuur": after an opening "volgens X" Dutch puts the
    verb first, then the subject of what is reported. The verb's index and the subject."""
    toks = s.sent.tokens
    opening = next((c for c in s.of("reporting") if c.start == 0), None)
    if s.lang != "nl" or opening is None:
        return -1, None
    source = next((m for m in sides if opening.end <= m.start <= opening.end + 1), None)
    if source is None:
        return -1, None
    verb = source.end + (source.end < len(toks) and toks[source.end].text == ",")
    if verb + 1 >= len(toks) or not toks[verb].is_word or toks[verb].is_cap:
        return -1, None
    at = verb + 1 + (toks[verb + 1].low in definites(s.lang))
    return verb, next((m for m in sides if m.start == at), None)


def _alleged(ctx: ArticleContext, s: SentInfo, agreements: list[Event], violation: bool) -> list[str]:
    """The agreements an accusation is about: named by topic here, else those just mentioned."""
    named = [t for t, _ in _topics_in(s) if any(a.key["topic"] == t for a in agreements)]
    if named:
        return named
    if not violation and not s.has("agreement"):
        return []
    for prev in [s, *ctx.previous(s, 2)]:
        hits = [str(a.key["topic"]) for a in agreements if a.told_in(prev.index)]
        if hits:
            return hits
    if len(agreements) == 1 and agreements[0].spans:
        return [str(agreements[0].key["topic"])]
    return []
