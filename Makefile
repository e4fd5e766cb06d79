# Zeren (责任) — the two commands a user needs are `make demo` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
N ?= 1000000
BENCH_ARGS ?=
BROKERS ?= 1

.PHONY: install up down status test unit integration lint demo bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed  ## Python packages and the Kafka jars (cached)
	$(BIN)/python -c 'from deploy.kafka_local import ensure_libs; print("kafka jars:", ensure_libs())'

up: install  ## start local Kafka + PostgreSQL (BROKERS=3: a 3-node Kafka cluster); prints where
	$(BIN)/python -m deploy.stack up --brokers $(BROKERS)

down:  ## stop only the processes `make up` started
	$(BIN)/python -m deploy.stack down

status:
	$(BIN)/python -m deploy.stack status

test: install  ## unit tests, then the tests against a real broker and database
	$(BIN)/pytest -m unit
	$(BIN)/pytest -m integration

unit: install
	$(BIN)/pytest -m unit

integration: install
	$(BIN)/pytest -m integration

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

demo: up  ## the main job: the stack, the services and a simulated university
	$(BIN)/zeren demo

bench: up
	$(BIN)/python tests/bench/run.py --events $(N) $(BENCH_ARGS)

clean: down
	rm -rf .zeren
