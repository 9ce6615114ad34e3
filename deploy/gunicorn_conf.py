"""gunicorn settings for the `web` process (the image's entry point and `make smoke`).

Everything can be overridden from the environment (`GUNICORN_BIND`, `WEB_CONCURRENCY`,
`GUNICORN_TIMEOUT`, `FORWARDED_ALLOW_IPS`) or on the command line (`--bind` wins).
Logs go to stdout as JSON lines, like the portal's own (portal/logging_json.py).
"""

import os

import gunicorn.http.wsgi

# gunicorn names itself and its version in every response's Server header; the portal's
# responses say nothing about the software behind them (R1 #9). Read at each response.
gunicorn.http.wsgi.SERVER = "portail"

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: each request has a process; scale out with more containers rather than threads.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))  # large vault uploads and exports
graceful_timeout = 30
keepalive = 5
# The application is loaded, and its caches built (portal/warmup.py), once in the master;
# workers are forked from it ready to answer, so replacing one costs a fork, not an import
# followed by slow first requests. A new release is deployed by restarting the container
# (a HUP would fork the old code again).
preload_app = True
# A worker is replaced after this many requests (bounds slow leaks), with jitter so that they
# do not all restart at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The HTTPS proxy in front sets X-Forwarded-Proto; only trust it from these addresses. The same
# proxy appends the client to X-Forwarded-For, which Django reads (gunicorn leaves REMOTE_ADDR
# as the proxy's) according to TRUSTED_PROXY_COUNT: docs/deployment.md, "Client addresses".
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Workers' heartbeat files in memory: a container's /tmp may sit on slow overlay storage.
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR", "/dev/shm")  # noqa: S108
if not os.path.isdir(worker_tmp_dir):
    worker_tmp_dir = None  # type: ignore[assignment]

# No control socket: its default path is per user, so two masters on one host would share it.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
# No query string in access logs: password-reset and confirmation keys travel there.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms rid=%({x-request-id}o)s'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "portal.log_filters.RedactSecretsFilter"}},
    "formatters": {"json": {"()": "portal.logging_json.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["redact_secrets"],
            "stream": "ext://sys.stdout",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}


def pre_fork(server, worker):  # type: ignore[no-untyped-def]
    """Before each fork, the master's objects (the app, its warm caches) leave the collector's
    reach: a child's first full collection would otherwise write to every one of them and copy
    each page of the master's memory, a pause of its first requests (CPython's gc.freeze)."""
    import gc

    gc.freeze()
