"""The languages the extractor reads: those with lexicons under loaders/lexicons/<code>/.

A module of its own so that the API's models and the client can name them without loading the
extractor (and its dictionaries).
"""

SUPPORTED: tuple[str, ...] = ("nl", "en")
