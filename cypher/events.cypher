// Read queries of the API. Dates go out as ISO strings (toString): the driver turns Neo4j dates
// into Python objects slowly, and the API only needs the text.

// name: attacks_list
// Attacks filtered by perpetrator, targeted place (`$places`: ids of a Location or a country Actor;
// an attack counts when what it targeted is the place or lies inside it, up to four LOCATED_IN
// steps: district, city, region, country), method and a date window: an attack is kept when the period its date covers overlaps
// [$since, $until]. Ordered by the first day of that period; undated attacks last.
// The first step picks the cheapest start: each UNION branch is guarded by a condition on the
// parameters only, so Neo4j runs just one of them (from the perpetrator, from the place, a range
// seek on the date index, or all attacks). No period is longer than a year, so an attack that
// overlaps the window starts at most 366 days before $since.
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
  WITH 1 AS _ WHERE $perpetrator IS NULL AND $places IS NULL
    AND ($since IS NOT NULL OR $until IS NOT NULL)
  MATCH (t:Attack)
  WHERE t.date_start >= coalesce($since, date('0001-01-01')) - duration('P366D')
    AND t.date_start <= coalesce($until, date('9999-12-31'))
  RETURN t
  UNION ALL
  WITH 1 AS _ WHERE $perpetrator IS NULL AND $places IS NULL AND $since IS NULL AND $until IS NULL
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
WITH t ORDER BY t.date_start, t.id
WITH collect(t) AS found
RETURN size(found) AS total,
       [t IN found[$offset..$offset + $limit] | t {
          .id, .method, .killed, .killed_qualifier, .injured, .injured_qualifier,
          .date, .date_precision, .modality, .plover,
          date_start: toString(t.date_start), date_end: toString(t.date_end),
          .acled_event_type, .acled_sub_event_type, .reported_by,
          effects: coalesce(t.effects, []),
          perpetrators: [(x:Actor)-[r:PERPETRATED]->(t) |
            {id: x.id, name: x.name, kind: x.kind, evidence: r.evidence}],
          targets: [(t)-[r:TARGETED]->(x) |
            {id: x.id, name: x.name, kind: x.kind, label: labels(x)[0], evidence: r.evidence}],
          sources: [(x:Actor)-[r:REPORTED]->(t) |
            {id: x.id, name: x.name, kind: x.kind, evidence: r.evidence}],
          evidence: [(t)-[r:REPORTED_IN]->(art:Article) |
            {article: art.id, sentence: r.sentence, start: r.start, end: r.end, quote: r.quote}]
       }] AS items

// name: accusations_list
// Accusations filtered by accuser, accused and the agreement they say was violated, and a date
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

// name: events_timeline
// One timeline over every kind of event (`{event_labels}` is filled from the schema registry with
// every label that is an event): optionally those one actor takes part in (any relationship but
// REPORTED_IN), at a place (`$places` as in attacks_list, over `{place_types}`: the relationship
// types that lead from an event to a Location), of one $label, overlapping [$since, $until]. Ordered by the first day a date
// covers, then id; undated events last. Guarded UNION branches (see attacks_list) start from the
// actor, from a range seek on the labels' date indexes (Neo4j plans one seek per label and a
// union), or from all events.
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
  WITH 1 AS _ WHERE $actor IS NULL AND $places IS NULL AND ($since IS NOT NULL OR $until IS NOT NULL)
  MATCH (e:{event_labels})
  WHERE e.date_start >= coalesce($since, date('0001-01-01')) - duration('P366D')
    AND e.date_start <= coalesce($until, date('9999-12-31'))
  RETURN e
  UNION ALL
  WITH 1 AS _ WHERE $actor IS NULL AND $places IS NULL AND $since IS NULL AND $until IS NULL
  MATCH (e:{event_labels})
  RETURN e
}
WITH e
WHERE ($label IS NULL OR $label IN labels(e))
  AND ($since IS NULL OR e.date_end >= $since)
  AND ($until IS NULL OR e.date_start <= $until)
  AND ($places IS NULL OR EXISTS {
        (e)-[:{place_types}]->()-[:LOCATED_IN*0..4]->(p) WHERE p.id IN $places })
WITH e ORDER BY e.date_start, e.id
WITH collect(e) AS found
RETURN size(found) AS total,
       [e IN found[$offset..$offset + $limit] | e {
          .id, .date, .date_precision, .plover,
          date_start: toString(e.date_start), date_end: toString(e.date_end),
          type: toLower(labels(e)[0]),
          title: coalesce(e.name, e.method, e.topic, e.kind, e.quote, e.acled_sub_event_type,
                          toLower(labels(e)[0])),
          actors: [(x:Actor)-[r]-(e) WHERE NOT r:REPORTED_IN |
            {id: x.id, name: x.name, kind: x.kind, relation: type(r), evidence: r.evidence}],
          places: [(e)-[r:{place_types}]->(l:Location) |
            {id: l.id, name: l.name, kind: l.kind, evidence: r.evidence}],
          evidence: [(e)-[r:REPORTED_IN]->(art:Article) |
            {article: art.id, sentence: r.sentence, start: r.start, end: r.end, quote: r.quote}]
       }] AS items
