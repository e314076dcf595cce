"""Applying cypher/schema.cypher. Every statement is idempotent, so this runs on every start."""

from __future__ import annotations

import neo4j

from conflictkg.graph.queries import schema_statements


def apply_schema(driver: neo4j.Driver, database: str | None = None) -> int:
    """Create the constraints and indexes that are missing; return how many statements ran."""
    statements = schema_statements()
    with driver.session(database=database) as session:
        for statement in statements:
            session.run(statement).consume()
    return len(statements)
