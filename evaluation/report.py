"""The cross-article evaluation as rich renderables: the scores table, node counts, and the mentions
behind the figures (not found, wrong merges, missed merges)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from conflictkg.evaluation.clusters import Mention
from conflictkg.evaluation.crossdoc import CrossDocReport


def _f(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def scores_table(report: CrossDocReport) -> Table:
    cds = report.set
    table = Table("category", "mentions", "not found", "scored", "nodes", "gold clusters", "merged pairs",
                  "gold pairs", "merge P", "merge R", "B³ P", "B³ R", "B³ F1",
                  title=f"cross-article merges: {len(cds.articles)} articles, {len(cds.clusters)} clusters")
    for category in [*cds.categories, None]:
        s = report.scores(category)
        table.add_row(category or "all", str(report.annotated(category)), str(len(report.missing(category))),
                      str(s.mentions), str(s.nodes), str(s.clusters), str(s.merged_pairs), str(s.gold_pairs),
                      _f(s.precision), _f(s.recall), _f(s.bcubed_precision), _f(s.bcubed_recall), _f(s.bcubed_f1),
                      style="bold" if category is None else None)
    return table


def nodes_table(report: CrossDocReport) -> Table:
    """Every fact of the set's articles (annotated or not): one per report, and the nodes they are."""
    table = Table("label", "facts extracted", "graph nodes", title="all extracted events: reports vs nodes")
    for label, count in sorted(report.labels.items()):
        table.add_row(label, str(count.mentions), str(len(count.nodes)))
    return table


def _mentions(report: CrossDocReport, ms: list[Mention]) -> str:
    return "; ".join(str(m) for m in ms)


def details(report: CrossDocReport) -> RenderableType:
    cds = report.set
    lines: list[Text] = []

    def line(text: str, style: str = "") -> None:
        lines.append(Text(text, style=style))

    line(f"not found by extraction ({len(report.not_found)}; not counted as merge errors):", "bold")
    for m, why in report.not_found.items():
        line(f"  {cds.describe(m)}  [{report.gold[m]}]: {why}")
    wrong = report.wrong_merges()
    line(f"wrong merges ({len(wrong)} nodes holding more than one real-world event):", "bold")
    for g in wrong:
        ids = list(g.parts)
        near = any(report.is_near_miss(a, b) for i, a in enumerate(ids) for b in ids[i + 1:])
        line(f"  node {g.key}{'  (a listed near miss)' if near else ''}:")
        for cid, ms in g.parts.items():
            line(f"    {cid}: {cds.cluster(cid).description} <- {_mentions(report, ms)}")
    missed = report.missed_merges()
    line(f"missed merges ({len(missed)} real-world events split over several nodes):", "bold")
    for g in missed:
        c = cds.cluster(g.key)
        line(f"  {c.id}: {c.description} — {len(g.parts)} nodes:")
        for node, ms in g.parts.items():
            line(f"    {node} <- {_mentions(report, ms)}")
    return Group(*lines)
