"""What POST /cypher lets through: an allow-list of read clauses, procedures and functions.

Why an allow-list: the read transaction the query runs in stops writes, but not everything that
reads is harmless. `SHOW USERS`, `SHOW SETTINGS`, `SHOW TRANSACTIONS`, `TERMINATE TRANSACTIONS`,
`LOAD CSV FROM 'http://…'`, `dbms.*` and many procedures Neo4j files as READ (`db.stats.collect`,
`db.resampleIndex`, …) all run in a read transaction. A deny-list has to know every one of them,
in every Neo4j version and plugin; an allow-list only has to know what analysts need.

What passes:

* Clauses, at the start of the query or of a subquery, or after a clause boundary: MATCH,
  OPTIONAL MATCH, WITH, UNWIND, WHERE, RETURN, ORDER BY, SKIP/OFFSET, LIMIT, UNION [ALL|DISTINCT],
  CALL { … } / CALL (x) { … } / OPTIONAL CALL subqueries, YIELD, and SHOW [kind] INDEXES /
  SHOW [kind] CONSTRAINTS. Everything else in clause position is refused, whatever it is: CREATE,
  MERGE, SET, DELETE, REMOVE, FOREACH, LOAD CSV, USE, every other SHOW, GRANT, ALTER, START/STOP,
  TERMINATE, ENABLE, DRY RUN, FINISH, and the prefixes EXPLAIN, PROFILE and CYPHER (the endpoint
  returns rows, not plans, and runs with the server's planner options).
* Procedures, after CALL: only `PROCEDURES` (schema listings). Fulltext and vector index queries
  are refused: the graph has no such index.
* Functions with a namespace (`point.distance`, `date.truncate`, …): only Neo4j's built-ins
  (`BUILTIN_FUNCTIONS`), so `apoc.*`, `gds.*` and any other plugin function are refused. Names
  without a namespace are not checked: Neo4j keeps the root namespace for its built-ins (a
  user-defined function must have one), so an unknown name there is Neo4j's syntax error, a 422.

How "clause position" is found without a full parser: a tokenizer skips comments and reads
string literals, numbers, parameters and backtick-quoted names as single tokens, so none of them
is ever taken for a keyword (`RETURN 'CREATE'`, ``MATCH (`SET`)``). Walking the tokens, a word is
in clause position at the start of the query or of a subquery's braces, or when the token before
it ends an expression (a name, a literal, a closing bracket). A word where an expression is
expected (after an operator, a comma, `AS`, `.`, `:` or a clause keyword) is a name: `n.set`,
`{merge: 1}`, `:Create`, `WITH 1 AS show RETURN show` all pass. Words inside parentheses, brackets
and map braces are expressions, never clauses; only the braces of CALL, EXISTS, COUNT and COLLECT
hold clauses. After `*` or `+` (multiplication, or a path quantifier) a word is refused only if
it is a clause keyword; a variable named like one there must be backtick-quoted.

Independent of that walk, every token is also checked for the things a read transaction cannot
stop: a CALL of a procedure, a namespaced function call (spaces, comments and backticks between
the parts included), SHOW of anything but indexes and constraints, LOAD CSV, USE and TERMINATE.
The read transaction stays the second guard for writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# Procedures a CALL may name (case-sensitive, as Neo4j's procedure names are): schema listings.
PROCEDURES = frozenset({
    "db.labels", "db.relationshipTypes", "db.propertyKeys",
    "db.schema.visualization", "db.schema.nodeTypeProperties", "db.schema.relTypeProperties",
})

# Neo4j 5's built-in functions, lower-cased (function names are case-insensitive): the Cypher
# manual's function list, checked against `SHOW FUNCTIONS` of Neo4j 5.26 (tests/test_api_queries.py).
BUILTIN_FUNCTIONS = frozenset(name.lower() for name in (
    # predicate
    "all", "any", "exists", "isEmpty", "none", "single",
    # scalar
    "char_length", "character_length", "coalesce", "elementId", "endNode", "head", "id", "last",
    "length", "nullIf", "properties", "randomUUID", "size", "startNode", "timestamp", "toBoolean",
    "toBooleanOrNull", "toFloat", "toFloatOrNull", "toInteger", "toIntegerOrNull", "type",
    "valueType",
    # aggregating
    "avg", "collect", "count", "max", "min", "percentileCont", "percentileDisc", "stDev", "stDevP",
    "sum",
    # list
    "keys", "labels", "nodes", "range", "reduce", "relationships", "reverse", "tail",
    "toBooleanList", "toFloatList", "toIntegerList", "toStringList",
    # mathematical: numeric, logarithmic, trigonometric
    "abs", "ceil", "floor", "isNaN", "rand", "round", "sign",
    "e", "exp", "log", "log10", "sqrt",
    "acos", "asin", "atan", "atan2", "cos", "cot", "degrees", "haversin", "pi", "radians", "sin",
    "tan",
    # string
    "btrim", "left", "lower", "ltrim", "normalize", "replace", "right", "rtrim", "split",
    "substring", "toLower", "toString", "toStringOrNull", "toUpper", "trim", "upper",
    # temporal instants
    "date", "date.realtime", "date.statement", "date.transaction", "date.truncate",
    "datetime", "datetime.fromepoch", "datetime.fromepochmillis", "datetime.realtime",
    "datetime.statement", "datetime.transaction", "datetime.truncate",
    "localdatetime", "localdatetime.realtime", "localdatetime.statement",
    "localdatetime.transaction", "localdatetime.truncate",
    "localtime", "localtime.realtime", "localtime.statement", "localtime.transaction",
    "localtime.truncate",
    "time", "time.realtime", "time.statement", "time.transaction", "time.truncate",
    # temporal durations
    "duration", "duration.between", "duration.inDays", "duration.inMonths", "duration.inSeconds",
    # spatial
    "point", "point.distance", "point.withinBBox",
    # vector
    "vector.similarity.cosine", "vector.similarity.euclidean",
    # LOAD CSV (null outside it), graph (composite databases) and database functions
    "file", "linenumber",
    "graph.byElementId", "graph.byName", "graph.names", "graph.propertiesByName",
    "db.nameFromElementId",
))

# Clause keywords allowed in clause position (multi-word ones by their first word).
_CLAUSES = frozenset({
    "MATCH", "OPTIONAL", "WITH", "UNWIND", "WHERE", "RETURN", "ORDER", "SKIP", "OFFSET", "LIMIT",
    "UNION", "CALL", "SHOW", "YIELD",
})
# Keywords that continue a clause after an expression: operators, sort orders, the end of CASE,
# path selectors (`ALL SHORTEST`, `SHORTEST 2 GROUPS`) and the words of type names (`:: ZONED
# DATETIME`, `IS TYPED INTEGER NOT NULL`).
_INFIX = frozenset({
    "AND", "OR", "XOR", "NOT", "IN", "IS", "CONTAINS", "STARTS", "ENDS", "WHEN", "THEN", "ELSE",
    "CASE", "DISTINCT", "TYPED", "ALL", "ANY", "SHORTEST", "BY",
})
_POSTFIX = frozenset({
    "END", "ASC", "ASCENDING", "DESC", "DESCENDING", "NULL", "TRUE", "FALSE",
    "NORMALIZED", "NFC", "NFD", "NFKC", "NFKD", "GROUP", "GROUPS", "PATH", "PATHS",
    "NOTHING", "BOOLEAN", "BOOL", "STRING", "VARCHAR", "INTEGER", "INT", "SIGNED", "FLOAT", "DATE",
    "LOCAL", "ZONED", "TIME", "DATETIME", "TIMESTAMP", "WITHOUT", "ZONE", "DURATION", "POINT",
    "NODE", "VERTEX", "RELATIONSHIP", "EDGE", "MAP", "LIST", "ARRAY", "PROPERTY", "VALUE",
})
_KEYWORDS = _CLAUSES | _INFIX | _POSTFIX | {"AS"}
# Keywords that start an expression and expect another after them.
_PREFIX = frozenset({"NOT", "CASE", "WHEN", "DISTINCT"})
# Clause keywords Cypher has beyond the allowed ones; after `*`/`+` only these are refused.
_OTHER_CLAUSES = frozenset({
    "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "FOREACH", "LOAD", "USE", "GRANT",
    "DENY", "REVOKE", "ALTER", "DROP", "RENAME", "START", "STOP", "TERMINATE", "ENABLE",
    "DEALLOCATE", "REALLOCATE", "DRY", "EXPLAIN", "PROFILE", "CYPHER", "FINISH", "INSERT", "LET",
    "FILTER", "NEXT", "SHOW",
})
# Second words named in a refusal, so it says "LOAD CSV" rather than "LOAD".
_PAIRS = {"LOAD": {"CSV"}, "DETACH": {"DELETE"}, "START": {"DATABASE"}, "STOP": {"DATABASE"},
          "DRY": {"RUN"}, "TERMINATE": {"TRANSACTION", "TRANSACTIONS"}, "ENABLE": {"SERVER"}}
# SHOW … INDEXES / CONSTRAINTS with their kinds (SHOW RANGE INDEXES, SHOW NODE KEY CONSTRAINTS).
_SHOW_KINDS = frozenset({
    "ALL", "RANGE", "TEXT", "POINT", "LOOKUP", "FULLTEXT", "VECTOR", "BTREE", "UNIQUE",
    "UNIQUENESS", "NODE", "RELATIONSHIP", "REL", "EXIST", "EXISTENCE", "KEY", "PROPERTY", "TYPE",
})
_SHOW_OBJECTS = frozenset({"INDEX", "INDEXES", "CONSTRAINT", "CONSTRAINTS"})
_SHOW_END = frozenset({"YIELD", "WHERE", "RETURN"})
_SUBQUERY_WORDS = frozenset({"EXISTS", "COUNT", "COLLECT"})

# Tokens after which an expression is expected, and those that end one (see the docstring).
_EXPR_SYMBOLS = frozenset(",=<>-/%^~!&|$")
_NAME_SYMBOLS = frozenset(".:")
_OPEN = {"(": ")", "[": "]", "{": "}"}

_WORD = re.compile(r"[^\W\d]\w*")
_NUMBER = re.compile(r"0[xX][0-9a-fA-F_]+|0o[0-7_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d[\d_]*)?")

Kind = Literal["word", "quoted", "string", "number", "param", "symbol"]
# What the walker expects of the next word (see _clauses).
State = Literal["clause", "after", "expr", "name", "with", "ambiguous", "call"]


@dataclass(frozen=True)
class Token:
    text: str  # as written; a quoted name without its backticks
    kind: Kind
    offset: int

    def is_word(self, *words: str) -> bool:
        return self.kind == "word" and (not words or self.text.upper() in words)


def tokenize(query: str) -> list[Token]:
    """The tokens of a Cypher query without comments: words, backtick-quoted names, string
    literals, numbers, parameters and single-character symbols."""
    tokens: list[Token] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif query.startswith("//", i):
            # Neo4j ends a line comment at \r as well as \n: `//x\rSHOW USERS` runs SHOW USERS.
            i = next((j + 1 for j in range(i, n) if query[j] in "\r\n"), n)
        elif query.startswith("/*", i):
            end = query.find("*/", i + 2)
            i = n if end == -1 else end + 2
        elif c in "'\"":
            end = _skip_string(query, i, c)
            tokens.append(Token(query[i:end], "string", i))
            i = end
        elif c == "`":
            end, name = _skip_quoted(query, i)
            tokens.append(Token(name, "quoted", i))
            i = end
        elif c == "$" and i + 1 < n and (query[i + 1] == "`" or _WORD.match(query, i + 1)
                                         or query[i + 1].isdigit()):
            if query[i + 1] == "`":
                end, name = _skip_quoted(query, i + 1)
            else:
                m = _WORD.match(query, i + 1) or re.compile(r"\d+").match(query, i + 1)
                assert m is not None
                end, name = m.end(), m.group()
            tokens.append(Token("$" + name, "param", i))
            i = end
        elif m := _WORD.match(query, i):
            tokens.append(Token(m.group(), "word", i))
            i = m.end()
        elif c.isdigit() and (m := _NUMBER.match(query, i)):
            tokens.append(Token(m.group(), "number", i))
            i = m.end()
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


def _skip_quoted(query: str, i: int) -> tuple[int, str]:
    end = query.find("`", i + 1)
    while end != -1 and query.startswith("``", end):  # `` escapes a backtick
        end = query.find("`", end + 2)
    stop = len(query) if end == -1 else end
    return (len(query) if end == -1 else end + 1), query[i + 1:stop].replace("``", "`")


def _chain(tokens: list[Token], i: int) -> tuple[str, int]:
    """The dotted name starting at token i (`db.labels`, `` `point`.distance ``), and the index
    after it. Neo4j allows spaces and comments around the dots, so they are tokens here."""
    parts = [tokens[i].text]
    j = i + 1
    while (j + 1 < len(tokens) and tokens[j].text == "." and tokens[j].kind == "symbol"
           and tokens[j + 1].kind in ("word", "quoted")):
        parts.append(tokens[j + 1].text)
        j += 2
    return ".".join(parts), j


def _at(tokens: list[Token], i: int) -> Token | None:
    return tokens[i] if 0 <= i < len(tokens) else None


def _named_only(tokens: list[Token], i: int) -> bool:
    """Whether the word at i can only be a name: a property, label, type or map key, or an alias."""
    prev, nxt = _at(tokens, i - 1), _at(tokens, i + 1)
    if prev is not None and ((prev.kind == "symbol" and prev.text in _NAME_SYMBOLS) or prev.is_word("AS")):
        return True
    # a map key `{load: 1}`, but not a type predicate `x :: INTEGER`
    after = _at(tokens, i + 2)
    return nxt is not None and nxt.text == ":" and not (after is not None and after.text == ":")


def _show_words(tokens: list[Token], i: int) -> tuple[list[str], int]:
    """The words of the SHOW command at i (`SHOW NODE KEY CONSTRAINTS` → NODE, KEY, CONSTRAINTS)."""
    words: list[str] = []
    j = i + 1
    while (tok := _at(tokens, j)) is not None and tok.kind == "word" and tok.text.upper() not in _SHOW_END:
        words.append(tok.text.upper())
        j += 1
    return words, j


def _show_allowed(words: list[str]) -> bool:
    return bool(words) and words[-1] in _SHOW_OBJECTS and all(w in _SHOW_KINDS for w in words[:-1])


def _show_refusal(words: list[str]) -> str:
    return f"the SHOW {' '.join(words[:4])} command" if words else "the SHOW command"


def _clause_refusal(tokens: list[Token], i: int) -> str:
    word = tokens[i].text.upper()
    nxt = _at(tokens, i + 1)
    if nxt is not None and nxt.kind == "word" and nxt.text.upper() in _PAIRS.get(word, ()):
        word = f"{word} {nxt.text.upper()}"
    if word in ("EXPLAIN", "PROFILE", "CYPHER"):
        return f"the {word} prefix"
    return f"the {word} clause"


def _anywhere(tokens: list[Token]) -> str | None:
    """Procedures, namespaced functions and the read-only admin commands, wherever they are."""
    for i, tok in enumerate(tokens):
        prev, nxt = _at(tokens, i - 1), _at(tokens, i + 1)
        if tok.kind not in ("word", "quoted") or (prev is not None and prev.text == "." and prev.kind == "symbol"):
            continue
        name, end = _chain(tokens, i)
        after = _at(tokens, end)
        # CALL followed by a name that is not a keyword (`RETURN call AS c` names a variable)
        called = (prev is not None and prev.is_word("CALL") and not _named_only(tokens, i - 1)
                  and not (tok.kind == "word" and tok.text.upper() in _KEYWORDS))
        if called and name not in PROCEDURES:
            return f"the procedure {name}"
        if not called and "." in name and after is not None and after.text == "(" \
                and name.lower() not in BUILTIN_FUNCTIONS:
            return f"the function {name}"
        if tok.kind != "word" or _named_only(tokens, i):
            continue
        word = tok.text.upper()
        nxt_word = nxt.text.upper() if nxt is not None and nxt.kind == "word" else None
        # `RETURN show AS s` names a variable; `SHOW ALL ROLES` is a command
        if word == "SHOW" and nxt_word is not None and nxt_word not in _KEYWORDS - _SHOW_KINDS:
            words, _ = _show_words(tokens, i)
            if not _show_allowed(words):
                return _show_refusal(words)
        names_graph = nxt is not None and (nxt.kind == "quoted" or nxt_word not in _KEYWORDS | {None})
        if ((word == "LOAD" and nxt_word == "CSV") or (word == "USE" and names_graph)
                or (word == "TERMINATE" and nxt_word in ("TRANSACTION", "TRANSACTIONS"))):
            return _clause_refusal(tokens, i)
    return None


@dataclass
class _Frame:
    scope: bool  # holds clauses (the query, or the braces of CALL/EXISTS/COUNT/COLLECT)
    call: bool = False  # the braces or the parentheses of `CALL (x) { … }`
    state: State = "clause"


def _clauses(tokens: list[Token]) -> str | None:
    """Walk the tokens; every word in clause position must be an allowed clause or keyword.

    `state` says what the next word is: "clause" (must be a clause), "after" (an expression just
    ended: a clause or a continuing keyword), "expr" (an expression is expected: any word is a
    name or a prefix keyword), "name" (after `.`, `:` or AS), "with" (after STARTS/ENDS),
    "ambiguous" (after `*`/`+`) or "call" (after CALL, before its subquery).
    """
    stack = [_Frame(scope=True)]
    pending: Literal["call", "subquery"] | None = None  # the next `{` opens a subquery
    closed_call = False  # a CALL subquery just closed (`… } IN TRANSACTIONS`)
    i = 0
    while i < len(tokens):
        tok, frame = tokens[i], stack[-1]
        opens, pending = pending, None
        after_call, closed_call = closed_call, False
        if tok.kind == "symbol":
            if tok.text == "{" and (opens or frame.state == "call"):
                stack.append(_Frame(scope=True, call=opens == "call" or frame.state == "call"))
            elif tok.text in _OPEN:
                stack.append(_Frame(scope=False, call=tok.text == "(" and frame.state == "call", state="expr"))
            elif tok.text in ")]}":
                if len(stack) > 1:  # an unbalanced bracket is Neo4j's syntax error; keep checking
                    closed = stack.pop()
                    pending = "call" if closed.call and not closed.scope else None
                    closed_call = closed.call and closed.scope
                stack[-1].state = "after"
            else:
                frame.state = ("name" if tok.text in _NAME_SYMBOLS else "expr" if tok.text in _EXPR_SYMBOLS
                               else "ambiguous" if tok.text in "*+" else "clause" if tok.text == ";"
                               else "after")
            i += 1
            continue
        if tok.kind != "word":  # names, literals and parameters end an expression
            frame.state = "after"
            i += 1
            continue
        word = tok.text.upper()
        nxt = _at(tokens, i + 1)
        if word in _SUBQUERY_WORDS and nxt is not None and nxt.text == "{":
            pending = "subquery"
        if after_call and word == "IN":
            return "CALL { … } IN TRANSACTIONS"
        if not frame.scope or frame.state == "name":
            frame.state = "after"
            i += 1
            continue
        if frame.state == "with":
            frame.state = "expr" if word == "WITH" else "after"
            if word == "WITH":
                i += 1
                continue
        state = frame.state
        if state == "expr":
            frame.state = ("name" if word == "AS" else "with" if word in ("STARTS", "ENDS")
                           else "expr" if word in _PREFIX or word in _INFIX else "after")
            i += 1
            continue
        if state == "ambiguous":
            if word not in _KEYWORDS:
                if word in _OTHER_CLAUSES and not (word == "SHOW" and not _show_words(tokens, i)[0]):
                    return _clause_refusal(tokens, i)
                frame.state = "after"
                i += 1
                continue
            state = "after"
        # clause position
        if word in _CLAUSES:
            reason, i = _clause(tokens, i, frame)
            if reason:
                return reason
            continue
        if state == "after" and word in _KEYWORDS:
            frame.state = ("name" if word == "AS" else "with" if word in ("STARTS", "ENDS")
                           else "expr" if word in _INFIX else "after")
            i += 1
            continue
        return _clause_refusal(tokens, i)
    return None


def _clause(tokens: list[Token], i: int, frame: _Frame) -> tuple[str | None, int]:
    """An allowed clause keyword at i: check its form; the refusal or None, and the next index."""
    word = tokens[i].text.upper()
    nxt = _at(tokens, i + 1)
    if word == "OPTIONAL":
        if nxt is None or not nxt.is_word("MATCH", "CALL"):
            return "the OPTIONAL clause without MATCH or CALL", i
        return _clause(tokens, i + 1, frame)
    if word == "ORDER":
        if nxt is None or not nxt.is_word("BY"):
            return "the ORDER clause without BY", i
        frame.state = "expr"
        return None, i + 2
    if word == "UNION":
        frame.state = "clause"
        return None, i + (2 if nxt is not None and nxt.is_word("ALL", "DISTINCT") else 1)
    if word == "SHOW":
        words, end = _show_words(tokens, i)
        if not _show_allowed(words):
            return _show_refusal(words), i
        frame.state = "after"
        return None, end
    if word == "CALL":
        if nxt is not None and nxt.kind in ("word", "quoted"):
            name, end = _chain(tokens, i + 1)
            if name not in PROCEDURES:
                return f"the procedure {name}", i
            frame.state = "after"
            return None, end
        frame.state = "call"  # `{` or `(x) {` follows: a subquery
        return None, i + 1
    frame.state = "expr"
    return None, i + 1


def refusal(query: str) -> str | None:
    """Why POST /cypher refuses this query (the clause, command, procedure or function found),
    or None when it only uses what the allow-list names."""
    tokens = tokenize(query)
    return _anywhere(tokens) or _clauses(tokens)
