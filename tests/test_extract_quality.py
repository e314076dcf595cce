"""Precision and recall on the project's own annotated articles (tests/articles, the seed, and
the held-out set written without looking at the extractor's rules). The figures are printed;
the floors below keep them from sliding back."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictkg.evaluation.scoring import CATEGORIES, SLOTS, Tally, overall, score_directory

ROOT = Path(__file__).parent.parent
SETS = {
    "tuning": [ROOT / "tests" / "articles", ROOT / "examples"],
    "held-out": [ROOT / "tests" / "heldout"],
}
FLOORS = {"tuning": (0.82, 0.86), "held-out": (0.78, 0.74)}  # precision, recall over all facts


@pytest.mark.parametrize("name", SETS)
def test_precision_and_recall(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    totals = {c: Tally() for c in CATEGORIES + SLOTS}
    articles = 0
    for d in SETS[name]:
        part, per_article = score_directory(d)
        articles += len(per_article)
        for c in totals:
            totals[c].add(part[c])
    assert articles >= 7
    with capsys.disabled():
        print(f"\n{name}: {articles} articles")
        for c in CATEGORIES + SLOTS:
            t = totals[c]
            print(f"  {c:<13} P {t.precision:.2f}  R {t.recall:.2f}  ({t.tp_expected}/{t.expected} expected found)")
    all_ = overall(totals)
    p_min, r_min = FLOORS[name]
    assert all_.precision >= p_min and all_.recall >= r_min, (all_.precision, all_.recall)
    assert totals["attacks"].recall >= 0.9
    assert not [x for x in totals["actors"].extras if x.startswith("FORBIDDEN")]


def test_annotations_cover_both_languages() -> None:
    names = [p.name for d in SETS["tuning"] + SETS["held-out"] for p in d.glob("*.expected.yaml")]
    assert sum(n.startswith("nl-") for n in names) >= 3 and sum(n.startswith("en-") for n in names) >= 3


def test_evaluate_names_the_expected_graph_it_cannot_read(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from conflictkg.cli import app

    (tmp_path / "a.txt").write_text("date 2025-03-27\nKyiv said Moscow broke the truce.\n", encoding="utf-8")
    (tmp_path / "a.expected.yaml").write_text("language: en\nmust_not_contain:\n  actors: [On]\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "a.expected.yaml: must_not_contain.actors[0] is True" in " ".join(result.output.split())
    assert "Traceback" not in result.output
