// name: server_version
// The Neo4j version the API reports in GET /health; also proves a read round-trip works.
CALL dbms.components() YIELD name, versions, edition
RETURN versions[0] AS version, edition
