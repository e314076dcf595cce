"""conflictkg: a conflict-event knowledge graph built from news articles and structured exports."""

__version__ = "0.1.0"
