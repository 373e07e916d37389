"""Prompts are files in prompts/, loaded by name. Rendering fails loudly on a
missing or unknown variable, never silently."""

import string
from functools import cache

from bot.config import PROJECT_ROOT
from bot.errors import ConfigError

FOLDER = PROJECT_ROOT / "prompts"


@cache
def load(name: str) -> str:
    path = FOLDER / f"{name}.md"
    if not path.is_file():
        raise ConfigError(f"prompt {name!r} not found: expected {path}")
    return path.read_text(encoding="utf-8")


def render(name: str, **values: str) -> str:
    template = load(name)
    wanted = {field for _, field, _, _ in string.Formatter().parse(template) if field}
    if wanted != set(values):
        raise ConfigError(f"prompt {name!r} needs {sorted(wanted)}, got {sorted(values)}")
    return template.format(**values)
