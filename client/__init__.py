"""conflictkg.client: the conflictkg API from Python and notebooks.

    from conflictkg.client import Client
    kg = Client("http://localhost:8000")          # or CONFLICTKG_URL / CONFLICTKG_API_KEY
    kg.attacks(method="drone").to_dataframe()     # pandas, with the `analysis` extra
    kg.network("russia", depth=2).plot()          # matplotlib, through networkx

`Client` and `AsyncClient` have the same methods; results are the API's own response models
(`conflictkg.api.models`), lists are lazy pagers, errors are `ConflictKGClientError`s (see
`conflictkg.client.errors`). Importing this package starts nothing and needs no database.
"""

from conflictkg.client.aio import AsyncClient
from conflictkg.client.analysis import (
    network_to_networkx,
    paths_to_networkx,
    plot_network,
    to_dataframe,
)
from conflictkg.client.calls import Page
from conflictkg.client.config import Retry, RetryEvent
from conflictkg.client.errors import (
    BadRequest,
    ConflictKGClientError,
    Forbidden,
    Invalid,
    NotFound,
    PayloadTooLarge,
    ServerError,
    Timeout,
    Unauthorized,
    Unavailable,
    UnexpectedResponse,
)
from conflictkg.client.pages import AsyncPager, AsyncPathPager, Pager, PathPager
from conflictkg.client.results import CypherRows, Network, Path
from conflictkg.client.sync import Client

__all__ = [
    "AsyncClient",
    "AsyncPager",
    "AsyncPathPager",
    "BadRequest",
    "Client",
    "ConflictKGClientError",
    "CypherRows",
    "Forbidden",
    "Invalid",
    "Network",
    "NotFound",
    "Page",
    "Pager",
    "Path",
    "PathPager",
    "PayloadTooLarge",
    "Retry",
    "RetryEvent",
    "ServerError",
    "Timeout",
    "Unauthorized",
    "Unavailable",
    "UnexpectedResponse",
    "network_to_networkx",
    "paths_to_networkx",
    "plot_network",
    "to_dataframe",
]
