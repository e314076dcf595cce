// name: upsert_article
// Creates or updates the article every fact of a document is REPORTED_IN.
MERGE (a:Article {id: $article.id})
ON CREATE SET a.loaded_at = datetime()
SET a.language = $article.language,
    a.published = $article.published,
    a.published_start = $article.published_start,
    a.published_precision = $article.published_precision,
    a.title = $article.title,
    a.source = $article.source,
    a.length = $article.length,
    a.extractor = $article.extractor

// name: upsert_nodes
// template: {label}
// Generated per label from the model. Scalars are overwritten, aliases and search keys are merged
// (never overwritten), and each piece of evidence becomes one REPORTED_IN edge to the article,
// carrying the mention (the id extraction gave the fact in this article) and its claim (the rule
// that resolved it, the date, status and figures the article gives: graph/claims.py).
UNWIND $rows AS row
MERGE (n:{label} {id: row.id})
SET n += row.properties
SET n.aliases = reduce(acc = coalesce(n.aliases, []), x IN row.aliases |
      CASE WHEN x IN acc THEN acc ELSE acc + x END)
SET n.search_keys = reduce(acc = coalesce(n.search_keys, []), x IN row.search_keys |
      CASE WHEN x IN acc THEN acc ELSE acc + x END)
SET n.search = '|' + reduce(s = '', k IN n.search_keys | s + k + '|')
WITH n, row
MATCH (a:Article {id: $article_id})
UNWIND row.evidence AS ev
MERGE (n)-[r:REPORTED_IN {sentence: ev.sentence, start: ev.start, end: ev.end, mention: row.mention}]->(a)
SET r.quote = ev.quote
SET r += row.claim

// name: upsert_relationships
// template: {start_label} {type} {end_label}
// Generated per (start label, type, end label). One edge per type between two nodes; evidence
// (JSON strings that name the article) is merged so reloading adds nothing.
UNWIND $rows AS row
MATCH (s:{start_label} {id: row.start})
MATCH (e:{end_label} {id: row.end})
MERGE (s)-[r:{type}]->(e)
SET r += row.properties
SET r.evidence = reduce(acc = coalesce(r.evidence, []), x IN row.evidence |
      CASE WHEN x IN acc THEN acc ELSE acc + x END)

// name: article_extractor
// The extractor version an article was last loaded with (no row: never loaded).
MATCH (a:Article {id: $article_id})
RETURN a.extractor AS extractor

// name: upsert_articles
// upsert_article for a batch of new articles written in one go (corpus loads).
UNWIND $articles AS article
MERGE (a:Article {id: article.id})
ON CREATE SET a.loaded_at = datetime()
SET a.language = article.language,
    a.published = article.published,
    a.published_start = article.published_start,
    a.published_precision = article.published_precision,
    a.title = article.title,
    a.source = article.source,
    a.length = article.length,
    a.extractor = article.extractor

// name: upsert_nodes_of_articles
// template: {label}
// upsert_nodes for the rows of several articles in input order; each row names its article. A
// resolved node's last row also carries what all its claims decide (`derived`, graph/claims.py).
UNWIND $rows AS row
MERGE (n:{label} {id: row.id})
SET n += row.properties
SET n += coalesce(row.derived, {})
SET n.aliases = reduce(acc = coalesce(n.aliases, []), x IN row.aliases |
      CASE WHEN x IN acc THEN acc ELSE acc + x END)
SET n.search_keys = reduce(acc = coalesce(n.search_keys, []), x IN row.search_keys |
      CASE WHEN x IN acc THEN acc ELSE acc + x END)
SET n.search = '|' + reduce(s = '', k IN n.search_keys | s + k + '|')
WITH n, row
MATCH (a:Article {id: row.article_id})
UNWIND row.evidence AS ev
MERGE (n)-[r:REPORTED_IN {sentence: ev.sentence, start: ev.start, end: ev.end, mention: row.mention}]->(a)
SET r.quote = ev.quote
SET r += row.claim

// name: articles_extractors
// The extractor version of each of a batch of article ids that is in the graph (one query for a
// batch of candidates: a corpus load skips what is loaded before extracting it).
UNWIND $article_ids AS id
MATCH (a:Article {id: id})
RETURN a.id AS id, a.extractor AS extractor

// name: retract_relationships
// Replacing an article's facts, step 1: relationships lose the evidence that names the article,
// and those left with none are deleted (others keep the evidence of other articles).
MATCH (n)-[:REPORTED_IN]->(:Article {id: $article_id})
MATCH (n)-[r]->()
WHERE NOT r:REPORTED_IN AND any(x IN coalesce(r.evidence, []) WHERE x CONTAINS $article_id)
WITH DISTINCT r
SET r.evidence = [x IN r.evidence WHERE NOT x CONTAINS $article_id]
WITH r WHERE size(r.evidence) = 0
DELETE r
RETURN count(r) AS deleted

// name: retract_evidence
// Step 2: the article's REPORTED_IN edges go; returns the element ids of the nodes they joined and
// of the places above them (the gazetteer context), the candidates for deletion.
MATCH (n)-[e:REPORTED_IN]->(:Article {id: $article_id})
WITH collect(DISTINCT n) AS facts, collect(e) AS edges
FOREACH (e IN edges | DELETE e)
WITH facts, size(edges) AS deleted
UNWIND (CASE WHEN facts = [] THEN [null] ELSE facts END) AS n
OPTIONAL MATCH (n)-[:LOCATED_IN*1..5]->(up)
WITH deleted, collect(DISTINCT elementId(n)) + collect(DISTINCT elementId(up)) AS candidates
RETURN deleted, candidates

// name: prune_unsupported
// Step 3, repeated until it deletes nothing: a candidate goes when no article reports it, no
// relationship with evidence joins it, no place lies inside it (the gazetteer context of
// other articles' places stays) and no imported event (RECORDED_IN a dataset) names it.
UNWIND $candidates AS eid
MATCH (n) WHERE elementId(n) = eid
  AND NOT EXISTS { (n)-[:REPORTED_IN]->() }
  AND NOT EXISTS { (n)<-[:LOCATED_IN]-() }
  AND NOT EXISTS { (n)-[r]-() WHERE size(coalesce(r.evidence, [])) > 0 }
  AND NOT EXISTS { (n)--()-[:RECORDED_IN]->(:Dataset) }
DETACH DELETE n
RETURN count(n) AS deleted

// name: graph_changed
// Counts one more change of the graph, in the transaction that made it: the API's ETags follow
// this version, so a cached answer is never served after a committed change. The new version
// tells a writer's resolution cache (graph/resolution_cache.py) whether another writer came in
// between.
MERGE (s:GraphState {id: 'graphstate:graph'})
SET s.version = coalesce(s.version, 0) + 1, s.changed_at = datetime()
RETURN s.version AS version

// name: graph_version
// The graph's change counter (0 before the first write).
OPTIONAL MATCH (s:GraphState {id: 'graphstate:graph'})
RETURN coalesce(s.version, 0) AS version
