# The portal's commands. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets with a line each
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

.PHONY: install
install: $(STAMP) ## Create .venv and install the project with its dev tools

.PHONY: run
run: install ## Set up (migrate, demo data) and start the development server on :8000
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

.PHONY: test
test: install node_modules/.installed ## Run the whole test-suite (SQLite and no services unless the environment names them; the PSC tests run npm's oidc-provider)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The tests of everything that encrypts (the vault with its export, rotation and vault_verify,
# the registration, change-request and exemption documents), run again on the kms key provider.
KMS_TEST_PATHS ?= tests/vault tests/registrations tests/exemptions tests/roll/test_change_requests.py tests/roll/test_change_requests_admin.py

.PHONY: test-kms
test-kms: install ## The vault, registration, export, rotation and verify tests again with VAULT_KEY_PROVIDER=kms (moto's KMS API)
	VAULT_KEY_PROVIDER_UNDER_TEST=kms $(BIN)/python -m pytest $(KMS_TEST_PATHS) $(PYTEST_ARGS)

.PHONY: lint
lint: install ## ruff (lint and format check) and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

.PHONY: format
format: install ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

.PHONY: worker
worker: install ## Start a Celery worker (needs REDIS_URL)
	$(BIN)/celery -A portal worker --loglevel=INFO

.PHONY: beat
beat: install ## Start Celery beat with the database scheduler (needs REDIS_URL)
	$(BIN)/celery -A portal beat --loglevel=INFO

.PHONY: check-deploy
check-deploy: install ## Django's deployment checks against production settings (throwaway secrets)
	SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))') \
	ALLOWED_HOSTS=portail.ordre.test DATABASE_URL=sqlite:///var/check.sqlite3 \
	VAULT_KEYS=deploy:$$($(BIN)/python -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())') \
	VAULT_ACTIVE_KEY=deploy VAULT_ROOT=$(CURDIR)/var/vault-check \
	PAYMENT_PROVIDER=stripe STRIPE_SECRET_KEY=sk_test_check STRIPE_WEBHOOK_SECRET=whsec_check \
	SEPA_CREDITOR_ID=FR35ZZZ654321 SEPA_CREDITOR_IBAN=FR1420041010050500013M02606 \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} EMAIL_URL=smtp://127.0.0.1:25 \
	DJANGO_SETTINGS_MODULE=portal.settings.production $(BIN)/python manage.py check --deploy --fail-level WARNING

.PHONY: clean
clean: ## Remove the virtualenv, caches and local data under var/
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

.PHONY: bench
bench: install ## Run every benchmark in bench/ (needs DATABASE_URL on PostgreSQL for most)
	@status=0; for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || status=1; done; exit $$status

.PHONY: eval-assistant
eval-assistant: install ## Top-1/top-3 accuracy and p95 latency of the guides assistant
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/python -m tests.guides.evaluation tests/guides/eval_questions.json

.PHONY: eval-e-reputation
eval-e-reputation: install ## Per-category precision/recall of the e-reputation helper and its secrecy check's rates
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/python -m tests.ereputation.evaluation tests/ereputation/eval_reviews.json

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

.PHONY: e2e
e2e: install node_modules/.installed ## Browser journeys in Debian's Chromium with axe-core checks (needs chromium, node)
	$(BIN)/python -m pytest -m e2e tests/e2e $(PYTEST_ARGS)

.PHONY: smoke
smoke: install node_modules/.installed ## Production processes started natively (2 web, 2 workers, beat, S3, SMTP, the Pro Santé Connect stand-in) and a doctor's journey over HTTP (needs PostgreSQL, Redis and node)
	$(BIN)/python -m deploy.smoke

.PHONY: restore-drill
restore-drill: install ## Back up database, vault objects and keys; restore into a fresh database and bucket; vault_verify (needs PostgreSQL; SMOKE_VAULT_KEY_PROVIDER=kms for the key service)
	$(BIN)/python -m deploy.restore_drill

FUZZ_EXAMPLES ?= 100
LOAD_SECONDS ?= 60

.PHONY: fuzz
fuzz: install ## schemathesis on /api/schema/, as a doctor and anonymously (FUZZ_EXAMPLES cases per operation)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/api/test_schema_fuzz.py $(PYTEST_ARGS)

.PHONY: load
load: install ## locust, 32 users for LOAD_SECONDS (60) against gunicorn with production settings (DATABASE_URL on PostgreSQL)
	LOAD_SECONDS=$(LOAD_SECONDS) $(BIN)/python -m load.run

.PHONY: messages
messages: ## Compile the portal's French overrides (locale/) to the .mo that is committed
	msgfmt --check-format -o locale/fr/LC_MESSAGES/django.mo locale/fr/LC_MESSAGES/django.po

.PHONY: screenshots
screenshots: install node_modules/.installed ## PNGs at 390 px of the dues, vault, registration and other pages into docs/screens/ (Chromium)
	SCREENSHOTS_DIR=$(CURDIR)/docs/screens $(BIN)/python -m pytest -m e2e tests/e2e/test_phone_layout.py -k "not desktop" $(PYTEST_ARGS)
