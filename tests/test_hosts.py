"""Pemda domain conventions: a government host names its kabupaten, kota or province."""

from __future__ import annotations

import pytest

from nlp.hosts import pemda_home


@pytest.mark.parametrize(
    ("host", "name", "province"),
    [
        ("tabalongkab.go.id", "Kabupaten Tabalong", "63"),
        ("diskominfo.tabalongkab.go.id:8080", "Kabupaten Tabalong", "63"),
        ("pontianakkota.go.id", "Kota Pontianak", "61"),
        ("kotabogor.go.id", "Kota Bogor", "32"),
        ("bogorkab.go.id", "Kabupaten Bogor", "32"),  # Kota and Kabupaten Bogor kept apart
        ("lampungselatankab.go.id", "Kabupaten Lampung Selatan", "18"),  # nested name, longest wins
        ("kukarkab.go.id", "Kabupaten Kutai Kartanegara", "64"),  # the press's short form
        ("kalselprov.go.id", "Kalimantan Selatan", "63"),  # the press's abbreviation
        ("ntbprov.go.id", "Nusa Tenggara Barat", "52"),
        ("acehprov.go.id", "Aceh", "11"),
    ],
)
def test_pemda_domains_name_their_region(host: str, name: str, province: str) -> None:
    home = pemda_home(host)
    assert home is not None and (home.name, home.province_code) == (name, province)
    assert home.evidence.startswith("pemda domain ") and name in home.evidence


@pytest.mark.parametrize(
    "host", ["menpan.go.id", "kompas.com", "tabalongkab.go.id.example.com", "xyzkab.go.id", "kab.go.id", ""]
)
def test_other_hosts_name_no_region(host: str) -> None:
    assert pemda_home(host) is None
