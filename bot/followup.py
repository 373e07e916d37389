"""Follow-up questions: "and where does he live now?" becomes a standalone
question for retrieval, using the conversation so far. Pure text rules (the
extractive path has no LLM): a pronoun is replaced by the person or thing the
previous question named; a fragment ("and Kraus?") borrows the previous
question's shape."""

import re

PRONOUNS = {"he": "", "she": "", "him": "", "they": "", "them": "", "it": "",
            "his": "'s", "her": "'s", "their": "'s", "its": "'s"}  # fmt: skip
LEADING = re.compile(r"^(and|so|but|also|then|ok|okay)\b[\s,]*", re.I)
NAME = re.compile(r"(?<![.!?]\s)\b(?:[A-Z](?:\w|[’'-]\w)+(?:\s+(?:of\s+|the\s+)?[A-Z](?:\w|[’'-]\w)+)*)")
QUESTION_WORDS = {
    "who",
    "what",
    "when",
    "where",
    "why",
    "how",
    "which",
    "is",
    "are",
    "does",
    "did",
    "do",
    "was",
    "were",
}


def _subject(text: str) -> str:
    """The longest run of capitalised words in `text` that is not the first word alone."""
    names = [m.group(0) for m in NAME.finditer(text) if m.start() > 0 or " " in m.group(0)]
    names = [n for n in names if n.split()[0].lower() not in QUESTION_WORDS]
    return max(names, key=len) if names else ""


def standalone(question: str, previous_questions: list[str]) -> str:
    """The question to search for. Unchanged when it stands on its own."""
    q = question.strip()
    if not previous_questions:
        return q
    prev = previous_questions[-1]
    subject = _subject(prev)
    body = LEADING.sub("", q)
    words = re.findall(r"[\w’']+", body.lower())
    pronoun = next((w for w in words if w in PRONOUNS), None)
    if pronoun and subject and not _subject(body):
        replacement = subject + PRONOUNS[pronoun]
        body = re.sub(rf"\b{pronoun}\b", replacement, body, count=1, flags=re.I)
        return body[0].upper() + body[1:]
    if len(words) <= 4 and words and words[0] not in QUESTION_WORDS:
        # "and Josef Kraus?" -> "Who is Josef Kraus?" when the previous was "Who is X?"
        name = _subject(body) or body.rstrip("?")
        if subject and subject in prev:
            return prev.replace(subject, name.rstrip("?"))
    return body[0].upper() + body[1:] if body != q else q
