// Uniqueness constraints and indexes. Every statement is idempotent (IF NOT EXISTS).
// The writer MERGEs on `id` under these constraints, so concurrent loads cannot duplicate a node.
CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT location_id IF NOT EXISTS FOR (n:Location) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT agreement_id IF NOT EXISTS FOR (n:Agreement) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT attack_id IF NOT EXISTS FOR (n:Attack) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT accusation_id IF NOT EXISTS FOR (n:Accusation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT meeting_id IF NOT EXISTS FOR (n:Meeting) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT proposal_id IF NOT EXISTS FOR (n:Proposal) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT statement_id IF NOT EXISTS FOR (n:Statement) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT article_id IF NOT EXISTS FOR (n:Article) REQUIRE n.id IS UNIQUE;
// Names and the folded search key (name + aliases, lower-case, no accents).
CREATE INDEX actor_name IF NOT EXISTS FOR (n:Actor) ON (n.name);
CREATE INDEX actor_kind IF NOT EXISTS FOR (n:Actor) ON (n.kind);
CREATE TEXT INDEX actor_search IF NOT EXISTS FOR (n:Actor) ON (n.search);
CREATE INDEX location_name IF NOT EXISTS FOR (n:Location) ON (n.name);
CREATE TEXT INDEX location_search IF NOT EXISTS FOR (n:Location) ON (n.search);
CREATE INDEX agreement_name IF NOT EXISTS FOR (n:Agreement) ON (n.name);
// Dates: the first day a partial date covers, for timelines and since/until filters.
CREATE INDEX attack_date IF NOT EXISTS FOR (n:Attack) ON (n.date_start);
CREATE INDEX attack_method IF NOT EXISTS FOR (n:Attack) ON (n.method);
CREATE INDEX agreement_date IF NOT EXISTS FOR (n:Agreement) ON (n.date_start);
CREATE INDEX accusation_date IF NOT EXISTS FOR (n:Accusation) ON (n.date_start);
CREATE INDEX meeting_date IF NOT EXISTS FOR (n:Meeting) ON (n.date_start);
CREATE INDEX proposal_date IF NOT EXISTS FOR (n:Proposal) ON (n.date_start);
CREATE INDEX statement_date IF NOT EXISTS FOR (n:Statement) ON (n.date_start);
CREATE INDEX article_published IF NOT EXISTS FOR (n:Article) ON (n.published_start);
