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
// (never overwritten), and each piece of evidence becomes one REPORTED_IN edge to the article.
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
MERGE (n)-[r:REPORTED_IN {sentence: ev.sentence, start: ev.start, end: ev.end}]->(a)
SET r.quote = ev.quote

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
