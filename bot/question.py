"""Words, stems and names of a text, and the kind of thing a question asks
(a figure, a date, a place). Used by the support judge (bot.verify) and by the
enforcement of generated answers (bot.enforce); the extractive answer path
does not use it: a trained reader scores its candidates (bot.answer)."""

import re
from dataclasses import dataclass, field
from functools import lru_cache

STOP = set("""a an the of to in on at by for from with about as into over after before between under and or
but nor so yet is are was were be been being do does did done has have had having will would shall should
can could may might must it its it's this that these those there their them they he she his her him i me my
we our you your what which who whom whose when where why how than then also just only not no any some
all each every such very much many more most other another same own per via according say says said
tell told reportedly now does did is""".split())  # fmt: skip
WH = {"who", "whom", "whose", "what", "which", "when", "where", "why", "how"}
NUMBER_WORDS = set("""one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty
forty fifty hundred thousand million billion dozen dozens half""".split())  # fmt: skip
MONTHS = set("""january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday""".split())  # fmt: skip
_TOKEN = re.compile(r"\w+(?:[’'-]\w+)*")  # quotes and hyphens only inside a word
_NUMBER = re.compile(r"\d")
_YEAR = re.compile(r"\b(1[89]|20)\d\d(s)?\b")


@dataclass
class Question:
    text: str
    kind: str  # number | when | where | other
    words: list[str]  # content words, lower case
    names: list[str] = field(default_factory=list)  # capitalised words, acronyms
    numbers: list[str] = field(default_factory=list)  # years and figures in the question


IRREGULAR = {
    "met": "meet", "said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write",
    "took": "take", "taken": "take", "left": "leave", "fled": "flee", "went": "go", "gone": "go",
    "came": "come", "made": "make", "gave": "give", "given": "give", "sent": "send", "won": "win",
    "lost": "lose", "began": "begin", "begun": "begin", "thought": "think", "brought": "bring",
    "held": "hold", "led": "lead", "fought": "fight", "sought": "seek", "knew": "know", "known": "know",
    "saw": "see", "seen": "see", "became": "become", "paid": "pay", "spoke": "speak", "spoken": "speak",
    "chose": "choose", "chosen": "choose", "built": "build", "meant": "mean", "found": "find",
    "lives": "live", "lived": "live", "living": "live", "died": "die", "dead": "die", "death": "die",
}  # fmt: skip


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    word = word.lower().replace("’", "'").removesuffix("'s")
    if word in IRREGULAR:
        return IRREGULAR[word]
    for suffix in ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly", "al", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


@lru_cache(maxsize=8192)
def stems(text: str) -> frozenset[str]:
    """Stems of every word, and of each part of hyphenated words ("69-year-old")."""
    out = set()
    for t in tokens(text):
        out.add(stem(t))
        if "-" in t:
            out.update(stem(p) for p in t.split("-") if p)
    return frozenset(out)


def parse(text: str) -> Question:
    toks = tokens(text)
    lower = [t.lower() for t in toks]
    words = [w for w in lower if w not in STOP and w not in WH and len(w) > 1]
    names = [
        t for i, t in enumerate(toks)
        if (t[0].isupper() and i > 0 and t.lower() not in STOP and t.lower() not in WH) or (t.isupper() and len(t) > 1)
    ]  # fmt: skip
    numbers = [t for t in toks if _NUMBER.search(t)]
    return Question(text, _kind(lower), words, names, numbers)


def _kind(lower: list[str]) -> str:
    """number | when | where | other: the kinds whose answer must state a figure, a date or a place."""
    joined = " ".join(lower)
    if re.search(r"\bhow (many|much|long|old|often|far)\b", joined):
        return "number"
    if re.search(r"\b(when|what (date|day|year|month|time)|which (date|day|year|month))\b", joined):
        return "when"
    if re.search(r"\b(where|which (city|country|place))\b", joined) and not re.search(
        r"\b(come|comes|stem|stems) from\b", joined
    ):
        return "where"
    return "other"


def has_number(text: str) -> bool:
    return bool(_NUMBER.search(text)) or any(w.lower() in NUMBER_WORDS for w in tokens(text))


def has_date(text: str) -> bool:
    return (
        bool(_YEAR.search(text))
        or any(w.lower() in MONTHS for w in tokens(text))
        or bool(re.search(r"\b(yesterday|today|last (week|month|year)|next week|ago|\d{1,2}:\d\d)\b", text, re.I))
    )


def has_place(text: str) -> bool:
    """A preposition of place followed, within two words, by a capitalised word."""
    return bool(re.search(r"\b(in|at|from|to|into|near)\s+(\w+\s+){0,2}?[A-Z][a-z]", text))


# The check a sentence must pass to state what a how-many / when / where question asks for.
STATES_KIND = {"number": has_number, "when": has_date, "where": has_place}
