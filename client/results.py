"""The API's response models with analysis methods added (the fields are the API's own).

`Network` is a `NetworkPublic`, `Path` a `PathPublic`, `CypherRows` a `CypherResult`: each only
adds conversions to networkx, pandas or a matplotlib picture, which import those libraries when
called (the `analysis` extra).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from conflictkg.api.models import CypherResult, NetworkPublic, PathPublic, PathsPublic

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    from matplotlib.axes import Axes


class Network(NetworkPublic):
    """An actor's neighbourhood: nodes, the edges between them, and helpers to analyse it."""

    def to_networkx(self) -> nx.MultiDiGraph[str]:
        """A networkx MultiDiGraph: nodes keyed by id with label/name/kind, edges keyed by
        relationship type with their evidence; `graph.graph["root"]` is the actor's id."""
        from conflictkg.client.analysis import network_to_networkx

        return network_to_networkx(self)

    def plot(self, ax: Axes | None = None, **options: Any) -> Axes:
        """Draw the network with matplotlib: nodes labelled by name and coloured by kind (actors)
        or label (events); returns the Axes. Options: see `conflictkg.client.plot_network`."""
        from conflictkg.client.analysis import plot_network

        return plot_network(self, ax=ax, **options)


class Path(PathPublic):
    """One shortest path between two actors."""

    def to_networkx(self) -> nx.MultiDiGraph[str]:
        """The path as a networkx MultiDiGraph (nodes by id, edges keyed by type)."""
        from conflictkg.client.analysis import paths_to_networkx

        return paths_to_networkx([self])


class PathsPage(PathsPublic):
    """The API's PathsPublic with its items read as `Path`."""

    items: list[Path]  # type: ignore[assignment]


class CypherRows(CypherResult):
    """The rows of a cypher() query; `to_dataframe()` puts them in a DataFrame."""

    def to_dataframe(self) -> pd.DataFrame:
        """One row per result row, one column per returned column (in the query's order)."""
        from conflictkg.client.analysis import require

        pandas = require("pandas", "CypherRows.to_dataframe()")
        frame: pd.DataFrame = pandas.DataFrame(self.rows, columns=self.columns)
        return frame
