// name: actors_list
// Actors whose folded name or alias contains $q (null: all), of one $kind (null: all), by name.
// $q is folded by the caller exactly like graph.ids.fold, the same way the writer folds `search`.
// With $q the text index on `search` finds the candidates (guarded UNION, see attacks_list).
CALL () {
  WITH 1 AS _ WHERE $q IS NOT NULL
  MATCH (a:Actor) WHERE a.search CONTAINS $q
  RETURN a
  UNION ALL
  WITH 1 AS _ WHERE $q IS NULL
  MATCH (a:Actor)
  RETURN a
}
WITH a
WHERE $kind IS NULL OR a.kind = $kind
WITH a ORDER BY a.name, a.id
WITH collect(a) AS found
RETURN size(found) AS total,
       [a IN found[$offset..$offset + $limit] | a {
          .id, .name, .kind, .role, .affiliation, .country_code,
          aliases: coalesce(a.aliases, [])
       }] AS items

// name: actor_by_id
// One actor with its aliases, affiliations (and the persons affiliated with it), how many facts
// of each kind it takes part in, and the most recent evidence of it.
MATCH (a:Actor {id: $id})
RETURN a {
  .id, .name, .kind, .role, .affiliation, .country_code,
  aliases: coalesce(a.aliases, []),
  affiliations: [(a)-[r:AFFILIATED_WITH]->(o:Actor) |
    {id: o.id, name: o.name, kind: o.kind, role: r.role, evidence: r.evidence}],
  members: [(p:Actor)-[r:AFFILIATED_WITH]->(a) |
    {id: p.id, name: p.name, kind: p.kind, role: r.role, evidence: r.evidence}],
  activity: {
    perpetrated: COUNT { (a)-[:PERPETRATED]->() },
    targeted_by: COUNT { (a)<-[:TARGETED]-() },
    party_to: COUNT { (a)-[:PARTY_TO]->() },
    mediated: COUNT { (a)-[:MEDIATED]->() },
    accusations_made: COUNT { (a)-[:MADE]->() },
    accused_in: COUNT { (a)<-[:AGAINST]-() },
    attended: COUNT { (a)-[:ATTENDED]->() },
    leads: COUNT { (a)-[:LEADS]->() },
    supports: COUNT { (a)-[:SUPPORTS]->() },
    opposes: COUNT { (a)-[:OPPOSES]->() },
    said: COUNT { (a)-[:SAID]->() },
    reported: COUNT { (a)-[:REPORTED]->() }
  },
  evidence_total: COUNT { (a)-[:REPORTED_IN]->() },
  evidence: COLLECT {
    MATCH (a)-[r:REPORTED_IN]->(art:Article)
    RETURN {article: art.id, sentence: r.sentence, start: r.start, end: r.end, quote: r.quote}
    ORDER BY art.published_start DESC, art.id, r.start
    LIMIT $evidence_limit
  }
} AS actor

// name: network_start
// The element id of an actor, where GET /actors/{id}/network starts its breadth-first walk.
MATCH (a:Actor {id: $id})
RETURN elementId(a) AS element_id, a.id AS id, 'Actor' AS label, a.name AS name, a.kind AS kind

// name: network_hop
// One step of the network walk: every fact or actor one relationship away from the frontier
// (given as element ids), articles left out. Capped by $limit rows.
UNWIND $frontier AS eid
MATCH (n) WHERE elementId(n) = eid
MATCH (n)-[r]-(m)
WHERE NOT r:REPORTED_IN
RETURN elementId(r) AS rel_id, type(r) AS type, startNode(r).id AS source, endNode(r).id AS target,
       coalesce(r.evidence, []) AS evidence,
       elementId(m) AS element_id, m.id AS id, labels(m)[0] AS label,
       coalesce(m.name, m.method, m.topic, m.quote, toLower(labels(m)[0])) AS name,
       m.kind AS kind, m.date AS date
LIMIT $limit

// name: actor_paths
// The shortest relationship paths between two actors over every fact relationship (`{fact_types}`
// from the registry; articles left out), at most $max_hops
// long. The pattern's bound (6) is the largest max_hops the API accepts; shorter limits filter
// after the search so Neo4j never falls back to an exhaustive one.
// From an actor to itself the one shortest path is the actor alone (length 0).
OPTIONAL MATCH (s:Actor {id: $source})
OPTIONAL MATCH (t:Actor {id: $target})
CALL (s, t) {
  CALL (s, t) {
    WITH s, t WHERE s <> t
    MATCH p = allShortestPaths((s)-[:{fact_types}*..6]-(t))
    WITH p WHERE length(p) <= $max_hops
    RETURN p LIMIT $path_cap
    UNION
    WITH s, t WHERE s = t
    MATCH p = (s)
    RETURN p
  }
  RETURN collect(p) AS paths
}
RETURN s IS NOT NULL AS source_found, t IS NOT NULL AS target_found, size(paths) AS total,
       [p IN paths[$offset..$offset + $limit] | {
          length: length(p),
          nodes: [n IN nodes(p) | {id: n.id, label: labels(n)[0],
                  name: coalesce(n.name, n.method, n.topic, n.quote, toLower(labels(n)[0]))}],
          edges: [r IN relationships(p) | {type: type(r), source: startNode(r).id,
                  target: endNode(r).id, evidence: coalesce(r.evidence, [])}]
       }] AS items

// name: locations_match
// fragment
// The places the filters select, as `l` (included by locations_list and locations_rows): whose
// name or alias contains $q (folded), inside the place or country $within (LOCATED_IN, up to four
// steps), within $radius metres of $near or inside [$lower_left, $upper_right] (point index).
CALL () {
  WITH 1 AS _ WHERE $near IS NOT NULL
  MATCH (l:Location) WHERE point.distance(l.point, $near) <= $radius
  RETURN l
  UNION ALL
  WITH 1 AS _ WHERE $near IS NULL AND $lower_left IS NOT NULL
  MATCH (l:Location) WHERE point.withinBBox(l.point, $lower_left, $upper_right)
  RETURN l
  UNION ALL
  WITH 1 AS _ WHERE $near IS NULL AND $lower_left IS NULL
  MATCH (l:Location)
  RETURN l
}
WITH l
WHERE ($q IS NULL OR l.search CONTAINS $q)
  AND ($within IS NULL OR EXISTS { (l)-[:LOCATED_IN*1..4]->(p) WHERE p.id IN $within })

// name: locations_list
// A page of places by name, with coordinates, admin region and how many events happened there.
{include:locations_match}
WITH l ORDER BY l.name, l.id
WITH collect(l) AS found
RETURN size(found) AS total,
       [l IN found[$offset..$offset + $limit] | l {
          .id, .name, .kind, .lat, .lon, .country_code, .admin1, .admin2, .geonames_id,
          within: [(l)-[:LOCATED_IN]->(p) | p.id],
          events: COUNT { (l)<-[:{place_types}]-(:{event_labels}) }
       }] AS items

// name: locations_rows
// Every place locations_match selects, one flat row each, for CSV and GeoJSON exports.
{include:locations_match}
WITH l ORDER BY l.name, l.id
RETURN l.id AS id, l.name AS name, l.kind AS kind, l.lat AS latitude, l.lon AS longitude,
       l.country_code AS country_code, l.admin1 AS admin1, l.admin2 AS admin2,
       l.geonames_id AS geonames_id, head([(l)-[:LOCATED_IN]->(p) | p.id]) AS within,
       COUNT { (l)<-[:{place_types}]-(:{event_labels}) } AS events
