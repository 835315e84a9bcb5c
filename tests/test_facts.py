"""Reported RB results (nlp/facts.py): each metric in its spelled and numeric forms, the statuses,
ranking lists, units kept apart from their pemda, and the sentences that must give no fact.

Every sentence is written for this test (invented people, real places), in the forms regional news
uses; the expected facts are what the sentence writes, nothing more (LABELLING.md, "Facts").
"""

from __future__ import annotations

import doctest
from functools import lru_cache

import pytest

import nlp.facts
import nlp.metrics
import nlp.subjects
import nlp.values
from nlp.annotate import Resources, annotate, load_resources
from nlp.facts import STATUSES, extract_facts
from nlp.metrics import METRIC_KEYS, compile_metric_rules, load_metric_rules
from nlp.passages import split_passages
from nlp.regions import resolve_regions
from pipeline.fixture_site.articles import gold_vocabulary

Row = tuple[str, str, str, int | None, str]


@lru_cache(maxsize=1)
def _res() -> Resources:
    return load_resources()


def facts_of(text: str, title: str = "") -> list[Row]:
    res = _res()
    passages = split_passages(text, title=title, rules=res.relevance.passages)
    regions = resolve_regions(text, title=title, gazetteer=res.gazetteer)
    found = extract_facts(passages, regions=regions, rules=res.metrics, gazetteer=res.gazetteer)
    return [(f.subject, f.metric, f.value, f.year, f.status) for f in found]


@pytest.mark.parametrize("module", [nlp.values, nlp.metrics, nlp.subjects, nlp.facts])
def test_docstring_examples(module: object) -> None:
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)  # type: ignore[arg-type]
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # SAKIP: predicate with its score, year after the value, the previous predicate of a change
        (
            "Pemkab Tulungagung kembali meraih predikat BB dalam evaluasi SAKIP 2024 dengan nilai 74,21.",
            [("Kabupaten Tulungagung", "sakip_predicate", "BB", 2024, "announced")],
        ),
        (
            "Nilai SAKIP Pemkot Kendari naik dari predikat B pada SAKIP 2023 menjadi BB pada SAKIP 2024.",
            [
                ("Kota Kendari", "sakip_predicate", "B", 2023, "previous"),
                ("Kota Kendari", "sakip_predicate", "BB", 2024, "announced"),
            ],
        ),
        # RB index: a number with its predicate; "tahun penilaian"; the baseline of a comparison
        (
            "Indeks reformasi birokrasi Pemkab Pringsewu tahun penilaian 2024 tercatat 64,50 atau predikat B, "
            "turun tipis dibanding tahun sebelumnya 65,10.",
            [
                ("Kabupaten Pringsewu", "rb_index", "64.5", 2024, "announced"),
                ("Kabupaten Pringsewu", "rb_index", "65.1", None, "previous"),
            ],
        ),
        # SPBE: Indonesian decimal, category spelled out; the target after a target word
        (
            "Indeks SPBE Kota Singkawang pada 2024 tercatat 2,98 atau kategori baik. Pemkot menargetkan "
            "indeks SPBE naik ke kategori sangat baik pada 2025.",
            [
                ("Kota Singkawang", "spbe_index", "2.98", 2024, "announced"),
                ("Kota Singkawang", "spbe_index", "sangat baik", 2025, "target"),
            ],
        ),
        # the unit that won is the subject, kept apart from its pemda
        (
            "Dinas Kependudukan dan Pencatatan Sipil (Disdukcapil) Kabupaten Wonosobo resmi menyandang "
            "predikat Wilayah Bebas dari Korupsi (WBK) dari Kementerian PANRB.",
            [("Disdukcapil Kabupaten Wonosobo", "integrity_zone", "WBK", None, "announced")],
        ),
        (
            "Pada 2024, RSUD Kota Mataram meraih predikat WBBM.",
            [("RSUD Kota Mataram", "integrity_zone", "WBBM", 2024, "announced")],
        ),
        # Ombudsman: zone and score are one result
        (
            "Hasil penilaian kepatuhan Ombudsman tahun 2024 menempatkan Pemkab Ogan Komering Ilir di zona hijau "
            "dengan nilai 88,10.",
            [("Kabupaten Ogan Komering Ilir", "ombudsman_compliance", "hijau", 2024, "announced")],
        ),
        # MCP: a ranking list gives one fact per listed pemda; the year opening the list holds for all
        (
            "Pada MCP 2024, skor Kabupaten Merauke tercatat 61,25, tertinggal dari Kabupaten Boven Digoel (74,10) "
            "dan Kabupaten Mappi (70,85).",
            [
                ("Kabupaten Merauke", "mcp_score", "61.25", 2024, "announced"),
                ("Kabupaten Boven Digoel", "mcp_score", "74.1", 2024, "announced"),
                ("Kabupaten Mappi", "mcp_score", "70.85", 2024, "announced"),
            ],
        ),
        # IKM of a unit, with its service letter; "naik dari" in the next sentence borrows metric and unit
        (
            "Hasil survei kepuasan masyarakat (SKM) MPP Kota Mataram pada semester pertama 2025 mencapai 88,4 "
            "atau mutu pelayanan B. Angka itu naik dari 84,1 pada periode yang sama tahun lalu.",
            [
                ("MPP Kota Mataram", "public_satisfaction", "88.4", 2025, "announced"),
                ("MPP Kota Mataram", "public_satisfaction", "84.1", None, "previous"),
            ],
        ),
        # merit: KASN category beside its score
        (
            "KASN menetapkan Pemkab Kutai Kartanegara masuk kategori sangat baik dalam penilaian penerapan sistem "
            "merit tahun 2023 dengan nilai 338,5.",
            [("Kabupaten Kutai Kartanegara", "merit_index", "sangat baik", 2023, "announced")],
        ),
        # PEKPPP index with its letter category
        (
            "Pemkot Cilegon memperoleh indeks pelayanan publik 4,12 atau kategori A- dalam evaluasi PEKPPP 2024.",
            [("Kota Cilegon", "public_service_eval", "4.12", 2024, "announced")],
        ),
        # self-assessment kept apart ("sementara" here is "provisional", not "while")
        (
            "Hasil penilaian mandiri sementara menempatkan indeks RB Pemprov NTB tahun 2025 di angka 74,20.",
            [("Provinsi Nusa Tenggara Barat", "rb_index", "74.2", 2025, "self_assessment")],
        ),
        # a target's floor is kept, a target's year is the one after the target word
        (
            "Pada evaluasi 2024 skor MCP Pemkot Pangkalpinang 78,4. Target kita skor MCP 2025 kembali di atas 85.",
            [
                ("Kota Pangkal Pinang", "mcp_score", "78.4", 2024, "announced"),
                ("Kota Pangkal Pinang", "mcp_score", "85", 2025, "target"),
            ],
        ),
        # a list after the value ("yaitu"), and each zone to its own list
        (
            "Kota yang berada pada zona hijau yaitu Banda Aceh, Lhokseumawe dan Langsa, dan satu berada pada "
            "zona kuning yaitu Kota Sabang.",
            [
                ("Kota Banda Aceh", "ombudsman_compliance", "hijau", None, "announced"),
                ("Kota Lhokseumawe", "ombudsman_compliance", "hijau", None, "announced"),
                ("Kota Langsa", "ombudsman_compliance", "hijau", None, "announced"),
                ("Kota Sabang", "ombudsman_compliance", "kuning", None, "announced"),
            ],
        ),
        # a holder named after the value behind "diraih"
        (
            "Pada SAKIP 2024, predikat A diraih Pemkab Banyuwangi dan Pemkab Gresik.",
            [
                ("Kabupaten Banyuwangi", "sakip_predicate", "A", 2024, "announced"),
                ("Kabupaten Gresik", "sakip_predicate", "A", 2024, "announced"),
            ],
        ),
    ],
)
def test_facts_as_the_sentence_writes_them(text: str, expected: list[Row]) -> None:
    assert facts_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Nilai RB Tematik Kabupaten Kupang naik dari 58,30 menjadi 66,75.",  # RB Tematik is not the RB index
        "Hasilnya, 11 OPD masih mendapat nilai SAKIP di bawah 60 atau kategori cukup.",  # a threshold, a group
        "Pemprov Jambi mengusulkan 12 unit kerja untuk dinilai meraih predikat WBK.",  # a proposal
        "Enam unit kerja Pemkot Payakumbuh mencanangkan Zona Integritas menuju WBK dan WBBM.",
        "Disdukcapil Kota Bima belum meraih predikat WBK.",  # negated
        "Predikat Sangat Baik indeks SPBE diberikan bagi nilai 3,5 hingga kurang dari 4,2.",  # a scale
        "Domain Kebijakan SPBE Kabupaten Magelang (4,90) menjadi yang tertinggi.",  # a component's score
        "Klinik evaluasi reformasi birokrasi Kota Kendari melibatkan 27 OPD.",  # a count
        "Aspek pengembangan karier punya bobot terbesar dalam penilaian sistem merit, yaitu 30 persen.",
        "Tiga daerah di Kepri masih berada di zona kuning.",  # unnamed holders
        "Kepala Ombudsman RI Perwakilan Kepri menyerahkan predikat zona hijau kepada daerah dengan nilai tinggi.",
        "Petugas melayani dengan baik, kata Kepala Dinas Kesehatan Kabupaten Sleman.",  # 'baik' without a cue
        "Pemkot Bogor menerima opini WTP kesembilan dengan nilai IPM 79,2.",  # other instruments' values
    ],
)
def test_sentences_that_report_no_result(text: str) -> None:
    assert facts_of(text) == []


def test_a_title_adds_only_what_the_body_does_not_state() -> None:
    body = "Pemerintah Kota Lubuklinggau tahun 2024 meraih indeks SPBE 3,12 dengan predikat baik."
    title = "Indeks SPBE Lubuklinggau Naik Jadi 3,12"
    assert facts_of(body, title) == [("Kota Lubuk Linggau", "spbe_index", "3.12", 2024, "announced")]
    title_only = facts_of(
        "Pemkot Lubuklinggau menggelar rapat SPBE.", "Pemkot Lubuklinggau Raih Predikat Baik SPBE"
    )
    assert title_only == [("Kota Lubuk Linggau", "spbe_index", "baik", None, "announced")]


def test_the_article_pemda_holds_a_result_its_sentence_does_not_name() -> None:
    text = (
        "SELONG – Pemerintah Kabupaten Lombok Timur membenahi pohon kinerja untuk memperbaiki nilai SAKIP. "
        "Pada evaluasi tahun lalu, Lombok Timur memperoleh nilai 67,15 dengan predikat B, dan tahun ini "
        "pemkab menargetkan naik ke predikat BB."
    )
    assert facts_of(text) == [
        ("Kabupaten Lombok Timur", "sakip_predicate", "B", None, "announced"),
        ("Kabupaten Lombok Timur", "sakip_predicate", "BB", None, "target"),
    ]
    # a dateline alone names no pemda: a national story from Jakarta is not about Pemprov DKI
    national = "Jakarta (ANTARA) - Ombudsman RI menyebut tidak ada lagi kementerian di zona merah tahun ini."
    assert facts_of(national) == []


def test_facts_carry_number_category_pemda_and_scale() -> None:
    res = _res()
    text = "Pada evaluasi 2024, RSUD Wates di Kabupaten Kulon Progo meraih predikat WBK. Indeks SPBE Pemkab Kulon Progo 2024 sebesar 3,05 atau predikat baik."
    found = extract_facts(
        split_passages(text, rules=res.relevance.passages),
        regions=resolve_regions(text, gazetteer=res.gazetteer),
        rules=res.metrics,
        gazetteer=res.gazetteer,
    )
    unit, spbe = found
    assert (unit.subject_kind, unit.pemda, unit.pemda_code, unit.subject_code) == (
        "unit",
        "Kabupaten Kulon Progo",
        "34.01",
        None,
    )
    assert (spbe.subject_code, spbe.number, spbe.category, spbe.value) == ("34.01", 3.05, "baik", "3.05")
    assert spbe.scale == res.metrics.metrics["spbe_index"].scale and "3,05" in spbe.evidence
    assert spbe.to_contract() == {
        "subject": "Kabupaten Kulon Progo",
        "metric": "spbe_index",
        "value": "3.05",
        "year": 2024,
        "status": "announced",
    }


def test_only_core_articles_report_facts() -> None:
    # the same SAKIP sentence in a regent's anniversary speech among twenty achievements is not RB activity
    speech = (
        "Bupati Lahat menyampaikan capaian pada upacara HUT ke-156 Kabupaten Lahat. Alhamdulillah, jalan "
        "kabupaten mulus, pasar baru dibuka, juara MTQ, dan nilai SAKIP kita predikat B."
    )
    ann = annotate(speech, title="HUT ke-156 Kabupaten Lahat, Bupati Paparkan Capaian", resources=_res())
    assert ann.relevance.level != "core" and ann.facts == ()
    core = (
        "Pemkab Lahat menerima laporan hasil evaluasi SAKIP 2024 dari Kementerian PANRB. Dalam evaluasi "
        "akuntabilitas kinerja itu, Pemkab Lahat meraih predikat B dengan nilai 62,40. Sekda Lahat meminta "
        "seluruh perangkat daerah memperbaiki pohon kinerja dan indikator kinerja utama."
    )
    ann = annotate(core, title="Pemkab Lahat Raih Predikat B Evaluasi SAKIP 2024", resources=_res())
    assert ann.relevance.level == "core"
    assert [f.to_contract()["value"] for f in ann.facts] == ["B"]
    assert ann.to_contract("x")["facts"] == [f.to_contract() for f in ann.facts]


def test_metric_keys_are_fixed_and_the_gold_uses_them() -> None:
    assert tuple(load_metric_rules().metrics) == METRIC_KEYS
    assert list(METRIC_KEYS) == gold_vocabulary()["metric_keys"]
    assert list(STATUSES) == gold_vocabulary()["fact_statuses"]
    from importlib.resources import files

    import yaml

    raw = yaml.safe_load(files("rbmon_data").joinpath("metrics.yaml").read_text(encoding="utf-8"))
    raw["metrics"]["spbe"] = raw["metrics"].pop("spbe_index")
    with pytest.raises(ValueError, match="metric keys must be exactly"):
        compile_metric_rules(raw)


def test_fixture_gold_precision_and_recall_meet_the_issue() -> None:
    # the issue's target on the fixture gold: precision >= 0.95, recall >= 0.90 (subject, metric,
    # value, year and status right), and no target or self-assessment reported as a result
    import importlib.util
    from pathlib import Path

    from pipeline.fixture_site import gold_records
    from pipeline.process.annotate import annotate_record

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "eval_facts.py"
    spec = importlib.util.spec_from_file_location("eval_facts", path)
    assert spec and spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    records = gold_records(with_boilerplate=True)  # every article: a fact from a non-core one is wrong too
    gold = {r["id"]: r["facts"] for r in records}
    pred = {r["id"]: annotate_record(r)["facts"] for r in records}
    res = scorer.score_facts(gold, pred)
    total = res["strict"]["all"]
    assert total["tp"] + total["fn"] == sum(len(v) for v in gold.values())
    assert total["precision"] >= 0.95 and total["recall"] >= 0.90, res["misses"]
    assert res["targets_or_self_assessments_reported_as_results"] == 0


def test_the_readme_documents_every_metric_its_scale_and_the_statuses() -> None:
    # the issue: "README documents the metrics and their scales"; a metric added to metrics.yaml
    # without its README row fails here
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The RB scorecard", 1)[1].split("\n### ", 1)[0]
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `(\w+)` \|.*$", section, re.M)}
    assert sorted(rows) == sorted(METRIC_KEYS)
    for key, metric in load_metric_rules().metrics.items():
        first = re.split(r"[\s,;]", metric.scale)[0]
        assert first in rows[key].replace("`", "").replace("\u2013", "-"), (key, metric.scale)
    for status in STATUSES:
        assert f"`{status}`" in section
    for name in ("article_facts", "pemda_scorecard", "metric_history", "data/metrics.yaml"):
        assert name in section
