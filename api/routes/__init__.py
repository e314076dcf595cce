"""One router per resource.

Reads (`read_routers`) get the key check only when CONFLICTKG_API_READ_AUTH asks for it (see
`api.main.create_app`): with open reads a dependency that checks nothing would still be solved on
every request, and declared in the OpenAPI document as if a key were needed.
"""

from conflictkg.api.routes import (
    actors,
    agreements,
    articles,
    cypher,
    events,
    health,
    paths,
)

open_routers = [health.router]
read_routers = [
    health.stats_router,
    actors.router,
    agreements.router,
    events.router,
    paths.router,
    articles.router,
]
# Each write route declares the key scope it needs.
write_routers = [articles.write_router, cypher.router]
