// name: stats_labels
// Node counts per label, read from the count store (one branch per label so each is O(1)).
// The list must name every graph.model.Label; tests/test_api_queries.py checks that it does.
CALL () {
  MATCH (n:Actor) RETURN 'Actor' AS label, count(n) AS count
  UNION ALL MATCH (n:Location) RETURN 'Location' AS label, count(n) AS count
  UNION ALL MATCH (n:Agreement) RETURN 'Agreement' AS label, count(n) AS count
  UNION ALL MATCH (n:Attack) RETURN 'Attack' AS label, count(n) AS count
  UNION ALL MATCH (n:Accusation) RETURN 'Accusation' AS label, count(n) AS count
  UNION ALL MATCH (n:Meeting) RETURN 'Meeting' AS label, count(n) AS count
  UNION ALL MATCH (n:Proposal) RETURN 'Proposal' AS label, count(n) AS count
  UNION ALL MATCH (n:Statement) RETURN 'Statement' AS label, count(n) AS count
  UNION ALL MATCH (n:Article) RETURN 'Article' AS label, count(n) AS count
}
RETURN label, count

// name: stats_relationships
// Relationship counts per type, from the count store like stats_labels; must name every RelType.
CALL () {
  MATCH ()-[r:AFFILIATED_WITH]->() RETURN 'AFFILIATED_WITH' AS type, count(r) AS count
  UNION ALL MATCH ()-[r:PARTY_TO]->() RETURN 'PARTY_TO' AS type, count(r) AS count
  UNION ALL MATCH ()-[r:MEDIATED]->() RETURN 'MEDIATED' AS type, count(r) AS count
  UNION ALL MATCH ()-[r:PERPETRATED]->() RETURN 'PERPETRATED' AS type, count(r) AS count
  UNION ALL MATCH ()-[r:TARGETED]->() RETURN 'TARGETED' AS type, count(r) AS count
  UNION ALL MATCH ()-[r:MADE]->() RETURN 'MADE' AS type, count(r) AS count
  UNION ALL MATCH ()-[r:AGAINST]->() RETURN 'AGAINST' AS type, count(r) AS count
  UNION ALL MATCH ()-[r:ALLEGES_VIOLATION_OF]->() RETURN 'ALLEGES_VIOLATION_OF' AS type, count(r) AS count
  UNION ALL MATCH ()-[r:ATTENDED]->() RETURN 'ATTENDED' AS type, count(r) AS count
  UNION ALL MATCH ()-[r:HELD_AT]->() RETURN 'HELD_AT' AS type, count(r) AS count
  UNION ALL MATCH ()-[r:LEADS]->() RETURN 'LEADS' AS type, count(r) AS count
  UNION ALL MATCH ()-[r:SUPPORTS]->() RETURN 'SUPPORTS' AS type, count(r) AS count
  UNION ALL MATCH ()-[r:OPPOSES]->() RETURN 'OPPOSES' AS type, count(r) AS count
  UNION ALL MATCH ()-[r:SAID]->() RETURN 'SAID' AS type, count(r) AS count
  UNION ALL MATCH ()-[r:LOCATED_IN]->() RETURN 'LOCATED_IN' AS type, count(r) AS count
  UNION ALL MATCH ()-[r:REPORTED]->() RETURN 'REPORTED' AS type, count(r) AS count
  UNION ALL MATCH ()-[r:REPORTED_IN]->() RETURN 'REPORTED_IN' AS type, count(r) AS count
}
RETURN type, count
