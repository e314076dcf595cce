"""Loading when things go wrong: an article over its extraction time budget is refused whole, and a
load whose Neo4j goes away stops with one clear message and resumes with the same command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import neo4j
import pytest
from fastapi.testclient import TestClient

from conflictkg.api.main import create_app
from conflictkg.errors import ExtractionTimeout
from conflictkg.graph.connection import create_driver
from conflictkg.ingest.service import Ingestor
from conflictkg.localdb import LocalServer
from conflictkg.settings import Settings
from tests.api_support import API_KEY, api_settings, assert_problem
from tests.conftest import counts, neo4j_env
from tests.neo4j_server import local_test_settings

ROOT = Path(__file__).parent.parent
SEED = ROOT / "examples" / "seed-nl-paris-summit.txt"
ARTICLES = sorted((ROOT / "tests" / "articles").glob("*.txt"))


def _long_article(copies: int = 40) -> str:
    """The seed's text repeated: long enough that a budget of a few milliseconds runs out."""
    header, _, body = SEED.read_text(encoding="utf-8").partition("\n")
    return header + "\n" + "\n\n".join(body for _ in range(copies))


def test_an_article_over_its_time_budget_is_refused_and_nothing_written(db: neo4j.Driver) -> None:
    ingest = Ingestor(db, time_budget=0.005)
    with pytest.raises(ExtractionTimeout, match=r"the long one: extraction ran over its time budget of 0\.005 s"):
        ingest.ingest_text(_long_article(), name="the long one")
    assert counts(db) == (0, 0)
    # the same text within a budget goes in
    assert Ingestor(db, time_budget=120).ingest_text(_long_article(2)).status == "created"


def test_post_articles_answers_422_over_the_budget(db: neo4j.Driver, settings: Settings) -> None:
    app = create_app(api_settings(settings, extract_timeout=0.005))
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.post("/articles", json={"text": _long_article()}, headers={"X-API-Key": API_KEY})
        problem = assert_problem(r, 422)
    assert problem["type"].endswith("extraction-timeout") and "time budget" in problem["detail"]
    assert counts(db) == (0, 0)


def _load(server: LocalServer, folder: Path) -> subprocess.Popen[str]:
    env = {**os.environ, **neo4j_env(server.settings.model_copy(update={"neo4j_uri": server.uri})),
           "COLUMNS": "200"}
    # Small write batches, so that the load is half-way when the server is stopped.
    return subprocess.Popen([sys.executable, "-c", "from conflictkg.cli import main; main()", "load", str(folder),
                             "--batch-size", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _articles(server: LocalServer) -> int:
    settings = server.settings.model_copy(update={"neo4j_uri": server.uri})
    with create_driver(settings) as driver:
        rows, _, _ = driver.execute_query("MATCH (a:Article) RETURN count(a) AS n")
        return int(rows[0]["n"])


@pytest.mark.slow
def test_a_load_whose_database_goes_away_stops_cleanly_and_resumes(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(3):  # distinct texts, so every file is an article of its own
        for article in ARTICLES:
            text = article.read_text(encoding="utf-8") + f"\n\n(copy {i})"
            (folder / f"{i}-{article.name}").write_text(text, encoding="utf-8")
    total = 3 * len(ARTICLES)
    server = LocalServer(local_test_settings(tmp_path_factory))
    server.start()
    try:
        load = _load(server, folder)
        deadline = time.monotonic() + 180
        while _articles(server) < 3:
            assert load.poll() is None, load.communicate()
            assert time.monotonic() < deadline, "the load wrote nothing in 3 minutes"
            time.sleep(0.2)
        server.stop()
        out, errors = load.communicate(timeout=180)
        assert load.returncode == 3, out + errors
        assert "Traceback" not in errors
        assert f"Neo4j at {server.uri}" in errors and "went away" in errors
        assert "article(s) were not" in errors and f"conflictkg load {folder} --batch-size 2" in errors
        assert "loaded " in out  # the summary of what was written

        server.start()
        written = _articles(server)
        assert 3 <= written < total
        again = _load(server, folder)
        out, errors = again.communicate(timeout=600)
        assert again.returncode == 0, out + errors
        assert f"({written} skipped without extracting)" in out
        assert _articles(server) == total
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
