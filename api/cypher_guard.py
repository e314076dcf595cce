"""Refusing writes in POST /cypher before they reach the database.

A small tokenizer skips string literals, comments and backtick-quoted names, so `RETURN 'CREATE'`
passes while `CREATE (n)` does not. It errs on the side of refusing (a variable named `set` is
refused too). The read transaction the query then runs in is the second guard: anything this
misses, such as a write hidden in a procedure's string argument, fails there with 403 as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Clauses that change data, schema, users or databases (checked as whole words, any case).
_WRITE_WORDS = frozenset({
    "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "FOREACH",
    "GRANT", "DENY", "REVOKE", "ALTER", "RENAME", "TERMINATE", "DEALLOCATE", "REALLOCATE",
    "ENABLE",
    "USE",  # switching to another database (e.g. `system`) is not what this endpoint is for
})
# Two-word clauses whose first word is also a common name (`start`, `load`, `in`).
_WRITE_PAIRS = frozenset({
    ("LOAD", "CSV"), ("IN", "TRANSACTIONS"), ("START", "DATABASE"), ("STOP", "DATABASE"),
})
# Procedure and function namespaces that write, administer the server or read files and URLs.
_WRITE_PROCEDURES = (
    "dbms.", "db.create", "db.clearquerycaches", "db.index.fulltext.create",
    "db.index.fulltext.drop",
    "apoc.create.", "apoc.merge.", "apoc.refactor.", "apoc.periodic.", "apoc.trigger.",
    "apoc.schema.", "apoc.do.", "apoc.cypher.", "apoc.export.", "apoc.import.", "apoc.load.",
    "apoc.nodes.delete", "apoc.nodes.link", "apoc.atomic.", "apoc.lock.", "apoc.systemdb.",
    "apoc.custom.", "apoc.uuid.", "apoc.ttl.", "apoc.static.", "apoc.log.", "apoc.graph.fromcypher",
)

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Token:
    text: str
    kind: str  # "word", "name" (dotted procedure/function name) or "symbol"
    offset: int


def tokenize(query: str) -> list[Token]:
    """Words, dotted names and symbols of a Cypher query, without literals and comments."""
    tokens: list[Token] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif query.startswith("//", i):
            end = query.find("\n", i)
            i = n if end == -1 else end + 1
        elif query.startswith("/*", i):
            end = query.find("*/", i + 2)
            i = n if end == -1 else end + 2
        elif c in "'\"":
            i = _skip_string(query, i, c)
        elif c == "`":
            end = query.find("`", i + 1)
            while end != -1 and query.startswith("``", end):  # `` escapes a backtick
                end = query.find("`", end + 2)
            i = n if end == -1 else end + 1
        elif m := _WORD.match(query, i):
            j = m.end()
            parts = [m.group()]
            # a dotted name (db.labels, apoc.create.node) unless it is a property access `n.x`
            while j < n and query[j] == "." and (m2 := _WORD.match(query, j + 1)):
                parts.append(m2.group())
                j = m2.end()
            tokens.append(Token(".".join(parts), "name" if len(parts) > 1 else "word", i))
            i = j
        else:
            tokens.append(Token(c, "symbol", i))
            i += 1
    return tokens


def _skip_string(query: str, i: int, quote: str) -> int:
    j = i + 1
    while j < len(query):
        if query[j] == "\\":
            j += 2
        elif query[j] == quote:
            return j + 1
        else:
            j += 1
    return len(query)


def write_reason(query: str) -> str | None:
    """Why this query may write (the clause or procedure found), or None when it reads only."""
    tokens = tokenize(query)
    for k, tok in enumerate(tokens):
        prev = tokens[k - 1].text if k else ""
        nxt = tokens[k + 1].text if k + 1 < len(tokens) else ""
        if tok.kind == "name":
            lowered = tok.text.lower()
            if any(lowered.startswith(p) for p in _WRITE_PROCEDURES) and nxt == "(":
                return f"procedure or function {tok.text}"
            if prev.upper() == "CALL" and lowered.startswith(("dbms.", "apoc.")):
                return f"procedure {tok.text}"
            continue
        if tok.kind != "word":
            continue
        # `n.set`, `:Create` (a label) and `{merge: 1}` (a map key) are names, not clauses.
        if prev in (".", ":", "$") or nxt == ":":
            continue
        word = tok.text.upper()
        if word in _WRITE_WORDS:
            return f"{word} clause"
        if (word, nxt.upper()) in _WRITE_PAIRS:
            return f"{word} {nxt.upper()}"
    return None
