"""Constraints and indexes, generated from the registry, and a check of the live database.

Every statement is idempotent (IF NOT EXISTS), so `apply_schema` runs on every start. The writer
MERGEs on `id` under the uniqueness constraints, so concurrent loads cannot duplicate a node.
"""

from __future__ import annotations

from typing import Any, Literal

import neo4j
from pydantic import BaseModel

from conflictkg.graph.registry import REGISTRY

Kind = Literal["constraint", "range", "text", "point"]
_INDEX_KINDS: dict[str, Kind] = {"TEXT": "text", "POINT": "point"}  # SHOW INDEXES type -> ours


class SchemaItem(BaseModel, frozen=True):
    """One constraint or index as the registry declares it and SHOW reports it."""

    name: str
    kind: Kind
    label: str
    property: str

    def statement(self) -> str:
        target = f"FOR (n:{self.label})"
        if self.kind == "constraint":
            return f"CREATE CONSTRAINT {self.name} IF NOT EXISTS {target} REQUIRE n.{self.property} IS UNIQUE"
        prefix = {"text": "CREATE TEXT INDEX", "point": "CREATE POINT INDEX"}.get(self.kind, "CREATE INDEX")
        return f"{prefix} {self.name} IF NOT EXISTS {target} ON (n.{self.property})"


def declared() -> list[SchemaItem]:
    """The constraints and indexes the registry asks for."""
    items: list[SchemaItem] = []
    for spec in REGISTRY.nodes.values():
        items.append(SchemaItem(name=spec.constraint, kind="constraint", label=spec.label, property="id"))
        for ix in spec.indexes:
            items.append(SchemaItem(name=ix.name_for(spec.label), kind=ix.kind, label=spec.label,
                                    property=ix.property))
    return items


def schema_statements() -> list[str]:
    return [item.statement() for item in declared()]


def apply_schema(driver: neo4j.Driver, database: str | None = None) -> int:
    """Create the constraints and indexes that are missing; return how many statements ran."""
    statements = schema_statements()
    with driver.session(database=database) as session:
        for statement in statements:
            session.run(statement).consume()  # generated from the registry, not user text
    return len(statements)


def _present(driver: neo4j.Driver, database: str | None) -> list[SchemaItem]:
    """What the database has, in the registry's terms (the lookup indexes Neo4j makes itself and
    the indexes that back uniqueness constraints are left out)."""
    found: list[SchemaItem] = []
    records: list[Any]
    records, _, _ = driver.execute_query(
        "SHOW CONSTRAINTS YIELD name, type, entityType, labelsOrTypes, properties "
        "RETURN name, type, entityType, labelsOrTypes, properties",
        database_=database, routing_=neo4j.RoutingControl.READ,
    )
    for r in records:
        if r["type"] == "UNIQUENESS" and r["entityType"] == "NODE" and len(r["properties"]) == 1:
            found.append(SchemaItem(name=r["name"], kind="constraint", label=r["labelsOrTypes"][0],
                                    property=r["properties"][0]))
        else:  # something the registry cannot declare: report it as it is
            found.append(SchemaItem(name=r["name"], kind="constraint", label=str(r["labelsOrTypes"]),
                                    property=str(r["properties"])))
    records, _, _ = driver.execute_query(
        "SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, owningConstraint "
        "WHERE type <> 'LOOKUP' AND owningConstraint IS NULL "
        "RETURN name, type, entityType, labelsOrTypes, properties",
        database_=database, routing_=neo4j.RoutingControl.READ,
    )
    for r in records:
        kind = _INDEX_KINDS.get(r["type"], "range")
        simple = r["type"] in ("RANGE", "TEXT", "POINT") and r["entityType"] == "NODE" and len(r["properties"]) == 1
        found.append(SchemaItem(
            name=r["name"], kind=kind,
            label=r["labelsOrTypes"][0] if simple else str(r["labelsOrTypes"]),
            property=r["properties"][0] if simple else f"{r['type']} {r['properties']}",
        ))
    return found


class SchemaDiff(BaseModel):
    missing: list[SchemaItem]
    unexpected: list[SchemaItem]

    @property
    def matches(self) -> bool:
        return not self.missing and not self.unexpected


def compare_schema(driver: neo4j.Driver, database: str | None = None) -> SchemaDiff:
    """How the database's constraints and indexes differ from the registry's."""
    want, have = set(declared()), set(_present(driver, database))
    return SchemaDiff(missing=sorted(want - have, key=lambda i: i.name),
                      unexpected=sorted(have - want, key=lambda i: i.name))
