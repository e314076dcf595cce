"""Event ids hash a canonical JSON text of the event's key fields. The text comes from an encoder
made once (graph/ids.py); it must stay the text json.dumps gives, or every id of every graph
already written would change."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictkg.graph import ids

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    st.dates(),  # not JSON: written as str() (the `default`)
)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.text(max_size=6), inner, max_size=4), max_leaves=12)


def _dumps_id(prefix: str, key: dict[str, Any]) -> str:
    canonical = json.dumps(key, sort_keys=True, ensure_ascii=False, default=str)
    return f"{prefix}:{hashlib.sha256(canonical.encode('utf-8')).hexdigest()[:16]}"


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=8), VALUES, max_size=6))
def test_event_ids_hash_what_json_dumps_writes(key: dict[str, Any]) -> None:
    assert ids.event_id("attack", **key) == _dumps_id("attack", key)


def test_the_keys_events_have_keep_their_ids() -> None:
    key = {"date": "2025-03-27", "method": "drone", "perpetrators": ["actor:russia"],
           "targets": ["location:kharkiv", "location:odesa"], "sentence": 4, "killed": None,
           "quote": "Tab\there, “quoted” and \"escaped\", Київ \u2028", "when": date(2025, 3, 27)}
    assert ids.event_id("attack", **key) == _dumps_id("attack", key)
