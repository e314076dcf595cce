// Writes of the structured importers (`conflictkg import acled`): one batch of rows per transaction.
// Imported events carry no evidence: their provenance is a RECORDED_IN edge to a Dataset.

// name: import_dataset
// The dataset node every imported event is RECORDED_IN (created once, not touched again here).
MERGE (d:Dataset {id: $id})
ON CREATE SET d.name = $name

// name: import_dataset_done
// After an import that changed something: which file, by which importer, when, how many rows.
MATCH (d:Dataset {id: $id})
SET d.file = $file, d.importer = $importer, d.rows = $rows, d.imported_at = datetime()

// name: import_lock
// Taken first in every batch's transaction: the dataset node's write lock, held to the commit, so
// two imports running at once write their batches one after the other and each batch's statuses
// see what the other committed (the same row is never created twice, nor its edges doubled).
MATCH (d:Dataset {id: $dataset})
SET d.import_lock = true
REMOVE d.import_lock

// name: import_status
// What each row of a batch is to the graph: created (no event has its id), unchanged (the event
// has the row's timestamp) or updated (another timestamp, or the row moved to another label).
// `previous` and `previous_label` name the event to clear before an update.
UNWIND $rows AS r
OPTIONAL MATCH (a:Attack {id: r.ids[0]})
OPTIONAL MATCH (g:Agreement {id: r.ids[1]})
OPTIONAL MATCH (m:Demonstration {id: r.ids[2]})
OPTIONAL MATCH (v:Development {id: r.ids[3]})
WITH r, coalesce(a, g, m, v) AS e
RETURN r.id AS id, e.id AS previous, labels(e)[0] AS previous_label,
       CASE WHEN e IS NULL THEN 'created'
            WHEN e.id = r.id AND e.acled_timestamp = r.timestamp THEN 'unchanged'
            ELSE 'updated' END AS status

// name: import_clear_events
// template: {label}
// Before an update: the old event loses its relationships (they are written anew from the row);
// an event whose row moved to another label is deleted.
UNWIND $rows AS r
MATCH (e:{label} {id: r.previous})
CALL (e) { MATCH (e)-[x]-() DELETE x }
WITH e, r WHERE e.id <> r.id
DELETE e

// name: import_attacks
// Attacks, one per row, with their own relationships: their properties are the row's (an update
// replaces them all); the relationships are new (an updated event's old ones were cleared), so
// CREATE, not MERGE. The event is at hand, so each edge costs one lookup of its other end.
MATCH (d:Dataset {id: $dataset})
UNWIND $rows AS row
MERGE (e:Attack {id: row.id})
SET e = row.properties
CREATE (e)-[p:RECORDED_IN]->(d)
SET p = row.provenance
WITH e, row
MATCH (l:Location {id: row.place})
CREATE (e)-[:TARGETED]->(l)
WITH e, row
CALL (e, row) {
  UNWIND row.side1 AS actor
  MATCH (x:Actor {id: actor})
  CREATE (x)-[:PERPETRATED]->(e)
}
CALL (e, row) {
  UNWIND row.side2 AS actor
  MATCH (x:Actor {id: actor})
  CREATE (e)-[:TARGETED]->(x)
}

// name: import_events
// template: {label} {type}
// The other imported events (Agreement, Demonstration, Development) as import_attacks: HELD_AT
// their place, every actor PARTY_TO or INVOLVED.
MATCH (d:Dataset {id: $dataset})
UNWIND $rows AS row
MERGE (e:{label} {id: row.id})
SET e = row.properties
CREATE (e)-[p:RECORDED_IN]->(d)
SET p = row.provenance
WITH e, row
MATCH (l:Location {id: row.place})
CREATE (e)-[:HELD_AT]->(l)
WITH e, row
CALL (e, row) {
  UNWIND row.side1 + row.side2 AS actor
  MATCH (x:Actor {id: actor})
  CREATE (x)-[:{type}]->(e)
}

// name: import_actors
// Actors keep the name and kind they were first written with (an article's, or the mapping's);
// the dataset's names for them are merged into their aliases and search keys.
UNWIND $rows AS row
MERGE (a:Actor {id: row.id})
ON CREATE SET a += row.properties
SET a.country_code = coalesce(a.country_code, row.properties.country_code),
    a.affiliation = coalesce(a.affiliation, row.properties.affiliation)
SET a.aliases = reduce(acc = coalesce(a.aliases, []), x IN row.aliases |
      CASE WHEN x IN acc THEN acc ELSE acc + x END)
SET a.search_keys = reduce(acc = coalesce(a.search_keys, []), x IN row.search_keys |
      CASE WHEN x IN acc THEN acc ELSE acc + x END)
SET a.search = '|' + reduce(s = '', k IN a.search_keys | s + k + '|')

// name: import_locations
// Places keep the first coordinates and admin regions they were given; the point follows them.
UNWIND $rows AS row
MERGE (l:Location {id: row.id})
ON CREATE SET l.name = row.name, l.kind = row.kind, l.source = 'acled'
SET l.lat = coalesce(l.lat, row.lat), l.lon = coalesce(l.lon, row.lon),
    l.country_code = coalesce(l.country_code, row.country_code),
    l.admin1 = coalesce(l.admin1, row.admin1), l.admin2 = coalesce(l.admin2, row.admin2)
SET l.point = CASE WHEN l.lat IS NULL OR l.lon IS NULL THEN l.point
                   ELSE point({latitude: l.lat, longitude: l.lon}) END
SET l.aliases = reduce(acc = coalesce(l.aliases, []), x IN row.aliases |
      CASE WHEN x IN acc THEN acc ELSE acc + x END)
SET l.search_keys = reduce(acc = coalesce(l.search_keys, []), x IN row.search_keys |
      CASE WHEN x IN acc THEN acc ELSE acc + x END)
SET l.search = '|' + reduce(s = '', k IN l.search_keys | s + k + '|')

// name: import_context
// template: {start_label} {type} {end_label}
// The place hierarchy and affiliations: shared by many rows, merged, and the properties of an edge
// the gazetteer or an article made first are kept.
UNWIND $rows AS row
MATCH (s:{start_label} {id: row.start})
MATCH (e:{end_label} {id: row.end})
MERGE (s)-[r:{type}]->(e)
ON CREATE SET r = row.properties
