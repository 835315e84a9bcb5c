"""Region resolution stays linear on adversarial text that targets its list, venue, ranking, desk and
kota/kabupaten rules: a megabyte of each, against the budget of tests/test_hostile_text.py (a 0.5 s
base plus 8 s per megabyte, four times over, on a loaded 2-core machine)."""

from __future__ import annotations

import time

import pytest

from nlp.gazetteer import Gazetteer, load_gazetteer
from nlp.regions import resolve_regions
from tests.helpers import time_limit

MB = 1_000_000
PER_MB = 8.0


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    g = load_gazetteer()
    resolve_regions("Kota Kendari", gazetteer=g)  # builds the matchers before any clock starts
    return g


def _bounded(gaz: Gazetteer, text: str, title: str = "") -> float:
    budget = 0.5 + PER_MB * len(text) / MB
    start = time.perf_counter()
    with time_limit(4 * budget + 5):
        res = resolve_regions(text, title=title, gazetteer=gaz)
    assert all(0 < m.confidence < 1 for m in res.mentions)
    return time.perf_counter() - start


@pytest.mark.parametrize(
    "unit",
    [
        # one endless list run, opened and ranked
        "Kabupaten Sleman, Kota Bogor (Jawa Barat), Bupati Gowa Andi Rahmat, ",
        # pair names with kind wording naming other places, no full stop anywhere
        "Bupati Bogor dan Wali Kota Bekasi hadir di Bogor diikuti Pemkab Serang ",
        # venues, addresses and ranking words without a sentence end
        "di Aula Kantor Bupati Sikka, Maumere, Jl Ahmad Yani No 7, peringkat nilai di Kantor ",
        # district readings and capital towns
        "Kecamatan Karanganyar Camat Kediri di Sofifi terjadi di Desa Oesao, Kecamatan Kupang Timur, ",
        # benchmarks, comparisons and desks
        "belajar dari Kota Surabaya tertinggi setelah Kota Malang siaran pers yang diterima di Jakarta ",
    ],
)
def test_megabyte_of_one_pattern(gaz: Gazetteer, unit: str) -> None:
    _bounded(gaz, "JAKARTA – " + unit * (MB // len(unit)), title=unit)


def test_megabyte_of_list_sentences_with_back_references(gaz: Gazetteer) -> None:
    unit = (
        "Enam kabupaten mengikuti asistensi. Keenam kabupaten itu yakni Kabupaten Ende, Kabupaten Ngada "
        "dan Kabupaten Sikka. Empat daerah meraih predikat BB, yakni Kota Kupang dan Kabupaten Alor.\n"
    )
    _bounded(gaz, unit * (MB // len(unit)))
