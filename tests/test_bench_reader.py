"""``python -m bench`` reports the offline brain per corpus, and its cost to load and run."""

from __future__ import annotations

from bench import measures
from bench import reader as bench_reader


def test_every_corpus_gets_four_described_keys() -> None:
    found = bench_reader.corpora()
    names = {p.name for p in found}
    assert {"w04-education-legal", "w05-hospitality-trades", "data-eng"} <= names
    for path in found:
        key = bench_reader.corpus_key(path)
        for part in ("macro_f1", "action", "evidence", "scenarios"):
            assert f"reader_{key}_{part}" in measures.DESCRIPTIONS
    assert bench_reader.corpus_key(bench_reader.SHARED) == "shared_eval"
    for key in ("reader_ms_per_reply", "reader_load_s", "reader_rss_mb"):
        assert key in measures.DESCRIPTIONS


def test_the_probe_reads_every_reply_of_a_corpus_after_loading_the_model() -> None:
    corpus = bench_reader.CORPORA / "data-eng"
    got = bench_reader.probe(corpus)
    assert got["replies"] == 45
    assert got["load_s"] >= 0 and got["ms_per_reply"] > 0 and got["rss_mb"] >= 0


def test_a_corpus_score_keeps_totals_only() -> None:
    got = bench_reader.score(str(bench_reader.CORPORA / "care-support"))
    assert set(got) == {"macro_f1", "action", "evidence", "passed", "total", "cases"}
    assert got["cases"] == 43 and got["total"] >= 1
