"""Structured imports: datasets of events (ACLED exports) into the same graph as the articles."""
