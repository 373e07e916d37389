"""The library surface: `from bot import Bot`, built from settings, asked, and
its retriever and ingest, as the README shows them."""

import shutil

from bot import Answer, Bot
from bot.config import PROJECT_ROOT


def test_bot_from_settings_asks_retrieves_and_ingests(tmp_path):
    corpus = tmp_path / "docs"
    shutil.copytree(PROJECT_ROOT / "seeds", corpus)
    bot = Bot.from_settings(corpus=corpus, index_path=tmp_path / "index")  # indexes the empty index first
    answer = bot.ask("Who is Josef Kraus?")
    assert isinstance(answer, Answer) and not answer.refused and answer.citations
    for c in answer.citations:
        assert bot.settings.source_path(c.source).read_text(encoding="utf-8")[c.start : c.end] == c.quote
    source = answer.citations[0].source
    docs = bot.retriever.invoke("Josef Kraus", k=2, source=source)
    assert len(docs) == 2 and {d.metadata["source"] for d in docs} == {source}
    assert bot.chain.invoke(bot._state("Who is Josef Kraus?", None)).text == answer.text  # the runnable agrees
    (corpus / "extra.txt").write_text("The lighthouse keeper of Port Vell is Marta Soler.\n", encoding="utf-8")
    report = bot.ingest(corpus)
    assert report.added == 1
    assert "Marta Soler" in bot.ask("Who is the lighthouse keeper of Port Vell?").text
