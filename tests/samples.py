"""Small hand-built graph documents for writer and API tests."""

from __future__ import annotations

from typing import Any

from conflictkg.graph.ids import article_id, entity_id, event_id


def evidence(sentence: int = 0, text: str = "Russia attacked Kherson.") -> list[dict[str, Any]]:
    return [{"sentence": sentence, "start": 0, "end": len(text), "quote": text}]


def sample_document(text: str = "Russia attacked Kherson.", *, aliases: list[str] | None = None,
                    extra_actor: str | None = None) -> dict[str, Any]:
    russia = entity_id("actor", "Russia")
    kherson = entity_id("location", "Kherson")
    attack = event_id("attack", method="shelling", place=kherson, text=text)
    nodes: list[dict[str, Any]] = [
        {
            "id": russia,
            "label": "Actor",
            "properties": {"name": "Russia", "kind": "country", "aliases": aliases or ["Rusland"]},
            "evidence": evidence(0, text),
        },
        {
            "id": kherson,
            "label": "Location",
            "properties": {"name": "Kherson", "kind": "city", "aliases": ["Cherson"]},
            "evidence": evidence(0, text),
        },
        {
            "id": attack,
            "label": "Attack",
            "properties": {
                "method": "shelling",
                "killed": 1,
                "killed_qualifier": "exact",
                "date": "2025-03",
                "modality": "reported",
            },
            "evidence": evidence(0, text),
        },
    ]
    rels: list[dict[str, Any]] = [
        {"type": "PERPETRATED", "start": russia, "end": attack, "evidence": evidence(0, text)},
        {"type": "TARGETED", "start": attack, "end": kherson, "evidence": evidence(0, text)},
    ]
    if extra_actor:
        aid = entity_id("actor", extra_actor)
        nodes.append(
            {
                "id": aid,
                "label": "Actor",
                "properties": {"name": extra_actor, "kind": "country"},
                "evidence": evidence(0, text),
            }
        )
        rels.append({"type": "TARGETED", "start": attack, "end": aid, "evidence": evidence(0, text)})
    return {
        "article": {"id": article_id(text), "language": "en", "published": "2025-03", "title": None, "source": None},
        "nodes": nodes,
        "relationships": rels,
    }
