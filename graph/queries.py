"""Named Cypher queries loaded from the `cypher/` folder.

Each query starts with a `// name: <name>` line; the comment lines after it are its documentation.
A `// template: {a} {b}` line marks a query with placeholders that only the model's closed sets of
labels and relationship types may fill (Cypher cannot take a label as a parameter). User input
always travels as parameters.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from pydantic import BaseModel

from conflictkg.errors import ConflictKGError
from conflictkg.graph.model import Label, RelType

_HEADER = re.compile(r"^//\s*name:\s*(?P<name>[a-z_][a-z0-9_]*)\s*$")
_TEMPLATE = re.compile(r"^//\s*template:\s*(?P<slots>.*)$")
_SLOT = re.compile(r"\{([a-z_]+)\}")


class NamedQuery(BaseModel):
    name: str
    file: str
    text: str
    doc: str = ""
    slots: tuple[str, ...] = ()

    def render(self, **values: Label | RelType) -> str:
        """Fill template slots; only model enums are accepted so no free text reaches the query."""
        if set(values) != set(self.slots):
            raise ConflictKGError(f"query {self.name} takes slots {self.slots}, got {tuple(values)}")
        text = self.text
        for slot, value in values.items():
            if not isinstance(value, (Label, RelType)):
                raise ConflictKGError(f"slot {slot} of {self.name} takes a Label or RelType")
            text = text.replace("{" + slot + "}", value.value)
        return text


def parse_queries(source: str, file: str) -> dict[str, NamedQuery]:
    """Split one .cypher file into its named queries."""
    queries: dict[str, NamedQuery] = {}
    name: str | None = None
    lines: list[str] = []

    def flush() -> None:
        if name is None:
            return
        doc: list[str] = []
        slots: tuple[str, ...] = ()
        body: list[str] = []
        for line in lines:
            stripped = line.strip()
            if not body and stripped.startswith("//"):
                if m := _TEMPLATE.match(stripped):
                    slots = tuple(_SLOT.findall(m["slots"]))
                else:
                    doc.append(stripped.lstrip("/").strip())
            elif stripped or body:
                body.append(line)
        text = "\n".join(body).strip()
        if not text:
            raise ConflictKGError(f"{file}: query {name} has no body")
        if name in queries:
            raise ConflictKGError(f"{file}: query {name} is defined twice")
        queries[name] = NamedQuery(name=name, file=file, text=text, doc=" ".join(doc), slots=slots)

    for line in source.splitlines():
        if m := _HEADER.match(line.strip()):
            flush()
            name, lines = m["name"], []
        elif name is not None:
            lines.append(line)
    flush()
    return queries


@lru_cache
def all_queries() -> dict[str, NamedQuery]:
    """Every named query of the package, loaded once."""
    found: dict[str, NamedQuery] = {}
    for entry in sorted(resources.files("conflictkg.cypher").iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".cypher") and entry.name != "schema.cypher":
            for name, q in parse_queries(entry.read_text(encoding="utf-8"), entry.name).items():
                if name in found:
                    raise ConflictKGError(f"query {name} is defined in {found[name].file} and {q.file}")
                found[name] = q
    return found


def query(name: str) -> NamedQuery:
    try:
        return all_queries()[name]
    except KeyError:
        raise ConflictKGError(f"no Cypher query named {name!r} in cypher/") from None


def schema_statements() -> list[str]:
    """The statements of cypher/schema.cypher, one per `;`."""
    text = resources.files("conflictkg.cypher").joinpath("schema.cypher").read_text(encoding="utf-8")
    body = "\n".join(l for l in text.splitlines() if not l.strip().startswith("//"))
    return [s.strip() for s in body.split(";") if s.strip()]
