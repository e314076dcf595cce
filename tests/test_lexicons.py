"""The lexicons as data: conflict packs add a conflict's actors, places and cues without code, and
a cue of an undeclared category fails at load. Each case runs the CLI in a separate process on a
copy of the lexicons (CONFLICTKG_LEXICON_DIR). No database."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conflictkg.loaders.lexicon import packs, read_table, table_names

ROOT = Path(__file__).parent.parent
LEXICONS = ROOT / "loaders" / "lexicons"
TEXT = "date 2025-03-05\nKartel\n\nGunmen of Los Chapitos attacked Culiacan on Monday, killing five people.\n"


def _extract(lexicons: Path, article: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CONFLICTKG_LEXICON_DIR": str(lexicons), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-c", "from conflictkg.cli import main; main()", "extract", "--json",
                           "--lang", "en", str(article)], capture_output=True, text=True, env=env, timeout=300,
                          check=False)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "lexicons"
    shutil.copytree(LEXICONS, target)
    return target


def test_the_packs_of_the_evaluated_conflicts_exist_and_load() -> None:
    assert {"russia-ukraine", "israel-palestine-lebanon", "sudan", "dr-congo", "myanmar", "sahel",
            "south-asia"} <= set(packs())
    assert "conflicts/russia-ukraine/places.tsv" in table_names("places.tsv")
    assert "conflicts/russia-ukraine/en/cues.tsv" in table_names("en/cues.tsv")
    # the weapons of one war live in its pack, not in the language's cues
    core = {c for row in read_table("en/cues.tsv") for c in row["cue"].split("|")}
    assert "shahed*" not in core and "iskander*" not in core


def test_a_new_pack_adds_a_conflicts_armed_group(copy: Path, tmp_path: Path) -> None:
    article = tmp_path / "mexico.txt"
    article.write_text(TEXT, encoding="utf-8")
    before = json.loads(_extract(copy, article).stdout)
    pack = copy / "conflicts" / "mexico"
    pack.mkdir()
    (pack / "organizations.tsv").write_text(
        "# Armed groups of Mexico's cartel war, for a test\nname\tkind\tcountry\tvariants\n"
        "Los Chapitos\tarmed_group\tMX\tLos Chapitos|Chapitos\n", encoding="utf-8")
    result = _extract(copy, article)
    assert result.returncode == 0, result.stderr[-2000:]
    after = json.loads(result.stdout)

    def groups(doc: dict) -> set[str]:
        return {n["properties"]["name"] for n in doc["nodes"] if n["properties"].get("kind") == "armed_group"}

    assert "Los Chapitos" not in groups(before) and "Los Chapitos" in groups(after)
    perps = {r["start"] for r in after["relationships"] if r["type"] == "PERPETRATED"}
    assert perps == {"actor:los-chapitos"}


def test_a_cue_of_an_undeclared_category_fails_at_load(copy: Path, tmp_path: Path) -> None:
    article = tmp_path / "mexico.txt"
    article.write_text(TEXT, encoding="utf-8")
    cues = copy / "en" / "cues.tsv"
    cues.write_text(cues.read_text(encoding="utf-8") + "\nmachete|machetes\tweapon_kind\tblade\n", encoding="utf-8")
    result = _extract(copy, article)
    assert result.returncode != 0
    assert "en/cues.tsv" in result.stderr and "'weapon_kind'" in result.stderr
    assert "cue_categories.tsv" in result.stderr


GERMAN_WORDS = ("der die das und ist nicht ein eine zu von mit sich des auf für im dem den wurde wurden bei "
                "nach aus auch es sie er hat haben sind war")


def test_language_detection_takes_every_language_pack(copy: Path, tmp_path: Path) -> None:
    german = copy / "de"
    shutil.copytree(copy / "en", german)
    (german / "function_words.tsv").write_text(
        "# German function words, for a test\nword\n" + "\n".join(GERMAN_WORDS.split()) + "\n", encoding="utf-8")
    probe = ("from conflictkg.languages import SUPPORTED; from conflictkg.loaders.language import detect_language;"
             "import sys; print(SUPPORTED, detect_language(sys.argv[1]), detect_language(sys.argv[2]))")
    de = ("Bei dem Angriff auf die Stadt wurden nach Angaben der Behörden drei Menschen getötet und es gab auch "
          "viele Verletzte, die in ein Krankenhaus gebracht wurden, sagte der Bürgermeister der Stadt am Montag.")
    en = ("Three people were killed and many others were injured in the attack on the city on Monday, the "
          "mayor said, adding that the wounded had been taken to a hospital in the north of the region.")
    env = {**os.environ, "CONFLICTKG_LEXICON_DIR": str(copy)}
    out = subprocess.run([sys.executable, "-c", probe, de, en], capture_output=True, text=True, env=env,
                         timeout=300, check=True).stdout.strip()
    assert out == "('nl', 'de', 'en') de en"
