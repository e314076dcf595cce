"""The package-wide exception base. Every error conflictkg raises on purpose derives from it."""

from __future__ import annotations

from typing import Any


class ConflictKGError(Exception):
    """Base of conflictkg's own errors; `details` keeps what a caller may want to show or log."""

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return self.message


class ConfigurationError(ConflictKGError):
    """A setting is missing or has a value that cannot work."""


class DatabaseUnavailable(ConflictKGError):
    """Neo4j cannot be reached or refused the connection."""


class LocalServerError(ConflictKGError):
    """The local Neo4j server could not be provisioned, started or stopped."""


class DocumentError(ConflictKGError):
    """A graph document is invalid; nothing of it was written."""


class InputError(ConflictKGError):
    """An input file or text cannot be read as an article."""


class ExtractionTimeout(InputError):
    """Extracting one article ran over its time budget (CONFLICTKG_EXTRACT_TIMEOUT)."""
