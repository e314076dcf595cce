// name: articles_list
// Articles, optionally of one language and published in [$since, $until], newest first.
MATCH (a:Article)
WHERE ($language IS NULL OR a.language = $language)
  AND ($since IS NULL OR a.published_start >= $since)
  AND ($until IS NULL OR a.published_start <= $until)
WITH a ORDER BY a.published_start IS NULL, a.published_start DESC, a.loaded_at DESC, a.id
WITH collect(a) AS found
RETURN size(found) AS total,
       [a IN found[$offset..$offset + $limit] | a {
          .id, .language, .published, .published_precision, .title, .source, .length, .loaded_at,
          facts: COUNT { (a)<-[:REPORTED_IN]-() }
       }] AS items

// name: article_by_id
// One article's metadata and the facts read from it: every node with evidence in it (and that
// evidence), and every relationship whose evidence names it.
MATCH (a:Article {id: $id})
CALL (a) {
  MATCH (n)-[r:REPORTED_IN]->(a)
  WITH n, r ORDER BY r.start
  WITH n, collect({article: $id, sentence: r.sentence, start: r.start, end: r.end,
                   quote: r.quote}) AS evidence
  ORDER BY evidence[0].start, n.id
  RETURN collect({id: n.id, label: labels(n)[0],
                  name: coalesce(n.name, n.method, n.topic, n.quote, toLower(labels(n)[0])),
                  properties: properties(n), evidence: evidence}) AS facts
}
CALL (a) {
  MATCH (n)-[:REPORTED_IN]->(a)
  MATCH (n)-[r]->(m)
  WHERE NOT r:REPORTED_IN AND any(x IN r.evidence WHERE x CONTAINS $id)
  WITH DISTINCT n, r, m ORDER BY n.id, type(r), m.id
  RETURN collect({type: type(r), source: n.id, target: m.id, properties: properties(r),
                  evidence: [x IN r.evidence WHERE x CONTAINS $id]}) AS relationships
}
RETURN a {
  .id, .language, .published, .published_precision, .title, .source, .length, .loaded_at,
  facts: facts, relationships: relationships
} AS article

// name: article_mentions
// The events an article reports: for each, the id its extraction gave it in this article
// (`mention`) and the node it is in the graph (`node`). Before cross-article resolution the two
// are the same id; resolution records the mention on the REPORTED_IN edge, and `rule` says how
// it was resolved (new, same-id, or the rule that matched: graph/matching.py).
MATCH (e)-[r:REPORTED_IN]->(:Article {id: $article_id})
WHERE NOT e:Actor AND NOT e:Location
RETURN DISTINCT coalesce(r.mention, e.id) AS mention, e.id AS node, labels(e)[0] AS label, r.rule AS rule
ORDER BY mention
