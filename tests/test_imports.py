"""`import bot` and the ask path stay light: no gradio (as tiktoken's
test_optional_blobfile_dependency checks its optional imports)."""

import subprocess
import sys


def test_import_bot_does_not_import_gradio_or_chromadb():
    code = (
        "import sys, bot; from bot import Answer, BotError, Settings;"
        "assert not {'gradio', 'chromadb', 'fastapi', 'uvicorn'} & set(sys.modules), sorted(sys.modules); print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr


def test_the_ask_path_never_imports_gradio():
    code = (
        "import sys; from bot.chain import Bot; from bot.index import Index; from bot.cli import cmd_ask;"
        "from bot import Bot; assert not {'gradio', 'fastapi'} & set(sys.modules); print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr
