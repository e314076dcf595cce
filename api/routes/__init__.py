"""One router per resource."""

from conflictkg.api.routes import (
    actors,
    agreements,
    articles,
    cypher,
    events,
    health,
    paths,
)

routers = [
    health.router,
    health.stats_router,
    actors.router,
    agreements.router,
    events.router,
    paths.router,
    articles.router,
    cypher.router,
]
