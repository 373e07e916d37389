from bot.sentences import spans, split


def test_glued_sentences_from_scraped_articles_are_split():
    assert split("the lowest levels of the Cold War.The NATO-Russia Council met.") == [
        "the lowest levels of the Cold War.",
        "The NATO-Russia Council met.",
    ]
    assert split("said Rasa, the former defense minister.She believes it.") == [
        "said Rasa, the former defense minister.",
        "She believes it.",
    ]
    assert split("can be worse.“Capitulating would be dangerous,” he said.") == [
        "can be worse.",
        "“Capitulating would be dangerous,” he said.",
    ]


def test_abbreviations_initials_and_decimals_do_not_end_a_sentence():
    assert split("Gen. Musaev spoke to Mr. Person in the U.S. yesterday.") == [
        "Gen. Musaev spoke to Mr. Person in the U.S. yesterday."
    ]
    assert split("J. Smith paid 3.5 million. Then he left.") == ["J. Smith paid 3.5 million.", "Then he left."]


def test_line_breaks_end_sentences_and_spans_are_exact():
    text = "  A title\n\nFirst sentence! Second one?  \n"
    assert [text[s:e] for s, e in spans(text)] == ["A title", "First sentence!", "Second one?"]
