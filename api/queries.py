"""The typed layer over cypher/: one method per named query, with typed parameters and results.

Routes call these methods and nothing else talks to Neo4j, so each query has a Python signature a
type checker sees. Query text comes only from cypher/ (loaded once, by name); values travel as
parameters. Reads are routed as reads and run with a server-side time limit.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date
from typing import Any, TypeVar, cast

import neo4j
from neo4j import Query
from neo4j.exceptions import ClientError
from pydantic import BaseModel

from conflictkg.api import models as m
from conflictkg.api.db import (
    CypherTimeout,
    DatabaseUnavailable,
    InvalidQuery,
    QueryTimeout,
    plain,
    translate,
)
from conflictkg.api.shapes import Unvalidated
from conflictkg.graph.queries import query
from conflictkg.settings import Settings

M = TypeVar("M", bound=BaseModel)

# Rows the network walk fetches per step, and the most paths / violation attacks collected.
_PATH_CAP = 1000
_ATTACK_CAP = 1000
_EVIDENCE_SHOWN = 25
# The geo filters' parameters when none is given (see api.params.geo_filter).
NO_GEO: dict[str, Any] = {"near": None, "radius": 0.0, "lower_left": None, "upper_right": None}


class Queries:
    """Named queries bound to the app's async driver and settings."""

    def __init__(self, driver: neo4j.AsyncDriver, settings: Settings, *, validate: bool = True) -> None:
        self._driver = driver
        self._settings = settings
        self._database = settings.neo4j_database
        self._validate = validate

    def unvalidated(self) -> Queries:
        """The same queries answering their rows unvalidated, for the HTTP layer's compiled reads
        (api.fastpath), which write an answer's JSON from its row (api.shapes)."""
        return Queries(self._driver, self._settings, validate=False)

    def _answer(self, model: type[M], row: dict[str, Any]) -> M:
        if self._validate:
            return model.model_validate(plain(row))
        # Typed as the model because routes only hand it on: the compiled reads are its one reader,
        # and an answer they cannot write from the row is validated there (api.fastpath).
        return cast(M, Unvalidated(model, row))

    async def _read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        return await self._rows(Query(query(name).text, timeout=self._settings.api_query_timeout),
                                params)

    async def _rows(self, text: Query, params: dict[str, Any]) -> list[dict[str, Any]]:
        """One auto-commit query in a READ session: a cluster routes it to a reader, and it costs
        one round trip where a managed transaction costs three. Instead of the driver's retries
        for up to max_transaction_retry_time, one more try on a fresh connection covers a pooled
        connection the server dropped; a database that is down answers 503 at once."""
        for attempt in (1, 2):
            try:
                async with self._driver.session(
                    database=self._database, default_access_mode=neo4j.READ_ACCESS
                ) as session:
                    result = await session.run(text, params)
                    keys = result.keys()
                    # the driver's values: made plain where they are validated (_answer), or by
                    # the JSON writer for an answer written from its row (api.shapes)
                    return [dict(zip(keys, r, strict=True)) async for r in result]
            except Exception as exc:
                raised = translate(exc, self._settings)
                if raised is exc:
                    raise
                if attempt == 2 or not isinstance(raised, DatabaseUnavailable):
                    raise raised from exc
        raise AssertionError("unreachable")

    async def _one(self, name: str, key: str, **params: Any) -> dict[str, Any] | None:
        rows = await self._read(name, **params)
        return rows[0][key] if rows else None

    # -- health and stats -------------------------------------------------------------------

    async def server_version(self) -> m.HealthPublic:
        """The Neo4j version, without a server-side time limit (it is a procedure call)."""
        rows = await self._rows(Query(query("server_version").text), {})
        return m.HealthPublic(status="ok", neo4j=rows[0]["version"], edition=rows[0]["edition"])

    async def stats(self) -> m.StatsPublic:
        labels, rels = await asyncio.gather(
            self._read("stats_labels"), self._read("stats_relationships")
        )
        by_label = {r["label"]: r["count"] for r in labels}
        by_type = {r["type"]: r["count"] for r in rels}
        return m.StatsPublic(
            labels=by_label, relationships=by_type,
            nodes_total=sum(by_label.values()), relationships_total=sum(by_type.values()),
        )

    # -- actors -----------------------------------------------------------------------------

    async def actors(self, *, q: str | None, kind: str | None, limit: int, offset: int) -> m.ActorsPublic:
        row = (await self._read("actors_list", q=q, kind=kind, limit=limit, offset=offset))[0]
        return self._answer(m.ActorsPublic, row)

    async def actor(self, actor_id: str) -> m.ActorDetailPublic | None:
        found = await self._one("actor_by_id", "actor", id=actor_id, evidence_limit=_EVIDENCE_SHOWN)
        if found is None:
            return None
        roles = [found.get("role")] + [a.get("role") for a in found["affiliations"]]
        found["roles"] = list(dict.fromkeys(r for r in roles if r))
        return self._answer(m.ActorDetailPublic, found)

    async def network(self, actor_id: str, *, depth: int, max_nodes: int) -> m.NetworkPublic | None:
        """Breadth-first from the actor, `depth` relationships out, at most `max_nodes` nodes."""
        start = plain(await self._read("network_start", id=actor_id))
        if not start:
            return None
        root = start[0]
        nodes: dict[str, m.NetworkNode] = {root["element_id"]: m.NetworkNode.model_validate(root)}
        edges: dict[str, m.NetworkEdge] = {}
        frontier = [root["element_id"]]
        truncated = False
        for _ in range(depth):
            if not frontier:
                break
            # one row per (relationship, neighbour); fetch a bit more than the room left
            rows = plain(await self._read("network_hop", frontier=frontier, limit=4 * max_nodes + 100))
            nxt: list[str] = []
            for row in rows:
                eid = row["element_id"]
                if eid not in nodes:
                    if len(nodes) >= max_nodes:
                        truncated = True
                        continue
                    nodes[eid] = m.NetworkNode.model_validate(row)
                    nxt.append(eid)
                key = f"{row['source']}|{row['type']}|{row['target']}"
                edges.setdefault(key, m.NetworkEdge(id=key, **_edge(row)))
            truncated = truncated or len(rows) >= 4 * max_nodes + 100
            frontier = nxt
        return m.NetworkPublic(root=root["id"], depth=depth, nodes=list(nodes.values()),
                               edges=list(edges.values()), truncated=truncated)

    async def paths(self, *, source: str, target: str, max_hops: int, limit: int,
                    offset: int) -> tuple[bool, bool, m.PathsPublic]:
        """(source found, target found, the shortest paths)."""
        row = (await self._read("actor_paths", source=source, target=target, max_hops=max_hops,
                                path_cap=_PATH_CAP, limit=limit, offset=offset))[0]
        return row["source_found"], row["target_found"], self._answer(m.PathsPublic, row)

    # -- agreements -------------------------------------------------------------------------

    async def agreements(self, *, party: str | None, mediator: str | None, status: str | None,
                         topic: str | None, since: date | None, until: date | None, limit: int,
                         offset: int) -> m.AgreementsPublic:
        row = (await self._read("agreements_list", party=party, mediator=mediator, status=status,
                                topic=topic, since=since, until=until, limit=limit,
                                offset=offset))[0]
        return self._answer(m.AgreementsPublic, row)

    async def agreement(self, agreement_id: str) -> m.AgreementPublic | None:
        found = await self._one("agreement_by_id", "agreement", id=agreement_id)
        return None if found is None else self._answer(m.AgreementPublic, found)

    async def agreement_violations(self, agreement_id: str) -> m.ViolationsPublic | None:
        rows = await self._read("agreement_violations", id=agreement_id, attack_cap=_ATTACK_CAP)
        if not rows:
            return None
        return self._answer(m.ViolationsPublic, {**rows[0], "agreement": rows[0]["id"]})

    # -- events -----------------------------------------------------------------------------

    async def attacks(self, *, perpetrator: str | None, places: list[str] | None, method: str | None,
                      since: date | None, until: date | None, limit: int,
                      offset: int, geo: dict[str, Any] | None = None) -> m.AttacksPublic:
        if _unfiltered(perpetrator, places, method, since, until, geo):
            row = await self._index_page("attacks_dated_page", "attacks_undated_page", limit=limit, offset=offset)
        else:
            row = (await self._read("attacks_list", perpetrator=perpetrator, places=places,
                                    method=method, since=since, until=until, limit=limit,
                                    offset=offset, **(geo or NO_GEO)))[0]
        return self._answer(m.AttacksPublic, row)

    async def accusations(self, *, accuser: str | None, accused: str | None,
                          agreement: str | None, since: date | None, until: date | None,
                          limit: int, offset: int) -> m.AccusationsPublic:
        row = (await self._read("accusations_list", accuser=accuser, accused=accused,
                                agreement=agreement, since=since, until=until, limit=limit,
                                offset=offset))[0]
        return self._answer(m.AccusationsPublic, row)

    async def events(self, *, actor: str | None, label: str | None, places: list[str] | None,
                     since: date | None, until: date | None, limit: int,
                     offset: int, geo: dict[str, Any] | None = None) -> m.EventsPublic:
        if _unfiltered(actor, label, places, since, until, geo):
            row = await self._index_page("events_dated_page", "events_undated_page", limit=limit, offset=offset)
        else:
            row = (await self._read("events_timeline", actor=actor, label=label, places=places,
                                    since=since, until=until, limit=limit, offset=offset,
                                    **(geo or NO_GEO)))[0]
        return self._answer(m.EventsPublic, row)

    async def _index_page(self, dated: str, undated: str, *, limit: int, offset: int) -> dict[str, Any]:
        """A page of an unfiltered list read in date order off the date index (no sort of every
        event): the dated ones first; when the page reaches past them, the undated ones by id."""
        page = (await self._read(dated, offset=offset, limit=limit, window=offset + limit))[0]
        items: list[Any] = page["items"]
        if len(items) < limit and offset + len(items) < page["total"]:
            skip = 0
            if not items:  # the page starts among the undated: skip those of earlier pages
                counted = (await self._read(undated, offset=0, limit=0))[0]
                skip = offset - counted["dated"]
            tail = (await self._read(undated, offset=skip, limit=limit - len(items)))[0]
            items = items + tail["items"]
        return {"total": page["total"], "items": items}

    # -- places -----------------------------------------------------------------------------

    async def locations(self, *, q: str | None, within: list[str] | None, limit: int, offset: int,
                        geo: dict[str, Any] | None = None) -> m.LocationsPublic:
        row = (await self._read("locations_list", q=q, within=within, limit=limit, offset=offset,
                                **(geo or NO_GEO)))[0]
        return self._answer(m.LocationsPublic, row)

    # -- exports ----------------------------------------------------------------------------

    async def stream(self, name: str, **params: Any) -> AsyncIterator[Any]:
        """The rows of an export query as they arrive: first the list of column names, then one
        dict per row. The session stays open while the caller iterates (a streamed answer); the
        query has the export time limit, not the one of a page."""
        text = Query(query(name).text, timeout=self._settings.api_export_timeout)
        try:
            async with self._driver.session(
                database=self._database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                result = await session.run(text, params)
                keys = list(result.keys())
                yield keys
                async for record in result:
                    yield {k: plain(v) for k, v in zip(keys, record, strict=True)}
        except Exception as exc:
            raised = translate(exc, self._settings)
            if raised is exc:
                raise
            raise raised from exc

    # -- articles ---------------------------------------------------------------------------

    async def articles(self, *, language: str | None, since: date | None, until: date | None,
                       limit: int, offset: int) -> m.ArticlesPublic:
        row = (await self._read("articles_list", language=language, since=since, until=until,
                                limit=limit, offset=offset))[0]
        return self._answer(m.ArticlesPublic, row)

    async def article(self, article_id: str) -> m.ArticlePublic | None:
        found = await self._one("article_by_id", "article", id=article_id)
        return None if found is None else self._answer(m.ArticlePublic, found)

    # -- power users ------------------------------------------------------------------------

    async def adhoc(self, text: str, parameters: dict[str, Any], *, timeout: float,
                    max_rows: int) -> m.CypherResult:
        """A client's own query (POST /cypher) in a read transaction, with limits.

        The only query not from cypher/: the route has refused write clauses already, and the
        read transaction refuses whatever it missed.
        """

        @neo4j.unit_of_work(timeout=timeout)
        async def work(tx: neo4j.AsyncManagedTransaction) -> tuple[list[str], list[dict[str, Any]], bool]:
            result = await tx.run(text, parameters)
            keys = list(result.keys())
            rows: list[dict[str, Any]] = []
            async for record in result:
                if len(rows) == max_rows:
                    return keys, rows, True  # the rest is discarded with the transaction
                rows.append({k: plain(v) for k, v in zip(keys, record, strict=True)})
            return keys, rows, False

        try:
            async with asyncio.timeout(timeout + self._settings.api_db_timeout):
                async with self._driver.session(
                    database=self._database, default_access_mode=neo4j.READ_ACCESS
                ) as session:
                    keys, rows, truncated = await session.execute_read(work)
        except TimeoutError:
            raise CypherTimeout(f"the query ran longer than the limit of {timeout:g} s") from None
        except Exception as exc:
            raised = translate(exc, self._settings)
            if isinstance(raised, QueryTimeout):
                raise CypherTimeout(f"the query ran longer than the limit of {timeout:g} s") from exc
            if raised is exc and isinstance(exc, ClientError):
                raise InvalidQuery(f"{exc.message} ({exc.code})") from exc
            if raised is exc:
                raise
            raise raised from exc
        return m.CypherResult(columns=keys, rows=rows, truncated=truncated, row_limit=max_rows)


def _edge(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("type", "source", "target", "evidence")}


def _unfiltered(*filters: Any) -> bool:
    """No filter given (geo filters count when they name a point or a box)."""
    return all(f is None or (isinstance(f, dict) and f.get("near") is None and f.get("lower_left") is None)
               for f in filters)
