"""The local Neo4j Community server: jars fetched with Maven, run with the machine's Java."""

from conflictkg.localdb.server import LocalServer, ServerStatus, StartResult, StopResult

__all__ = ["LocalServer", "ServerStatus", "StartResult", "StopResult"]
