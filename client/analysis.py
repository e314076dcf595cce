"""Results to pandas, networkx and matplotlib, for notebooks.

These need the `analysis` extra (`pip install "conflictkg[analysis]"`); each library is imported
when a conversion is called, never when the client is imported.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Iterable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    from matplotlib.axes import Axes

    from conflictkg.api.models import NetworkPublic, PathPublic

INSTALL_HINT = 'pip install "conflictkg[analysis]"'
_DATE_COLUMNS = ("date_start", "date_end")


def require(module: str, feature: str) -> ModuleType:
    """Import `module` for `feature`, or say which extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        top = module.split(".")[0]
        raise ImportError(
            f"{feature} needs {top}, which is not installed. Install the analysis extra: "
            f"{INSTALL_HINT}"
        ) from exc


# -- pandas -------------------------------------------------------------------------------------


def _is_evidence(key: str) -> bool:
    return key == "evidence" or key.endswith("_evidence")


def _flatten(row: dict[str, Any], evidence: bool, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        name = prefix + key
        if _is_evidence(key) and not evidence:
            continue
        if isinstance(value, dict):
            out.update(_flatten(value, evidence, prefix=f"{name}."))
        elif (not _is_evidence(key) and isinstance(value, list) and value
              and all(isinstance(v, dict) and "id" in v for v in value)):
            # Participants (actors, targets, agreements): their names, ids where unnamed.
            out[name] = [v.get("name") or v["id"] for v in value]
        else:
            out[name] = value
    return out


def _columns(model: type[BaseModel], evidence: bool) -> list[str]:
    columns: list[str] = []
    for key, info in model.model_fields.items():
        if _is_evidence(key) and not evidence:
            continue
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            columns += [f"{key}.{sub}" for sub in _columns(annotation, evidence)]
        else:
            columns.append(key)
    return columns


def to_dataframe(
    items: Iterable[BaseModel], *, evidence: bool = False, model: type[BaseModel] | None = None
) -> pd.DataFrame:
    """A DataFrame with one row per result and one column per field.

    Participants (`perpetrators`, `parties`, `actors`, `targets`, …) become lists of names, nested
    objects become dotted columns (`activity.perpetrated`), `date_start`/`date_end` become
    datetimes. Evidence (the quotes) is left out unless `evidence=True`. `model` gives the
    columns when `items` is empty.
    """
    pandas = require("pandas", "to_dataframe()")
    items = list(items)
    rows = [_flatten(item.model_dump(mode="python"), evidence) for item in items]
    if model is None and items:
        model = type(items[0])
    columns = _columns(model, evidence) if model is not None else None
    if columns is not None and rows:
        columns += [k for k in rows[0] if k not in columns]
    frame: pd.DataFrame = pandas.DataFrame(rows, columns=columns)
    for column in _DATE_COLUMNS:
        if column in frame:
            frame[column] = pandas.to_datetime(frame[column])
    return frame


# -- networkx -----------------------------------------------------------------------------------


def _evidence(items: Sequence[BaseModel]) -> list[dict[str, Any]]:
    return [e.model_dump() for e in items]


def network_to_networkx(network: NetworkPublic) -> nx.MultiDiGraph[str]:
    """Nodes keyed by id (label, name, kind), edges keyed by relationship type (evidence)."""
    networkx = require("networkx", "to_networkx()")
    graph: nx.MultiDiGraph[str] = networkx.MultiDiGraph(root=network.root, depth=network.depth,
                                                        truncated=network.truncated)
    for node in network.nodes:
        graph.add_node(node.id, label=node.label, name=node.name, kind=node.kind)
    for edge in network.edges:
        graph.add_edge(edge.source, edge.target, key=edge.type, type=edge.type,
                       evidence=_evidence(edge.evidence))
    return graph


def paths_to_networkx(paths: Iterable[PathPublic]) -> nx.MultiDiGraph[str]:
    """The union of paths: nodes keyed by id (label, name), edges keyed by relationship type."""
    networkx = require("networkx", "to_networkx()")
    graph: nx.MultiDiGraph[str] = networkx.MultiDiGraph()
    for path in paths:
        for node in path.nodes:
            graph.add_node(node.id, label=node.label, name=node.name)
        for edge in path.edges:
            graph.add_edge(edge.source, edge.target, key=edge.type, type=edge.type,
                           evidence=_evidence(edge.evidence))
    return graph


# -- matplotlib ---------------------------------------------------------------------------------


def node_group(label: str, kind: str | None, color_by: str) -> str:
    """The colour group of a node: an actor's kind (country, person, …), else its label."""
    if color_by == "label":
        return label
    return kind if label == "Actor" and kind else label


def plot_network(
    network: NetworkPublic,
    ax: Axes | None = None,
    *,
    color_by: str = "kind",
    layout: str = "rings",
    seed: int = 7,
    edge_labels: bool = False,
    legend: bool = True,
    node_size: int = 900,
    font_size: int = 8,
    title: str | None = None,
) -> Axes:
    """Draw a network with matplotlib (through networkx) and return the Axes.

    Nodes are labelled by name and coloured by `color_by`: "kind" (an actor's kind, an event's
    label) or "label". The actor the network is about is drawn in the middle with a thick
    outline. `layout="rings"` puts the nodes one relationship away on a ring around it, those two
    away on the next ring (near their neighbours on the first), and so on; `layout="spring"` is
    networkx's force-directed layout (`seed` fixes it). `edge_labels=True` writes each
    relationship type on its edge. Pass `ax` to draw into an existing figure.
    """
    if color_by not in ("kind", "label"):
        raise ValueError(f"color_by must be 'kind' or 'label', not {color_by!r}")
    if layout not in ("rings", "spring"):
        raise ValueError(f"layout must be 'rings' or 'spring', not {layout!r}")
    networkx = require("networkx", "plot()")
    pyplot = require("matplotlib.pyplot", "plot()")
    graph = network_to_networkx(network)
    if ax is None:
        _, ax = pyplot.subplots(figsize=(10, 7))
    if not graph:
        ax.set_axis_off()
        ax.set_title(title or f"{network.root}: no neighbours")
        return ax

    groups = {n: node_group(d["label"], d.get("kind"), color_by) for n, d in graph.nodes(data=True)}
    if layout == "rings" and network.root in graph:
        positions = _rings(graph, network.root, groups)
    else:
        positions = networkx.spring_layout(networkx.Graph(graph), seed=seed,
                                           k=3.0 / len(graph) ** 0.5, iterations=200)
    palette = pyplot.get_cmap("tab20" if len(set(groups.values())) > 10 else "tab10")
    colours = {g: palette(i % palette.N) for i, g in enumerate(sorted(set(groups.values())))}
    nodes = list(graph.nodes)
    networkx.draw_networkx_edges(graph, positions, ax=ax, alpha=0.45, arrows=True,
                                 arrowsize=12, node_size=node_size, edge_color="#555555")
    networkx.draw_networkx_nodes(
        graph, positions, nodelist=nodes, ax=ax, node_size=node_size,
        node_color=[colours[groups[n]] for n in nodes],
        edgecolors=["black" if n == network.root else "white" for n in nodes],
        linewidths=[2.5 if n == network.root else 1.0 for n in nodes],
    )
    names = {n: _short(d.get("name") or n) for n, d in graph.nodes(data=True)}
    networkx.draw_networkx_labels(graph, positions, labels=names, ax=ax, font_size=font_size)
    if edge_labels:
        types: dict[tuple[str, str], list[str]] = {}
        for source, target, kind in graph.edges(keys=True):
            types.setdefault((source, target), []).append(kind)
        networkx.draw_networkx_edge_labels(
            networkx.DiGraph(graph), positions, ax=ax, font_size=max(font_size - 2, 5),
            edge_labels={pair: ", ".join(sorted(ts)) for pair, ts in types.items()},
        )
    if legend:
        from matplotlib.lines import Line2D

        handles = [Line2D([], [], marker="o", linestyle="", markersize=9, color=c, label=g)
                   for g, c in colours.items()]
        ax.legend(handles=handles, loc="best", fontsize=font_size, frameon=False)
    root = graph.nodes[network.root].get("name") if network.root in graph else None
    suffix = ", truncated" if network.truncated else ""
    ax.set_title(title or f"{root or network.root}: depth {network.depth}, "
                          f"{len(graph)} nodes{suffix}")
    if layout == "rings":
        ax.set_aspect("equal")
    ax.margins(0.08)
    ax.set_axis_off()
    return ax


def _rings(graph: nx.MultiDiGraph[str], root: str, groups: dict[str, str]
           ) -> dict[str, tuple[float, float]]:
    """Positions for an ego network: the root in the middle, the nodes n relationships away
    (ignoring direction) on the n-th ring. The first ring is ordered by colour group; a node
    further out sits near the mean angle of its neighbours on the ring inside it."""
    import networkx

    undirected = graph.to_undirected(as_view=True)
    distance = networkx.single_source_shortest_path_length(undirected, root)
    far = max(distance.values()) + 1  # unreachable nodes (none expected) on an outer ring
    rings: dict[int, list[str]] = {}
    for node in graph:
        rings.setdefault(distance.get(node, far), []).append(node)
    names = {n: str(d.get("name") or n) for n, d in graph.nodes(data=True)}
    angle: dict[str, float] = {root: 0.0}
    for level in sorted(rings):
        if level == 0:
            continue
        ring = rings[level]
        if level == 1:
            ring.sort(key=lambda n: (groups[n], names[n]))
            wanted = {n: 2 * math.pi * i / len(ring) for i, n in enumerate(ring)}
        else:
            wanted = {}
            for n in ring:
                inner = [angle[m] for m in undirected[n] if distance.get(m) == level - 1]
                if inner:
                    x = sum(math.cos(a) for a in inner)
                    y = sum(math.sin(a) for a in inner)
                    wanted[n] = math.atan2(y, x) % (2 * math.pi)
                else:
                    wanted[n] = 0.0
            ring.sort(key=lambda n: (wanted[n], groups[n], names[n]))
        # Evenly spaced in that order, turned so the nodes sit as near their angles as they can.
        step = 2 * math.pi / len(ring)
        turn = math.atan2(sum(math.sin(wanted[n] - i * step) for i, n in enumerate(ring)),
                          sum(math.cos(wanted[n] - i * step) for i, n in enumerate(ring)))
        for i, n in enumerate(ring):
            angle[n] = turn + i * step
    return {n: (0.0, 0.0) if n == root else
            (distance.get(n, far) * math.cos(angle[n]), distance.get(n, far) * math.sin(angle[n]))
            for n in graph}


def _short(text: str, width: int = 28) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
