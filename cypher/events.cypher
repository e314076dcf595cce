// Read queries of the API. Dates go out as ISO strings (toString): the driver turns Neo4j dates
// into Python objects slowly, and the API only needs the text.

// name: attacks_match
// fragment
// The attacks the filters select, as `t` (included by attacks_list and attacks_rows). Filters:
// perpetrator, targeted place (`$places`: ids of a Location or a country Actor; an attack counts
// when what it targeted is the place or lies inside it, up to four LOCATED_IN steps: district,
// city, region, country), a targeted Location within $radius metres of the point $near or inside
// the box [$lower_left, $upper_right] (both seek the point index on Location.point), method and a
// date window: an attack is kept when the period its date covers overlaps [$since, $until].
// The first step picks the cheapest start: each UNION branch is guarded by a condition on the
// parameters only, so Neo4j runs just one of them. No period is longer than a year, so an attack
// that overlaps the window starts at most 366 days before $since.
CALL () {
  WITH 1 AS _ WHERE $perpetrator IS NOT NULL
  MATCH (:Actor {id: $perpetrator})-[:PERPETRATED]->(t:Attack)
  RETURN t
  UNION ALL
  WITH 1 AS _ WHERE $perpetrator IS NULL AND $places IS NOT NULL
  MATCH (p:Location|Actor) WHERE p.id IN $places
  MATCH (p)<-[:LOCATED_IN*0..4]-()<-[:TARGETED]-(t:Attack)
  RETURN DISTINCT t
  UNION ALL
  WITH 1 AS _ WHERE $perpetrator IS NULL AND $places IS NULL AND $near IS NOT NULL
  MATCH (l:Location) WHERE point.distance(l.point, $near) <= $radius
  MATCH (l)<-[:TARGETED]-(t:Attack)
  RETURN DISTINCT t
  UNION ALL
  WITH 1 AS _ WHERE $perpetrator IS NULL AND $places IS NULL AND $near IS NULL AND $lower_left IS NOT NULL
  MATCH (l:Location) WHERE point.withinBBox(l.point, $lower_left, $upper_right)
  MATCH (l)<-[:TARGETED]-(t:Attack)
  RETURN DISTINCT t
  UNION ALL
  WITH 1 AS _ WHERE $perpetrator IS NULL AND $places IS NULL AND $near IS NULL AND $lower_left IS NULL
    AND ($since IS NOT NULL OR $until IS NOT NULL)
  MATCH (t:Attack)
  WHERE t.date_start >= coalesce($since, date('0001-01-01')) - duration('P366D')
    AND t.date_start <= coalesce($until, date('9999-12-31'))
  RETURN t
  UNION ALL
  WITH 1 AS _ WHERE $perpetrator IS NULL AND $places IS NULL AND $near IS NULL AND $lower_left IS NULL
    AND $since IS NULL AND $until IS NULL
  MATCH (t:Attack)
  RETURN t
}
WITH t
WHERE ($method IS NULL OR t.method = $method)
  AND ($since IS NULL OR t.date_end >= $since)
  AND ($until IS NULL OR t.date_start <= $until)
  AND ($perpetrator IS NULL OR EXISTS { (:Actor {id: $perpetrator})-[:PERPETRATED]->(t) })
  AND ($places IS NULL OR EXISTS {
        (t)-[:TARGETED]->()-[:LOCATED_IN*0..4]->(p) WHERE p.id IN $places })
  AND ($near IS NULL OR EXISTS {
        (t)-[:TARGETED]->(l:Location) WHERE point.distance(l.point, $near) <= $radius })
  AND ($lower_left IS NULL OR EXISTS {
        (t)-[:TARGETED]->(l:Location) WHERE point.withinBBox(l.point, $lower_left, $upper_right) })

// name: attacks_list
// A page of the attacks attacks_match selects, ordered by the first day of their date (undated
// last), with who, where, the source and the evidence.
{include:attacks_match}
WITH t ORDER BY t.date_start, t.id
WITH collect(t) AS found
RETURN size(found) AS total,
       [t IN found[$offset..$offset + $limit] | {include:attack_item}] AS items

// name: attack_item
// fragment
// One attack as the lists show it: who, where (with coordinates), the source and the evidence;
// how many articles report it, and each article's claim (its date and casualty figures; the node
// has the latest report's figures and the range all gave).
t {
   .id, .method, .killed, .killed_qualifier, .injured, .injured_qualifier, .attack_count,
   .date, .date_precision, .modality, .plover,
   date_start: toString(t.date_start), date_end: toString(t.date_end),
   .acled_event_type, .acled_sub_event_type, .reported_by,
   effects: coalesce(t.effects, []),
   perpetrators: [(x:Actor)-[r:PERPETRATED]->(t) |
     {id: x.id, name: x.name, kind: x.kind, evidence: r.evidence}],
   targets: [(t)-[r:TARGETED]->(x) |
     {id: x.id, name: x.name, kind: x.kind, label: labels(x)[0], evidence: r.evidence,
      lat: x.lat, lon: x.lon}],
   sources: [(x:Actor)-[r:REPORTED]->(t) |
     {id: x.id, name: x.name, kind: x.kind, evidence: r.evidence}],
   .killed_min, .killed_max, .injured_min, .injured_max,
   reports: size(reduce(s = [], x IN [(t)-[:REPORTED_IN]->(art:Article) | art.id] |
            CASE WHEN x IN s THEN s ELSE s + x END)),
   claims: COLLECT {
     MATCH (t)-[r:REPORTED_IN]->(art:Article)
     WHERE r.mention IS NOT NULL AND NOT EXISTS {
       MATCH (t)-[o:REPORTED_IN]->(art) WHERE o.mention = r.mention AND o.start < r.start }
     RETURN {article: art.id, published: art.published, source: art.source, mention: r.mention, rule: r.rule,
             date: r.date, killed: r.killed, killed_qualifier: r.killed_qualifier, injured: r.injured,
             injured_qualifier: r.injured_qualifier, quote: r.quote}
     ORDER BY art.published_start, art.id, r.mention
   },
   evidence: [(t)-[r:REPORTED_IN]->(art:Article) |
     {article: art.id, sentence: r.sentence, start: r.start, end: r.end, quote: r.quote}]
}

// name: attacks_dated_page
// The unfiltered list's page straight from the date index, without sorting every attack: dated
// attacks in date order from $offset. `total` comes from the count store. (The undated ones,
// last, come from attacks_undated_page.)
MATCH (t:Attack) WHERE t.date_start IS NOT NULL
WITH t ORDER BY t.date_start, t.id SKIP $offset LIMIT $limit
WITH collect(t) AS found
RETURN COUNT { MATCH (a:Attack) } AS total, [t IN found | {include:attack_item}] AS items

// name: attacks_undated_page
// Undated attacks after the dated ones of the unfiltered list, by id; `dated` says how many
// dated ones come first.
MATCH (t:Attack) WHERE t.date_start IS NULL
WITH t ORDER BY t.id SKIP $offset LIMIT $limit
WITH collect(t) AS found
RETURN COUNT { MATCH (a:Attack) WHERE a.date_start IS NOT NULL } AS dated,
       [t IN found | {include:attack_item}] AS items

// name: attacks_rows
// Every attack attacks_match selects, one flat row each, for CSV and GeoJSON exports (streamed,
// no paging). Column names follow ACLED's export where ACLED has the column; the point is the
// first targeted place that has coordinates.
{include:attacks_match}
WITH t ORDER BY t.date_start, t.id
OPTIONAL CALL (t) {
  MATCH (t)-[:TARGETED]->(l:Location) WHERE l.point IS NOT NULL
  RETURN l ORDER BY l.id LIMIT 1
}
RETURN t.id AS event_id_cnty, toString(t.date_start) AS event_date, t.date AS date,
       t.date_precision AS date_precision,
       CASE t.date_precision WHEN 'day' THEN 1 WHEN 'week' THEN 2 WHEN NULL THEN NULL ELSE 3 END
         AS time_precision,
       t.acled_event_type AS event_type, t.acled_sub_event_type AS sub_event_type, t.method AS method,
       reduce(s = '', x IN [(a:Actor)-[:PERPETRATED]->(t) | a.name] |
         s + CASE s WHEN '' THEN '' ELSE '; ' END + x) AS actor1,
       reduce(s = '', x IN [(t)-[:TARGETED]->(a:Actor) | a.name] |
         s + CASE s WHEN '' THEN '' ELSE '; ' END + x) AS actor2,
       coalesce(l.country_code, head([(l)-[:LOCATED_IN*1..4]->(c:Actor) | c.country_code])) AS iso2,
       head([(l)-[:LOCATED_IN*1..4]->(c:Actor) | c.name]) AS country,
       l.admin1 AS admin1, l.admin2 AS admin2,
       reduce(s = '', x IN [(t)-[:TARGETED]->(p:Location) | p.name] |
         s + CASE s WHEN '' THEN '' ELSE '; ' END + x) AS location,
       l.lat AS latitude, l.lon AS longitude, l.geonames_id AS geonames_id,
       coalesce(t.reported_by, head([(a:Actor)-[:REPORTED]->(t) | a.name])) AS source,
       t.killed AS fatalities, t.killed_qualifier AS fatalities_qualifier,
       t.injured AS injured, t.injured_qualifier AS injured_qualifier,
       head([(t)-[r:REPORTED_IN]->(:Article) | r.quote]) AS notes,
       COUNT { (t)-[:REPORTED_IN]->(:Article) } AS articles

// name: accusations_match
// fragment
// The accusations the filters select, as `c` (included by accusations_list and accusations_rows):
// filtered by accuser, accused and the agreement they say was violated, and a date
// window as for attacks; guarded UNION branches start from the most selective given filter.
CALL () {
  WITH 1 AS _ WHERE $accuser IS NOT NULL
  MATCH (:Actor {id: $accuser})-[:MADE]->(c:Accusation)
  RETURN c
  UNION ALL
  WITH 1 AS _ WHERE $accuser IS NULL AND $accused IS NOT NULL
  MATCH (c:Accusation)-[:AGAINST]->(:Actor {id: $accused})
  RETURN c
  UNION ALL
  WITH 1 AS _ WHERE $accuser IS NULL AND $accused IS NULL AND $agreement IS NOT NULL
  MATCH (c:Accusation)-[:ALLEGES_VIOLATION_OF]->(:Agreement {id: $agreement})
  RETURN c
  UNION ALL
  WITH 1 AS _ WHERE $accuser IS NULL AND $accused IS NULL AND $agreement IS NULL
  MATCH (c:Accusation)
  RETURN c
}
WITH DISTINCT c
WHERE ($since IS NULL OR c.date_end >= $since)
  AND ($until IS NULL OR c.date_start <= $until)
  AND ($accuser IS NULL OR EXISTS { (:Actor {id: $accuser})-[:MADE]->(c) })
  AND ($accused IS NULL OR EXISTS { (c)-[:AGAINST]->(:Actor {id: $accused}) })
  AND ($agreement IS NULL OR EXISTS { (c)-[:ALLEGES_VIOLATION_OF]->(:Agreement {id: $agreement}) })

// name: accusations_list
// A page of the accusations accusations_match selects, ordered by date.
{include:accusations_match}
WITH c ORDER BY c.date_start, c.id
WITH collect(c) AS found
RETURN size(found) AS total,
       [c IN found[$offset..$offset + $limit] | c {
          .id, .date, .date_precision, .mutual, .plover,
          date_start: toString(c.date_start), date_end: toString(c.date_end),
          accusers: [(x:Actor)-[r:MADE]->(c) |
            {id: x.id, name: x.name, kind: x.kind, evidence: r.evidence}],
          accused: [(c)-[r:AGAINST]->(x:Actor) |
            {id: x.id, name: x.name, kind: x.kind, evidence: r.evidence}],
          agreements: [(c)-[r:ALLEGES_VIOLATION_OF]->(g:Agreement) |
            {id: g.id, name: g.name, topic: g.topic, evidence: r.evidence}],
          evidence: [(c)-[r:REPORTED_IN]->(art:Article) |
            {article: art.id, sentence: r.sentence, start: r.start, end: r.end, quote: r.quote}]
       }] AS items

// name: accusations_rows
// Every accusation accusations_match selects, one flat row each, for CSV exports.
{include:accusations_match}
WITH c ORDER BY c.date_start, c.id
RETURN c.id AS id, c.date AS date, c.date_precision AS date_precision,
       toString(c.date_start) AS date_start, toString(c.date_end) AS date_end, c.mutual AS mutual,
       reduce(s = '', x IN [(a:Actor)-[:MADE]->(c) | a.name] |
         s + CASE s WHEN '' THEN '' ELSE '; ' END + x) AS accusers,
       reduce(s = '', x IN [(c)-[:AGAINST]->(a:Actor) | a.name] |
         s + CASE s WHEN '' THEN '' ELSE '; ' END + x) AS accused,
       reduce(s = '', x IN [(c)-[:ALLEGES_VIOLATION_OF]->(g:Agreement) | g.name] |
         s + CASE s WHEN '' THEN '' ELSE '; ' END + x) AS agreements,
       head([(c)-[r:REPORTED_IN]->(:Article) | r.quote]) AS quote,
       COUNT { (c)-[:REPORTED_IN]->(:Article) } AS articles

// name: events_match
// fragment
// The events the filters select, as `e` (included by events_timeline and events_rows), over every
// kind of event (`{event_labels}` is filled from the schema registry with every label that is an
// event): optionally those one actor takes part in (any relationship but REPORTED_IN), at a place
// (`$places` as in attacks_match, over `{place_types}`: the relationship types that lead from an
// event to a Location), near a point or inside a box (as in attacks_match), of one $label,
// overlapping [$since, $until]. Guarded UNION branches (see attacks_match) start from the actor,
// the place, the point index, a range seek on the labels' date indexes (Neo4j plans one seek per
// label and a union), or all events.
CALL () {
  WITH 1 AS _ WHERE $actor IS NOT NULL
  MATCH (:Actor {id: $actor})-[r]-(e:{event_labels})
  WHERE NOT r:REPORTED_IN
  RETURN DISTINCT e
  UNION ALL
  WITH 1 AS _ WHERE $actor IS NULL AND $places IS NOT NULL
  MATCH (p:Location|Actor) WHERE p.id IN $places
  MATCH (p)<-[:LOCATED_IN*0..4]-()<-[:{place_types}]-(e:{event_labels})
  RETURN DISTINCT e
  UNION ALL
  WITH 1 AS _ WHERE $actor IS NULL AND $places IS NULL AND $near IS NOT NULL
  MATCH (l:Location) WHERE point.distance(l.point, $near) <= $radius
  MATCH (l)<-[:{place_types}]-(e:{event_labels})
  RETURN DISTINCT e
  UNION ALL
  WITH 1 AS _ WHERE $actor IS NULL AND $places IS NULL AND $near IS NULL AND $lower_left IS NOT NULL
  MATCH (l:Location) WHERE point.withinBBox(l.point, $lower_left, $upper_right)
  MATCH (l)<-[:{place_types}]-(e:{event_labels})
  RETURN DISTINCT e
  UNION ALL
  WITH 1 AS _ WHERE $actor IS NULL AND $places IS NULL AND $near IS NULL AND $lower_left IS NULL
    AND ($since IS NOT NULL OR $until IS NOT NULL)
  MATCH (e:{event_labels})
  WHERE e.date_start >= coalesce($since, date('0001-01-01')) - duration('P366D')
    AND e.date_start <= coalesce($until, date('9999-12-31'))
  RETURN e
  UNION ALL
  WITH 1 AS _ WHERE $actor IS NULL AND $places IS NULL AND $near IS NULL AND $lower_left IS NULL
    AND $since IS NULL AND $until IS NULL
  MATCH (e:{event_labels})
  RETURN e
}
WITH e
WHERE ($label IS NULL OR $label IN labels(e))
  AND ($since IS NULL OR e.date_end >= $since)
  AND ($until IS NULL OR e.date_start <= $until)
  AND ($places IS NULL OR EXISTS {
        (e)-[:{place_types}]->()-[:LOCATED_IN*0..4]->(p) WHERE p.id IN $places })
  AND ($near IS NULL OR EXISTS {
        (e)-[:{place_types}]->(l:Location) WHERE point.distance(l.point, $near) <= $radius })
  AND ($lower_left IS NULL OR EXISTS {
        (e)-[:{place_types}]->(l:Location) WHERE point.withinBBox(l.point, $lower_left, $upper_right) })

// name: events_timeline
// A page of one timeline over every kind of event (attacks, agreements, accusations, meetings,
// proposals, statements), as events_match selects them. Ordered by the first day a date covers,
// then id; undated events last.
{include:events_match}
WITH e ORDER BY e.date_start, e.id
WITH collect(e) AS found
RETURN size(found) AS total,
       [e IN found[$offset..$offset + $limit] | {include:event_item}] AS items

// name: event_item
// fragment
// One event as the timeline shows it: type, title, actors, places (with coordinates), how many
// articles report it (each real event is one node, however many report it), evidence.
e {
   .id, .date, .date_precision, .plover,
   date_start: toString(e.date_start), date_end: toString(e.date_end),
   type: toLower(labels(e)[0]),
   title: coalesce(e.name, e.method, e.topic, e.kind, e.quote, e.acled_sub_event_type,
                   toLower(labels(e)[0])),
   actors: [(x:Actor)-[r]-(e) WHERE NOT r:REPORTED_IN |
     {id: x.id, name: x.name, kind: x.kind, relation: type(r), evidence: r.evidence}],
   places: [(e)-[r:{place_types}]->(l:Location) |
     {id: l.id, name: l.name, kind: l.kind, evidence: r.evidence, lat: l.lat, lon: l.lon}],
   reports: size(reduce(s = [], x IN [(e)-[:REPORTED_IN]->(art:Article) | art.id] |
            CASE WHEN x IN s THEN s ELSE s + x END)),
   evidence: [(e)-[r:REPORTED_IN]->(art:Article) |
     {article: art.id, sentence: r.sentence, start: r.start, end: r.end, quote: r.quote}]
}

// name: events_rows
// Every event events_match selects, one flat row each, for CSV and GeoJSON exports (streamed, no
// paging); the point is the first place with coordinates.
{include:events_match}
WITH e ORDER BY e.date_start, e.id
OPTIONAL CALL (e) {
  MATCH (e)-[:{place_types}]->(l:Location) WHERE l.point IS NOT NULL
  RETURN l ORDER BY l.id LIMIT 1
}
RETURN e.id AS id, toLower(labels(e)[0]) AS type, e.date AS date, e.date_precision AS date_precision,
       toString(e.date_start) AS date_start, toString(e.date_end) AS date_end,
       coalesce(e.name, e.method, e.topic, e.kind, e.quote, e.acled_sub_event_type, toLower(labels(e)[0]))
         AS title,
       reduce(s = '', x IN [(a:Actor)-[r]-(e) WHERE NOT r:REPORTED_IN | a.name + ' (' + type(r) + ')'] |
         s + CASE s WHEN '' THEN '' ELSE '; ' END + x) AS actors,
       reduce(s = '', x IN [(e)-[:{place_types}]->(p:Location) | p.name] |
         s + CASE s WHEN '' THEN '' ELSE '; ' END + x) AS places,
       l.lat AS latitude, l.lon AS longitude, l.country_code AS country_code, l.admin1 AS admin1,
       COUNT { (e)-[:REPORTED_IN]->(:Article) } AS articles
