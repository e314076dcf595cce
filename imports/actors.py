"""ACLED actor names to the graph's actors, with the ids the article extractor gives the same actors.

- State forces: "Military Forces of Russia (2000-)" and "Government of Russia (2000-)" are the
  country, `actor:russia`, as "Russian troops" or "the Russian government" are to the extractor;
  "Police Forces of Ukraine (2019-)" is a body of its own (`actor:police-forces-of-ukraine`,
  kind government_body) AFFILIATED_WITH the country (role police).
- "Civilians (Ukraine)" are civilians, not Ukraine: `actor:civilians-ukraine`, kind civilians. Other
  "<group> (<country>)" names (Protesters (Kenya), Unidentified Armed Group (Sudan), Fulani Ethnic
  Militia (Nigeria)) are groups of that country in the same way.
- Named groups resolve through the gazetteer (organizations.tsv: Hamas, Hezbollah, Wagner Group,
  Houthis/Ansar Allah, …); "M23: March 23 Movement" is `actor:m23` (the short name before the
  colon, the long one an alias); any other name is its own slug (`actor:rapid-support-forces`).

ACLED's name is always kept as an alias; the period ("(2000-)") is dropped from ids and names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from conflictkg.graph.ids import entity_id
from conflictkg.loaders.gazetteer import Gazetteer, gazetteer

_PERIOD = re.compile(r"\s*\((?:\d{4})\s*-\s*(?:\d{4})?\)")
_STATE = re.compile(r"^(?P<body>Military Forces|Police Forces|Government) of (?P<country>.+)$")
_GROUP_OF = re.compile(r"^(?P<group>.+?) \((?P<country>[^()]+)\)$")
_ACRONYM = re.compile(r"^(?P<short>[A-Z0-9][\w.&'-]{0,15}): (?P<long>.+)$")

# inter1/inter2 -> the kind of a named, non-state actor
_KIND_OF_TYPE = {
    "Rebel group": "armed_group", "Political militia": "armed_group", "Identity militia": "armed_group",
    "Rioters": "group", "Protesters": "group", "Civilians": "civilians", "External/Other forces": "organization",
}


@dataclass
class ActorNode:
    """An actor to MERGE: its id, properties and the ACLED names it was seen under."""

    id: str
    name: str
    kind: str
    country_code: str | None = None
    affiliation: str | None = None  # id of the actor it is AFFILIATED_WITH
    affiliation_name: str | None = None
    role: str | None = None  # its role there (police)
    aliases: list[str] = field(default_factory=list)

    def properties(self) -> dict[str, str]:
        props = {"name": self.name, "kind": self.kind}
        if self.country_code:
            props["country_code"] = self.country_code
        if self.affiliation_name:
            props["affiliation"] = self.affiliation_name
        return props


@dataclass(frozen=True)
class Country:
    id: str
    name: str
    code: str


class ActorMapper:
    """ACLED names to actors; each distinct name is resolved once (exports repeat a few hundred names)."""

    def __init__(self, gaz: Gazetteer | None = None) -> None:
        self.gaz = gaz or gazetteer("en")
        self._country = lru_cache(maxsize=1024)(self._country_uncached)
        self._cache: dict[tuple[str, str], list[ActorNode]] = {}
        self._learned: dict[str, Country] = {}

    def country(self, name: str) -> Country | None:
        text = name.strip()
        text = text[4:] if text.lower().startswith("the ") else text
        return self._learned.get(text.casefold()) or self._country(text)

    def learn(self, name: str, country: Country) -> None:
        """The dataset's own name for a country ("Democratic Republic of Congo"), learned from rows
        whose `iso` code says which it is, so actor names that use it resolve too."""
        key = name.strip().casefold()
        if key and key not in self._learned and self._country(name.strip()) is None:
            self._learned[key] = country
            self._cache.clear()  # names that failed before may resolve now

    def country_of_code(self, code: str) -> Country | None:
        c = self.gaz.countries.get(code)
        return Country(entity_id("actor", c.name), c.name, c.code) if c else None

    def _country_uncached(self, name: str) -> Country | None:
        for entry in self.gaz.lookup(name, frozenset({"country"})):
            return self.country_of_code(entry.key)
        return None

    def _org(self, *names: str) -> ActorNode | None:
        for n in names:
            if not n:
                continue
            for entry in self.gaz.lookup(n, frozenset({"org"})):
                org = self.gaz.orgs[entry.key]
                return ActorNode(entity_id("actor", org.name), org.name, org.kind,
                                 country_code=org.country or None)
        return None

    def map(self, acled_name: str, actor_type: str = "") -> list[ActorNode]:
        """The actor(s) an ACLED name stands for: the actor first, then a country it belongs to."""
        key = (acled_name, actor_type)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._map(acled_name.strip(), actor_type)
        return found

    def _map(self, acled: str, actor_type: str) -> list[ActorNode]:
        if not acled:
            return []
        bare = _PERIOD.sub("", acled).strip()
        if m := _STATE.match(bare):
            country = self.country(m["country"]) or self._country_with_unit(m["country"])
            if country is not None:
                state = ActorNode(country.id, country.name, "country", country.code, aliases=[acled])
                if m["body"] != "Police Forces":
                    return [state]
                police = ActorNode(entity_id("actor", f"Police Forces of {country.name}"),
                                   f"Police Forces of {country.name}", "government_body", country.code,
                                   affiliation=country.id, affiliation_name=country.name, role="police",
                                   aliases=[acled])
                return [police, ActorNode(country.id, country.name, "country", country.code)]
        if m := _GROUP_OF.match(bare):
            group, country = m["group"], self.country(m["country"])
            org = self._org(bare, group)
            if org is not None:
                org.aliases.append(acled)
                return [org]
            kind = "civilians" if group == "Civilians" else _KIND_OF_TYPE.get(actor_type, "group")
            name = f"{group} ({country.name})" if country else bare
            return [ActorNode(entity_id("actor", name), name, kind, country.code if country else None,
                              aliases=[acled])]
        acronym = _ACRONYM.match(bare)
        short, long = (acronym["short"], acronym["long"]) if acronym else ("", "")
        org = self._org(bare, short, long, re.sub(r"\s+(Movement|Group)$", "", bare))
        if org is not None:
            org.aliases.append(acled)
            return [org]
        country = self.country(bare)
        if country is not None:  # a bare country name
            return [ActorNode(country.id, country.name, "country", country.code, aliases=[acled])]
        name = short or bare
        kind = _KIND_OF_TYPE.get(actor_type, "organization")
        aliases = [acled] + ([long] if long else [])
        return [ActorNode(entity_id("actor", name), name, kind, aliases=aliases)]

    def _country_with_unit(self, text: str) -> Country | None:
        """"Military Forces of Israel Prison Service": the longest leading words that name a country."""
        words = text.split()
        for n in range(len(words) - 1, 0, -1):
            country = self.country(" ".join(words[:n]))
            if country is not None:
                return country
        return None
