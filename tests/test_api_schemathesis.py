"""The OpenAPI document tells the truth: schemathesis generates requests from it and checks every
answer (status codes, content types, bodies, headers, auth) against a live server on real data.

Bounded to stay near a minute: a fixed seed and a fixed number of examples per operation. The
configuration (tests/schemathesis.toml) says why two operations may answer 422 to schema-valid input.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import neo4j
import pytest

from conflictkg.api.main import create_app
from conflictkg.settings import Settings
from tests.api_support import API_KEY, api_settings, load_articles, uvicorn_thread

CONFIG = Path(__file__).with_name("schemathesis.toml")


def _schemathesis(base: str, *extra: str, examples: int) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable, "-m", "schemathesis.cli", "--config-file", str(CONFIG), "run",
        f"{base}/openapi.json", "--checks", "all", "--seed", "20261201",
        "--max-examples", str(examples), "--no-color", *extra,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=900)


@pytest.mark.slow
@pytest.mark.parametrize("read_auth", [False, True], ids=["open-reads", "closed-reads"])
def test_schemathesis_finds_no_contract_failure(db: neo4j.Driver, settings: Settings, read_auth: bool) -> None:
    load_articles(db, settings.neo4j_database)
    app = create_app(api_settings(settings, api_read_auth=read_auth))
    with uvicorn_thread(app) as base:
        started = time.monotonic()
        run = _schemathesis(base, "-H", f"X-API-Key: {API_KEY}", examples=5 if read_auth else 10)
        took = time.monotonic() - started
    report = run.stdout + run.stderr
    assert run.returncode == 0, report[-6000:]
    assert "passed" in report and "failures" not in report.split("SUMMARY")[-1], report[-3000:]
    print(f"schemathesis ({'closed' if read_auth else 'open'} reads): {took:.0f} s, "
          + report.strip().splitlines()[-1])
