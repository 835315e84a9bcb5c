"""One official id per person and place, whatever wording of the post an outlet uses."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from nlp.annotate import annotate, load_resources
from nlp.jurisdiction import jurisdiction_of
from pipeline import store
from pipeline.process.officials import OfficialsRegistry


@pytest.fixture(scope="module")
def gaz():  # type: ignore[no-untyped-def]
    return load_resources().gazetteer


@pytest.mark.parametrize(
    ("position", "organisation", "expected"),
    [
        ("Bupati Lumajang", "Lumajang", "Kabupaten Lumajang"),
        ("Bupati Kabupaten Lumajang", "Kabupaten Lumajang", "Kabupaten Lumajang"),
        ("Wali Kota Bekasi", "Bekasi", "Kota Bekasi"),
        ("Bupati Bekasi", "Bekasi", "Kabupaten Bekasi"),
        ("Kepala Dinas Kesehatan Kota Kendari", "Dinas Kesehatan Kota Kendari", "Kota Kendari"),
        ("Gubernur Sultra", "Sultra", "Sulawesi Tenggara"),
        ("Kepala BKN", "BKN", "BKN"),
        ("Menteri PANRB", "PANRB", "PANRB"),
    ],
)
def test_the_place_a_post_names_is_its_jurisdiction(gaz, position, organisation, expected) -> None:  # type: ignore[no-untyped-def]
    assert jurisdiction_of(position, organisation, gazetteer=gaz) == expected


def test_a_bare_post_serves_where_the_story_happens(gaz) -> None:  # type: ignore[no-untyped-def]
    res = load_resources()
    ann = annotate(
        "KENDARI – Inspektorat Kota Kendari memulai evaluasi zona integritas di 12 OPD.\n"
        "\u201cSemua unit wajib siap,\u201d kata Inspektur, Laode Marzuki, Senin.",
        resources=res,
    )
    [official] = ann.officials
    assert official.name == "Laode Marzuki" and official.jurisdiction == "Kota Kendari"
    # with no place in the story either, there is nothing to key on
    assert jurisdiction_of("Inspektur", None, gazetteer=gaz) is None


def test_wordings_and_spellings_of_one_person_get_one_id(tmp_path: Path) -> None:
    res = load_resources()
    texts = [
        "LUMAJANG – Bupati Lumajang Budi Santoso meluncurkan mal pelayanan publik.",
        "Bupati Kabupaten Lumajang, Budi Santoso, meninjau layanan perizinan.",
        "Bupati Lumajang Budi Santosa menandatangani pakta integritas.",  # an outlet's misspelling
        "Bupati Bekasi Budi Santoso membuka rapat SAKIP.",  # a namesake elsewhere
    ]
    con = store.connect(tmp_path / "o.duckdb")
    store.migrate(con)
    registry = OfficialsRegistry(con)
    when = datetime(2025, 7, 1, tzinfo=UTC)
    ids = []
    for text in texts:
        [o] = annotate(text, resources=res).officials
        ids.append(registry.resolve(o.name, o.jurisdiction, when))
    assert ids[0] == ids[1] == ids[2]
    assert ids[3] != ids[0]
    with store.transaction(con):
        registry.flush(con)
    rows = con.execute("select name, jurisdiction from officials order by jurisdiction").fetchall()
    assert rows == [("Budi Santoso", "Kabupaten Bekasi"), ("Budi Santoso", "Kabupaten Lumajang")]
    con.close()
