"""Every chunk maps back to its exact span; none exceeds the token limit;
together they cover every word of the file."""

from conftest import SEEDS
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from bot import tokens
from bot.config import Settings
from bot.ingest import Document, chunk, sentences_of

SMALL = Settings(chunk_tokens=40, chunk_overlap=8)
words = st.sampled_from(
    ["Putin", "said.", "War.The", "tanks", "“quote”", "Kyiv,", "in", "2022", "—", "ünïcode", "x" * 30]
)
texts = st.lists(st.one_of(words, st.sampled_from([" ", "  ", "\n", "\n\n", ". "])), min_size=1, max_size=400).map(
    "".join
)


def _check(text: str, settings: Settings) -> None:
    doc = Document("seeds/x.txt", text)
    chunks = chunk(doc, settings)
    covered = set()
    for c in chunks:
        assert text[c.start : c.end] == c.text
        assert tokens.count(c.text) <= settings.chunk_tokens
        assert c.line == text.count("\n", 0, c.start) + 1
        covered.update(range(c.start, c.end))
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


@given(texts)
@hsettings(max_examples=150, deadline=None)
def test_chunks_are_exact_bounded_and_cover_the_text(text):
    _check(text, SMALL)


def test_seed_chunks_are_exact_and_within_200_tokens():
    for path in sorted(SEEDS.iterdir()):
        _check(path.read_text(encoding="utf-8"), Settings())


def test_sentences_of_a_file_are_exact_spans_owned_by_a_chunk():
    text = (SEEDS / "002_a32b31f8f4665c4d.txt").read_text(encoding="utf-8")
    doc = Document("seeds/002_a32b31f8f4665c4d.txt", text)
    chunks = chunk(doc, Settings())
    for s in sentences_of(doc, chunks):
        assert text[s.start : s.end] == s.text
        assert s.chunk_id in {c.id for c in chunks}


def test_chunk_ids_depend_only_on_content():
    doc = Document("seeds/a.txt", "One sentence. Another one.")
    assert [c.id for c in chunk(doc, SMALL)] == [c.id for c in chunk(doc, SMALL)]
    assert chunk(doc, SMALL)[0].id != chunk(Document("seeds/b.txt", doc.text), SMALL)[0].id


def test_tiktoken_is_real_and_offline():
    assert tokens.encoding().encode("hello world") == [15339, 1917]


def test_repetitive_text_still_maps_every_chunk_to_its_exact_span():
    _check(("Sentence without end " * 500 + "\n") * 3, Settings())
    _check("x" * 60, SMALL)
    _check("ab " * 2000, SMALL)
