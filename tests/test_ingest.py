"""Ingest mirrors a folder into the index: idempotent, incremental, and it
skips files it cannot read with a warning that names them."""

import logging

import numpy as np
import pytest

from bot.errors import CorpusError
from bot.index import Index
from bot.ingest import ingest


def test_second_ingest_of_an_unchanged_corpus_embeds_nothing(fresh_index, corpus):
    settings, index = fresh_index
    first = ingest(corpus, settings, index, progress=False)
    assert first.added == first.chunks > 0
    second = ingest(corpus, settings, index, progress=False)
    assert (second.added, second.removed) == (0, 0)
    assert index.count() == first.chunks


def test_a_changed_file_replaces_its_chunks(fresh_index, corpus):
    settings, index = fresh_index
    ingest(corpus, settings, index, progress=False)
    path = sorted(corpus.iterdir())[0]
    path.write_text("Completely new text about a zebra named Boris who lives in Oslo.\n", encoding="utf-8")
    report = ingest(corpus, settings, index, progress=False)
    assert report.added == 1 and report.removed > 0
    source = settings.display_path(path)
    texts = [c.text for c in index.all_chunks() if c.source == source]
    assert texts == ["Completely new text about a zebra named Boris who lives in Oslo."]
    sents, _, _ = index.search.sentences_of([c.id for c in index.all_chunks() if c.source == source])
    assert [s.text for s in sents] == texts
    assert len(index.sentences.get(where={"source": source})["ids"]) == len(sents)  # the old sentences are gone
    assert index.qa_sentences.count() == index.sentences.count()  # and their question-answering vectors


def test_a_removed_file_loses_its_chunks_and_sentences(fresh_index, corpus):
    settings, index = fresh_index
    ingest(corpus, settings, index, progress=False)
    gone = sorted(corpus.iterdir())[0]
    gone.unlink()
    ingest(corpus, settings, index, progress=False)
    source = settings.display_path(gone)
    assert source not in index.chunk_ids_by_source()
    assert index.sentences.get(where={"source": source})["ids"] == []
    assert index.qa_sentences.get(where={"source": source})["ids"] == []


def test_what_the_search_keeps_in_memory_follows_each_ingest(fresh_index, corpus):
    settings, index = fresh_index
    ingest(corpus, settings, index, progress=False)
    assert index.search.bm25_search(["zebra"], 5) == []  # BM25 built now, before the new file
    path = corpus / "zebra.txt"
    path.write_text("A zebra named Boris lives in Oslo.\n", encoding="utf-8")
    ingest(corpus, settings, index, progress=False)
    [(hit, _)] = index.search.bm25_search(["zebra"], 5)
    assert hit.source == settings.display_path(path)
    sents, _, _ = index.search.sentences_of([hit.id])
    assert [s.text for s in sents] == ["A zebra named Boris lives in Oslo."]
    path.unlink()
    ingest(corpus, settings, index, progress=False)
    assert index.search.bm25_search(["zebra"], 5) == []


def test_the_sentence_cache_starts_over_when_full_and_loses_nothing_it_returns(fresh_index, corpus, monkeypatch):
    import bot.search

    settings, index = fresh_index
    ingest(corpus, settings, index, progress=False)
    ids = [c.id for c in index.all_chunks()]
    expected = {i: [s.text for s in index.search.sentences_of([i])[0]] for i in ids}
    monkeypatch.setattr(bot.search, "CACHE_CHUNKS", 2)
    fresh = Index(settings, index.embeddings)  # an empty cache
    for i in range(0, len(ids), 2):  # overlapping: each call finds one chunk cached, fetches the others
        part = ids[i : i + 3]
        sents, vecs, qvecs = fresh.search.sentences_of(part)
        assert [s.text for s in sents] == [t for j in part for t in expected[j]]
        assert len(sents) == len(vecs) == len(qvecs)
    assert len(fresh.search._sentences) <= 2 + 3


def test_unreadable_files_are_skipped_with_a_warning_naming_them(fresh_index, corpus, caplog):
    settings, index = fresh_index
    (corpus / "empty.txt").write_text("")
    (corpus / "binary.md").write_bytes(b"\x00\x01\x02PNG\x00")
    (corpus / "latin1.txt").write_bytes("caf\xe9 cr\xe8me".encode("latin-1"))
    (corpus / "notes.pdf").write_bytes(b"%PDF")  # a PDF cut off after its first bytes
    with caplog.at_level(logging.WARNING):
        report = ingest(corpus, settings, index, progress=False)
    assert report.files == 2
    assert sorted(s.split(":")[0].rsplit("/", 1)[-1] for s in report.skipped) == [
        "binary.md",
        "empty.txt",
        "latin1.txt",
        "notes.pdf",
    ]
    for name in ("binary.md", "empty.txt", "latin1.txt", "notes.pdf"):
        assert name in caplog.text


def test_a_missing_or_empty_folder_is_a_clear_error(fresh_index, tmp_path):
    settings, index = fresh_index
    with pytest.raises(CorpusError, match="does not exist"):
        ingest(tmp_path / "nope", settings, index, progress=False)
    (tmp_path / "void").mkdir()
    with pytest.raises(CorpusError, match="no readable"):
        ingest(tmp_path / "void", settings, index, progress=False)


def test_an_index_made_before_the_question_answering_vectors_answers_and_gets_them_at_the_next_ingest(
    fresh_index, corpus
):
    settings, index = fresh_index
    ingest(corpus, settings, index, progress=False)
    ids = [c.id for c in index.all_chunks()]
    _, _, stored = index.search.sentences_of(ids)
    index.client.delete_collection(index.qa_sentences.name)  # as an index of the previous version has it
    old = Index(settings, index.embeddings)
    assert old.qa_sentences.count() == 0
    sents, _, made = old.search.sentences_of(ids)  # made on the fly, not stored by a read
    np.testing.assert_allclose(made, stored, atol=1e-5)
    assert old.qa_sentences.count() == 0
    ingest(corpus, settings, old, progress=False)
    assert old.qa_sentences.count() == old.sentences.count() == len(sents)


def test_the_bot_opened_on_an_index_of_the_previous_version_adds_its_question_answering_vectors_once(
    fresh_index, corpus, capsys
):
    from bot.chain import build_chain

    settings, index = fresh_index
    ingest(corpus, settings, index, progress=False)
    index.client.delete_collection(index.qa_sentences.name)  # as an index of the previous version has it
    bot = build_chain(settings)
    assert "adding them" in capsys.readouterr().err
    assert bot.index.qa_sentences.count() == bot.index.sentences.count() > 0
    assert bot.index.qa_sentence_search("What is Putin afraid of?", 3)  # retrieval reads them at once
    build_chain(settings)
    assert "adding them" not in capsys.readouterr().err


def test_the_question_answering_model_puts_the_answer_above_a_sentence_that_shares_its_words():
    from bot.qa import QAVectors

    qa = QAVectors()
    v = qa.passages(
        ["The ferry was built in 1923 at a yard in Glasgow.", "Questions about the ferry go to the ferry office."]
    )
    cos = v @ qa.query("When was the ferry built?")
    assert cos[0] > cos[1]
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)


def test_without_the_question_answering_model_ingest_skips_its_vectors_and_the_bot_still_answers(
    tmp_path, corpus, embeddings
):
    from bot.chain import Bot
    from bot.config import Settings

    settings = Settings(index_path=tmp_path / "index", corpus=corpus, qa_vectors=False)
    index = Index(settings, embeddings)
    ingest(corpus, settings, index, progress=False)
    assert index.sentences.count() > 0 and index.qa_sentences.count() == 0
    bot = Bot(settings, index)
    assert bot.reader.qa is False and bot.reader.card["qa"] is False
    answer = bot.ask("According to Gen. Musaev, what is Putin afraid of?")
    assert not answer.refused and any("losing power" in c.quote for c in answer.citations)
    assert index.qa_sentence_search("What is Putin afraid of?", 5) == []  # retrieval goes without it
    assert "qa" not in vars(index)  # and the model was never loaded
