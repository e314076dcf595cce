"""Bad input gets a clear error naming the file and the problem; good input of every accepted
form is read."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from conflictkg.cli import app
from conflictkg.errors import InputError
from conflictkg.loaders.extract import extract_file, extract_text

EN = "date 2025-04-15\nRussia launched missiles at Odesa overnight, killing at least three people, the governor said."
runner = CliRunner()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (b"   \n\t  \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"date 2025-13\nRussia attacked Kharkiv.", "cannot read the date"),
        (b"date 2025-04-15\n", "no text"),
        ("Der Krieg geht weiter. Russland hat in der Nacht Drohnen auf Kiew abgefeuert, teilte die "
         "Regierung mit. Mindestens drei Menschen wurden getötet.".encode(), "not in a supported language"),
    ],
)
def test_bad_input_is_refused_with_the_file_named(tmp_path: Path, content: bytes, problem: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(InputError) as err:
        extract_file(f)
    assert str(f) in str(err.value) and problem in str(err.value)
    result = runner.invoke(app, ["extract", str(f), "--json"])
    assert result.exit_code == 1
    assert problem in result.output


def test_too_large(tmp_path: Path) -> None:
    f = tmp_path / "huge.txt"
    f.write_bytes(EN.encode() + b" x" * (3 * 1024 * 1024))
    with pytest.raises(InputError, match="5 MB"):
        extract_file(f)


def test_unknown_language_flag() -> None:
    with pytest.raises(InputError, match="supported"):
        extract_text(EN, language="de")


def test_encodings_and_html(tmp_path: Path) -> None:
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("date 2025-03-22\nRusland en Oekraïne beschuldigen elkaar van schendingen.".encode("latin-1"))
    assert extract_file(latin).article.language == "nl"
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + EN.encode())
    doc = extract_file(bom)
    assert doc.article.published == "2025-04-15"
    html = tmp_path / "page.html"
    html.write_text(
        "<html><head><title>Strike on Odesa</title><script>var x = 'Moscow';</script></head><body>"
        "<p>Russia launched missiles at Odesa overnight, killing at least three people.</p></body></html>",
        encoding="utf-8",
    )
    doc = extract_file(html, published="2025-04-15")
    assert doc.article.title == "Strike on Odesa"
    attack = next(n for n in doc.nodes if n.label == "Attack")
    assert (attack.properties["killed"], attack.properties["killed_qualifier"]) == (3, "at_least")


def test_evidence_points_into_the_original_text() -> None:
    doc = extract_text(EN)
    for item in [*doc.nodes, *doc.relationships]:
        for ev in item.evidence:
            assert EN[ev.start : ev.end] == ev.quote


def test_same_text_same_ids() -> None:
    a, b = extract_text(EN), extract_text(EN)
    assert a.model_dump() == b.model_dump()


def test_hypothetical_attacks_are_not_reported() -> None:
    doc = extract_text(
        "date 2025-04-15\nIf Russia were to attack Kyiv again, the allies would respond. "
        "Moscow threatened to strike Lviv with missiles. Als Moskou er een zou lanceren, reageren we.",
        language="en",
    )
    assert not [n for n in doc.nodes if n.label == "Attack"]


def test_cli_extract_summary_and_json(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(EN, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(f)])
    assert result.exit_code == 0 and "Attack" in result.output
    result = runner.invoke(app, ["extract", str(f), "--json", "--lang", "en", "--date", "2025-04-16"])
    assert result.exit_code == 0
    assert '"published": "2025-04-16"' in result.output
