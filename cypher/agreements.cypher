// Read queries of the API. Dates go out as ISO strings (toString): the driver turns Neo4j dates
// into Python objects slowly, and the API only needs the text.

// name: agreements_match
// fragment
// The agreements the filters select, as `g` (included by agreements_list and agreements_rows):
// optionally with one party, one mediator, a status or a topic, whose date overlaps
// [$since, $until] (Neo4j dates; null: open). Undated agreements only when no date is asked.
// Guarded UNION branches (see attacks_list) start from the party or mediator when given.
CALL () {
  WITH 1 AS _ WHERE $party IS NOT NULL
  MATCH (:Actor {id: $party})-[:PARTY_TO]->(g:Agreement)
  RETURN g
  UNION ALL
  WITH 1 AS _ WHERE $party IS NULL AND $mediator IS NOT NULL
  MATCH (:Actor {id: $mediator})-[:MEDIATED]->(g:Agreement)
  RETURN g
  UNION ALL
  WITH 1 AS _ WHERE $party IS NULL AND $mediator IS NULL
  MATCH (g:Agreement)
  RETURN g
}
WITH g
WHERE ($status IS NULL OR g.status = $status)
  AND ($topic IS NULL OR g.topic = $topic)
  AND ($since IS NULL OR g.date_end >= $since)
  AND ($until IS NULL OR g.date_start <= $until)
  AND ($party IS NULL OR EXISTS { (:Actor {id: $party})-[:PARTY_TO]->(g) })
  AND ($mediator IS NULL OR EXISTS { (:Actor {id: $mediator})-[:MEDIATED]->(g) })

// name: agreements_list
// A page of the agreements agreements_match selects, ordered by date (undated last).
{include:agreements_match}
WITH g ORDER BY g.date_start, g.id
WITH collect(g) AS found
RETURN size(found) AS total,
       [g IN found[$offset..$offset + $limit] | g {
          .id, .name, .topic, .status, .plover, .date, .date_precision,
          date_start: toString(g.date_start), date_end: toString(g.date_end),
          parties: [(p:Actor)-[r:PARTY_TO]->(g) |
            {id: p.id, name: p.name, kind: p.kind, evidence: r.evidence}],
          mediators: [(m:Actor)-[r:MEDIATED]->(g) |
            {id: m.id, name: m.name, kind: m.kind, evidence: r.evidence}],
          accusations: COUNT { (g)<-[:ALLEGES_VIOLATION_OF]-(:Accusation) },
          articles: size(reduce(s = [], x IN [(g)-[:REPORTED_IN]->(art:Article) | art.id] |
            CASE WHEN x IN s THEN s ELSE s + x END)),
          sources: size(reduce(s = [], x IN [(g)-[:REPORTED_IN]->(art:Article) WHERE art.source IS NOT NULL | art.source] |
            CASE WHEN x IN s THEN s ELSE s + x END)),
          status_history: COLLECT {
            MATCH (g)-[r:REPORTED_IN]->(art:Article)
            WHERE r.mention IS NOT NULL AND NOT EXISTS {
              MATCH (g)-[o:REPORTED_IN]->(art) WHERE o.mention = r.mention AND o.start < r.start }
            RETURN {article: art.id, published: art.published, source: art.source, mention: r.mention,
                    rule: r.rule, date: r.date, status: r.status, quote: r.quote}
            ORDER BY art.published_start, art.id, r.mention
          },
          evidence: [(g)-[r:REPORTED_IN]->(art:Article) |
            {article: art.id, sentence: r.sentence, start: r.start, end: r.end, quote: r.quote}]
       }] AS items

// name: agreements_rows
// Every agreement agreements_match selects, one flat row each, for CSV exports.
{include:agreements_match}
WITH g ORDER BY g.date_start, g.id
RETURN g.id AS id, g.name AS name, g.topic AS topic, g.status AS status, g.date AS date,
       g.date_precision AS date_precision, toString(g.date_start) AS date_start,
       reduce(s = '', x IN [(a:Actor)-[:PARTY_TO]->(g) | a.name] |
         s + CASE s WHEN '' THEN '' ELSE '; ' END + x) AS parties,
       reduce(s = '', x IN [(a:Actor)-[:MEDIATED]->(g) | a.name] |
         s + CASE s WHEN '' THEN '' ELSE '; ' END + x) AS mediators,
       COUNT { (g)<-[:ALLEGES_VIOLATION_OF]-(:Accusation) } AS accusations,
       COUNT { (g)-[:REPORTED_IN]->(:Article) } AS articles

// name: agreement_by_id
// One agreement with its parties, mediators, status, date and evidence; how many articles and
// sources (publishers) report it, and its status history: each article's claim (status, date,
// the article's date and source, the first sentence), oldest article first.
MATCH (g:Agreement {id: $id})
RETURN g {
  .id, .name, .topic, .status, .plover, .date, .date_precision,
  date_start: toString(g.date_start), date_end: toString(g.date_end),
  parties: [(p:Actor)-[r:PARTY_TO]->(g) |
    {id: p.id, name: p.name, kind: p.kind, evidence: r.evidence}],
  mediators: [(m:Actor)-[r:MEDIATED]->(g) |
    {id: m.id, name: m.name, kind: m.kind, evidence: r.evidence}],
  accusations: COUNT { (g)<-[:ALLEGES_VIOLATION_OF]-(:Accusation) },
  articles: size(reduce(s = [], x IN [(g)-[:REPORTED_IN]->(art:Article) | art.id] |
            CASE WHEN x IN s THEN s ELSE s + x END)),
  sources: size(reduce(s = [], x IN [(g)-[:REPORTED_IN]->(art:Article) WHERE art.source IS NOT NULL | art.source] |
            CASE WHEN x IN s THEN s ELSE s + x END)),
  status_history: COLLECT {
    MATCH (g)-[r:REPORTED_IN]->(art:Article)
    WHERE r.mention IS NOT NULL AND NOT EXISTS {
      MATCH (g)-[o:REPORTED_IN]->(art) WHERE o.mention = r.mention AND o.start < r.start }
    RETURN {article: art.id, published: art.published, source: art.source, mention: r.mention, rule: r.rule,
            date: r.date, status: r.status, quote: r.quote}
    ORDER BY art.published_start, art.id, r.mention
  },
  evidence: [(g)-[r:REPORTED_IN]->(art:Article) |
    {article: art.id, sentence: r.sentence, start: r.start, end: r.end, quote: r.quote}]
} AS agreement

// name: agreement_violations
// What speaks of an agreement being broken: the accusations that it was violated, and the attacks
// by a party to it dated on or after it. An attack counts when its period ends on or after the day
// the agreement's period starts; `timing` is on_or_after when it starts on or after the agreement's
// last possible day, else uncertain (the two periods overlap). Undated attacks never count, and an
// undated agreement has no attacks after it.
MATCH (g:Agreement {id: $id})
CALL (g) {
  MATCH (c:Accusation)-[v:ALLEGES_VIOLATION_OF]->(g)
  WITH c, v ORDER BY c.date_start, c.id
  RETURN collect(c {
    .id, .date, .date_precision, .mutual,
    date_start: toString(c.date_start), date_end: toString(c.date_end),
    accusers: [(x:Actor)-[r:MADE]->(c) | {id: x.id, name: x.name, kind: x.kind, evidence: r.evidence}],
    accused: [(c)-[r:AGAINST]->(x:Actor) | {id: x.id, name: x.name, kind: x.kind, evidence: r.evidence}],
    violation_evidence: v.evidence,
    evidence: [(c)-[r:REPORTED_IN]->(art:Article) |
      {article: art.id, sentence: r.sentence, start: r.start, end: r.end, quote: r.quote}]
  }) AS accusations
}
CALL (g) {
  MATCH (p:Actor)-[:PARTY_TO]->(g)
  MATCH (p)-[:PERPETRATED]->(t:Attack)
  WHERE g.date_start IS NOT NULL AND t.date_end >= g.date_start
  WITH DISTINCT t, g ORDER BY t.date_start, t.id
  LIMIT $attack_cap
  RETURN collect(t {
    .id, .method, .date, .date_precision, .killed, .injured,
    date_start: toString(t.date_start), date_end: toString(t.date_end),
    timing: CASE WHEN t.date_start >= g.date_end THEN 'on_or_after' ELSE 'uncertain' END,
    perpetrators: [(x:Actor)-[r:PERPETRATED]->(t) WHERE (x)-[:PARTY_TO]->(g) |
      {id: x.id, name: x.name, kind: x.kind, evidence: r.evidence}],
    targets: [(t)-[r:TARGETED]->(x) |
      {id: x.id, name: x.name, kind: x.kind, label: labels(x)[0], evidence: r.evidence}],
    evidence: [(t)-[r:REPORTED_IN]->(art:Article) |
      {article: art.id, sentence: r.sentence, start: r.start, end: r.end, quote: r.quote}]
  }) AS attacks
}
RETURN g.id AS id, g.name AS name, g.date AS date, accusations, attacks
