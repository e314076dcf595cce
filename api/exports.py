"""Answers in formats other than JSON: CSV and GeoJSON streamed from a query's rows, GraphML.

A list endpoint answers JSON pages by default; `?format=csv` or `Accept: text/csv` streams every
row the filters select (no paging, no cap), and `?format=geojson` or `Accept: application/geo+json`
streams a FeatureCollection. Rows travel from Neo4j to the socket in chunks, so an export of a
million rows takes the memory of one chunk.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator, Iterable
from typing import Any, Literal
from xml.sax.saxutils import escape, quoteattr

from fastapi import Request
from fastapi.responses import Response, StreamingResponse

from conflictkg.api.models import NetworkPublic
from conflictkg.api.queries import Queries

Format = Literal["json", "csv", "geojson", "graphml"]
MEDIA_TYPES: dict[Format, str] = {
    "json": "application/json",
    "csv": "text/csv",
    "geojson": "application/geo+json",
    "graphml": "application/graphml+xml",
}
_CHUNK_ROWS = 500

Rows = AsyncIterator[dict[str, Any]]


def _accepted(header: str) -> list[tuple[str, float]]:
    """Media ranges of an Accept header with their q-values, best first (stable for ties)."""
    ranges: list[tuple[str, float]] = []
    for part in header.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media.lower(), q))
    return sorted(ranges, key=lambda r: -r[1])


def negotiate(request: Request, given: Format | None, offered: tuple[Format, ...]) -> Format:
    """The format to answer in: `?format=` wins, then the Accept header; JSON when neither asks
    for one of the formats offered (a browser's */* gets JSON)."""
    if given:
        return given
    for media, q in _accepted(request.headers.get("accept", "")):
        if q <= 0:
            continue
        for fmt in ("json", *offered):
            if MEDIA_TYPES[fmt] == media:
                return fmt
        if media in ("*/*", "application/*"):
            return "json"
    return "json"


def openapi_content(offered: tuple[Format, ...], what: str) -> dict[int | str, dict[str, Any]]:
    """The extra media types of a route's 200 answer, for its `responses=`."""
    schemas: dict[Format, dict[str, Any]] = {
        "csv": {"schema": {"type": "string"},
                "example": "id,date,…\n"},
        "geojson": {"schema": {"type": "object", "required": ["type", "features"],
                               "properties": {"type": {"const": "FeatureCollection"},
                                              "features": {"type": "array", "items": {"type": "object"}}}}},
        "graphml": {"schema": {"type": "string"}},
    }
    return {200: {"description": f"{what}. JSON by default; "
                  + ", ".join(f"`{MEDIA_TYPES[f]}` with `?format={f}`" for f in offered) + ".",
                  "content": {MEDIA_TYPES[f]: schemas[f] for f in offered}}}


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


async def _csv_chunks(columns: list[str], rows: Rows) -> AsyncIterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    async for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
        count += 1
        if count % _CHUNK_ROWS == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def _feature(row: dict[str, Any], id_key: str) -> dict[str, Any]:
    lat, lon = row.get("latitude"), row.get("longitude")
    geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
    properties = {k: v for k, v in row.items() if k not in ("latitude", "longitude")}
    return {"type": "Feature", "id": row.get(id_key), "geometry": geometry, "properties": properties}


async def _geojson_chunks(rows: Rows, id_key: str) -> AsyncIterator[bytes]:
    yield b'{"type":"FeatureCollection","features":['
    parts: list[str] = []
    first = True
    async for row in rows:
        parts.append(("" if first else ",") + json.dumps(_feature(row, id_key), ensure_ascii=False,
                                                         default=str))
        first = False
        if len(parts) == _CHUNK_ROWS:
            yield "".join(parts).encode()
            parts.clear()
    parts.append("]}")
    yield "".join(parts).encode()


def _filename(name: str, fmt: Format) -> dict[str, str]:
    extension = {"csv": "csv", "geojson": "geojson", "graphml": "graphml", "json": "json"}[fmt]
    return {"Content-Disposition": f'attachment; filename="{name}.{extension}"'}


def stream(fmt: Format, name: str, columns: list[str], rows: Rows, id_key: str = "id") -> StreamingResponse:
    """A streamed CSV or GeoJSON answer from rows whose first key set is `columns`."""
    if fmt == "csv":
        return StreamingResponse(_csv_chunks(columns, rows), media_type="text/csv; charset=utf-8",
                                 headers=_filename(name, fmt))
    if fmt == "geojson":
        return StreamingResponse(_geojson_chunks(rows, id_key), media_type=MEDIA_TYPES["geojson"],
                                 headers=_filename(name, fmt))
    raise ValueError(f"cannot stream {fmt}")


async def export(queries: Queries, fmt: Format, name: str, query_name: str, id_key: str = "id",
                 **params: Any) -> StreamingResponse:
    """Run an export query and stream its rows as `fmt`. The query runs before the answer starts,
    so a database that is down still answers 503 as a problem, not a cut-off 200."""
    rows = queries.stream(query_name, **params)
    columns: list[str] = await anext(rows)
    return stream(fmt, name, columns, rows, id_key)


def _graphml_keys(scope: str, names: Iterable[str]) -> list[str]:
    return [f'  <key id="{scope}_{n}" for="{scope}" attr.name="{n}" attr.type="string"/>' for n in names]


def graphml(network: NetworkPublic) -> Response:
    """The network as GraphML (Gephi, yEd, networkx): node attributes label, name, kind, date;
    edge attribute type."""
    node_attrs, edge_attrs = ("label", "name", "kind", "date"), ("type",)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
             *_graphml_keys("node", node_attrs), *_graphml_keys("edge", edge_attrs),
             f'  <graph id={quoteattr(network.root)} edgedefault="directed">']
    for node in network.nodes:
        lines.append(f"    <node id={quoteattr(node.id)}>")
        for attr in node_attrs:
            value = getattr(node, attr)
            if value is not None:
                lines.append(f'      <data key="node_{attr}">{escape(str(value))}</data>')
        lines.append("    </node>")
    for edge in network.edges:
        lines.append(f"    <edge id={quoteattr(edge.id)} source={quoteattr(edge.source)} "
                     f"target={quoteattr(edge.target)}>")
        lines.append(f'      <data key="edge_type">{escape(edge.type)}</data>')
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>", ""]
    return Response("\n".join(lines), media_type=MEDIA_TYPES["graphml"],
                    headers=_filename(network.root.replace(":", "-") + "-network", "graphml"))
