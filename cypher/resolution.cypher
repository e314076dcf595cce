// Cross-article resolution (graph/resolve_tx.py): locks, candidates and the figures derived from
// every article's claim. Each query reads through an index (a block key, an id, a person key).

// name: resolution_lock
// Takes the write lock of every block a batch resolves in, in key order: a concurrent writer that
// resolves in one of these blocks waits here until this transaction commits, then sees its nodes.
// MERGE on the unique id makes two writers of a new block one node; the SET takes the node's write
// lock even when the value does not change. Then, under the locks, the graph's version
// (`graph_version`): what a writer's resolution cache must have been made at. `created`: the
// keys whose block this transaction made. Every path that writes an event with a
// `resolution_block` locks it first (the bulk import writes the blocks too), so such a block holds
// no event yet and need not be read. (`created_now` lives only inside this query.)
// A batch resolved ahead of its transaction (graph/resolve_tx.py `adopt`) also asks, under the
// locks, in the same round trip: whether any of its mention ids (`$ids`: label -> ids) is taken,
// and the chains of the places it read outside (`$places`, as `resolution_places`).
UNWIND $keys AS key
MERGE (b:ResolutionBlock {id: key})
ON CREATE SET b.created_now = true
SET b.kind = split(key, '|')[0]
WITH key, b, b.created_now IS NOT NULL AS created
REMOVE b.created_now
WITH collect(CASE WHEN created THEN key END) AS created
OPTIONAL MATCH (s:GraphState {id: 'graphstate:graph'})
WITH coalesce(s.version, 0) AS version, created
CALL () {
  UNWIND coalesce($ids.Agreement, []) AS id MATCH (e:Agreement {id: id}) RETURN count(e) AS agreements }
CALL () { UNWIND coalesce($ids.Attack, []) AS id MATCH (e:Attack {id: id}) RETURN count(e) AS attacks }
CALL () { UNWIND coalesce($ids.Meeting, []) AS id MATCH (e:Meeting {id: id}) RETURN count(e) AS meetings }
CALL () {
  UNWIND coalesce($ids.Accusation, []) AS id MATCH (e:Accusation {id: id}) RETURN count(e) AS accusations }
CALL () {
  UNWIND coalesce($ids.Statement, []) AS id MATCH (e:Statement {id: id}) RETURN count(e) AS statements }
CALL () {
  UNWIND $places AS id
  OPTIONAL MATCH (l:Location {id: id})
  OPTIONAL MATCH (a:Actor {id: id})
  WITH id, coalesce(l, a) AS p
  WHERE p IS NOT NULL
  RETURN collect([id, [(p)-[:LOCATED_IN*1..6]->(up) | up.id]]) AS places }
RETURN version, created, agreements + attacks + meetings + accusations + statements AS taken, places

// name: resolution_blocks
// Which of these blocks exist (a writer resolving ahead takes the others as empty; its lock checks).
UNWIND $keys AS key
MATCH (b:ResolutionBlock {id: key})
RETURN b.id AS id

// name: resolution_candidates
// template: {label}
// The events of the blocks (`resolution_block`, indexed) that touch a probe's days (no days: all
// of the block): their dates overlap (an undated attack's: its report days and the
// `$undated_before` days before them), or with `$life`, an agreement's life does (its first date or
// report to the last day a report covers; one written before the writer kept its life is always
// read; `matching.touches` is this filter for the events a writer's cache holds). Then what the
// rules compare: date, kind/topic/method, the ids at the far end of their defining relationships
// (`$link_types`), the places above their places, the articles that report each, and, when
// `$with_claims`, an agreement's life (its first report, the last day a report covers, its first
// collapse: kept on the node by the writer). Only a node written before the writer kept it sends
// every article's claim instead. A much reported event's
// claims (dates to hydrate, one map per report) were most of what this query sent.
// The writer runs it with `CYPHER replan=skip` (graph/resolve_tx.py).
UNWIND $probes AS probe
MATCH (e:{label} {resolution_block: probe.key})
WITH probe, e, coalesce(e.date_start, e.reported_from) AS born
WHERE probe.start IS NULL
   OR (NOT $life AND coalesce(e.date_start, e.reported_from - duration({days: $undated_before})) <= probe.end
       AND coalesce(e.date_end, e.reported_until) >= probe.start)
   OR ($life AND (e.seen_until IS NULL OR born IS NULL OR (born <= probe.end AND
       any(d IN [e.date_end, e.seen_until, e.reported_from, born] WHERE d >= probe.start))))
WITH DISTINCT e
RETURN e.id AS id, e.resolution_block AS block, e.date_start AS start, e.date_end AS end,
       e {.topic, .name, .method, .methods, .kind, .quote, .speaker, .status} AS props,
       [(e)-[r]-(x) WHERE type(r) IN $link_types | [type(r), x.id, labels(x)[0], x.kind]] AS links,
       [(e)-[r]->(p)-[:LOCATED_IN*1..6]->(up) WHERE type(r) IN $place_types | [p.id, up.id]] AS ancestors,
       [(e)-[:REPORTED_IN]->(a:Article) | a.id] AS articles,
       e {.reported_from, .reported_until, .seen_until, .collapsed_on} AS life,
       CASE WHEN $with_claims AND e.seen_until IS NULL THEN
         [(e)-[r:REPORTED_IN]->(a:Article) | r {.mention, .rule, .date, .status, .killed,
            .killed_qualifier, .injured, .injured_qualifier, article: a.id,
            published: a.published_start, published_precision: a.published_precision}]
       ELSE [] END AS claims

// name: resolution_places
// The places above each of these places (a Location, or a country Actor): what the candidates
// query reads for its events' places, for events a writer's resolution cache holds.
UNWIND $ids AS id
OPTIONAL MATCH (l:Location {id: id})
OPTIONAL MATCH (a:Actor {id: id})
WITH id, coalesce(l, a) AS p
WHERE p IS NOT NULL
RETURN id, [(p)-[:LOCATED_IN*1..6]->(up) | up.id] AS ups

// name: resolution_existing
// template: {label}
// Which of these ids are taken by a node of the label.
UNWIND $ids AS id
MATCH (e:{label} {id: id})
RETURN e.id AS id

// name: resolution_persons
// Persons already in the graph under these name keys (graph/persons.py).
UNWIND $keys AS key
MATCH (p:Actor {person_key: key})
RETURN p.id AS id, key, p.affiliation AS affiliation

// name: resolution_prior
// How an article loaded before resolved its mentions (a reload by the same extractor keeps them).
MATCH (e)-[r:REPORTED_IN]->(:Article {id: $article_id})
WHERE r.mention IS NOT NULL
RETURN DISTINCT r.mention AS mention, e.id AS node, r.rule AS rule

// name: resolution_claims
// template: {label}
// Every article's claim about each of these events, to derive the node's date, status and figures.
UNWIND $ids AS id
MATCH (e:{label} {id: id})
RETURN e.id AS id,
       [(e)-[r:REPORTED_IN]->(a:Article) | r {.mention, .rule, .date, .status, .killed,
          .killed_qualifier, .injured, .injured_qualifier, article: a.id,
          published: a.published_start, published_precision: a.published_precision}] AS claims

// name: resolution_refresh
// template: {label}
// Sets what the claims decide (graph/claims.py); a null removes the property.
UNWIND $rows AS row
MATCH (e:{label} {id: row.id})
SET e += row.properties
