"""gunicorn's configuration for production: `gunicorn -c python:mestring.operations.gunicorn_conf`.

Workers from the CPU count (2 × CPUs + 1, or WEB_CONCURRENCY), the address from BIND, no
access log of gunicorn's own (the application writes one JSON line per request), and the
Prometheus multiprocess files of a worker that exits are marked dead.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "0.0.0.0:8000")  # noqa: S104 - in a container or behind a proxy
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

if os.environ.get(
    "LOG_FORMAT", "text" if os.environ.get("DEBUG", "true") == "true" else "json"
) == ("json"):
    # gunicorn's own lines (start, workers, timeouts) as JSON too, like the application's.
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "mestring.operations.logs.JsonFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            },
            "error_console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
        },
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False}
        },
    }


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
