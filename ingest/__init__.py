"""conflictkg.ingest: the one way articles reach the graph (CLI, API and importers alike)."""
