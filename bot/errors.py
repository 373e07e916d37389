"""A tiny error hierarchy. Every message says what to do next; the CLI and the
page turn these into one friendly line, never a traceback."""


class BotError(Exception):
    """Base class for errors a user can fix."""


class ConfigError(BotError):
    """A setting has a value the bot cannot use."""


class CorpusError(BotError):
    """The corpus folder is missing, empty or unreadable."""


class IndexFailure(BotError):
    """The index cannot be opened, is corrupt, or is busy."""


class ServerUnreachable(BotError):
    """The configured Chroma server does not answer."""


class QuestionError(BotError):
    """The question cannot be answered as asked (empty, too long, ...)."""


class ExtractError(BotError):
    """A file cannot be read as the document its name says (corrupt, encrypted, no text, unsafe)."""
