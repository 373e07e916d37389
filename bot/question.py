"""What a question asks: its type (who / where / when / how many / why / ...),
the words that must be matched, and the names, acronyms and numbers that the
evidence must contain. Pure text rules; no model."""

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
    kind: str  # identity | who | where | when | number | why | consequence | what | yesno
    words: list[str]  # content words, lower case
    names: list[str] = field(default_factory=list)  # capitalised words, acronyms
    numbers: list[str] = field(default_factory=list)  # years and figures in the question
    target: str = ""  # the noun a how-many question counts, the verb a who question asks
    about: list[str] = field(default_factory=list)  # names the question is about ("say about China")


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
    kind = _kind(lower)
    if kind == "what" and re.search(r"\bwhat (would|will|could) happen|\bwhat happens\b", " ".join(lower)):
        kind = "consequence"
    if kind in {"who", "what"} and _asks_identity(lower):
        kind = "identity"
    words = [w for w in lower if w not in STOP and w not in WH and len(w) > 1]
    if kind == "identity":
        words = [w for w in words if w not in ROLE_WORDS]
    names = [
        t for i, t in enumerate(toks)
        if (t[0].isupper() and i > 0 and t.lower() not in STOP and t.lower() not in WH) or (t.isupper() and len(t) > 1)
    ]  # fmt: skip
    numbers = [t for t in toks if _NUMBER.search(t)]
    about = [t for i, t in enumerate(toks) if t in names and i > 0 and lower[i - 1] in ABOUT]
    q = Question(text, kind, words, names, numbers, about=about)
    if kind == "number":
        q.target = _after(lower, ("many", "much"))
    elif kind == "who" and "who" in lower:
        q.target = _after(lower, ("who",))
    return q


ABOUT = {"about", "regarding", "concerning", "towards", "toward"}
ROLE_WORDS = {"position", "role", "job", "title", "occupation", "post", "hold", "holds", "work", "works"}


def _asks_identity(lower: list[str]) -> bool:
    """ "Who is X?", "What position does X hold?", "What is X's job?" """
    if len(lower) >= 3 and lower[0] in {"who", "whom"} and lower[1] in {"is", "was", "are", "were"}:
        return len(lower) <= 5
    return any(w in ROLE_WORDS for w in lower[:3]) and lower[0] == "what"


def appositive(text: str, name: str) -> bool:
    """ "Richard Connolly, associate fellow at ...", "Kraus, a security analyst", "Kraus is a ..." """
    pattern = rf"\b{re.escape(name)}\b(’s|'s)?\s*(,\s+(a |an |the )?[a-z]|\s+(is|was) (a|an|the) )"
    return bool(re.search(pattern, text))


def _after(lower: list[str], anchors: tuple[str, ...]) -> str:
    for i, w in enumerate(lower[:-1]):
        if w in anchors:
            for nxt in lower[i + 1 :]:
                if nxt not in STOP:
                    return nxt
    return ""


def _kind(lower: list[str]) -> str:
    joined = " ".join(lower)
    if re.search(r"\bhow (many|much|long|old|often|far)\b", joined):
        return "number"
    if re.search(r"\b(when|what (date|day|year|month|time)|which (date|day|year|month))\b", joined):
        return "when"
    if re.search(r"\b(where|which (city|country|place))\b", joined) and not re.search(
        r"\b(come|comes|stem|stems) from\b", joined
    ):
        return "where"
    if re.search(r"\b(who|whom|whose)\b", joined):
        return "who"
    if re.search(r"\bwhy\b|\bwhat (is|was) the reason\b", joined):
        return "why"
    if lower and lower[0] in {"is", "are", "was", "were", "do", "does", "did", "can", "could", "has", "have", "will"}:
        return "yesno"
    return "what"


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


def number_before(text: str, target: str, window: int = 3) -> bool:
    """Is there a figure within `window` words before `target` ("four million people", "30 member states")?"""
    toks = [t.lower() for t in tokens(text)]
    want = stem(target)
    for i, t in enumerate(toks):
        if stem(t) == want and any(has_number(w) for w in toks[max(0, i - window) : i]):
            return True
    return False


def has_name(text: str) -> bool:
    return bool(re.search(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+(\s+[A-Z][a-z]+)+", text))


SPEECH = {"say", "said", "says", "tell", "told", "tells", "claim", "claimed", "claims", "argue", "argued", "argues",
          "warn", "warned", "warns", "think", "thinks", "believe", "believes"}  # fmt: skip
_PERSON = r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+"
_ATTRIBUTION = re.compile(
    rf"\b(?:said|says|according to)\s+(?:[a-z]+\s+){{0,3}}?({_PERSON})|({_PERSON})\s+(?:said|says|told)\b"
)


def speakers(q: Question) -> list[str]:
    """Who a "what did X say (about Y)?" question asks to hear from."""
    if not any(w.lower() in SPEECH for w in tokens(q.text)):
        return []
    return [n for n in q.names if n not in q.about and n.lower() not in STOP]


def attributed_to(text: str) -> list[str]:
    """People a sentence attributes words to: "…, said Pasi Eronen", "Boris Bondarev said"."""
    return [a or b for a, b in _ATTRIBUTION.findall(text)]


def has_reason(text: str) -> bool:
    return bool(
        re.search(r"\b(because|due to|reason|since|so that|in order to|if|as a result|that's why|drives)\b", text, re.I)
    )
