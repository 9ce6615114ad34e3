"""Build a web process's lazy caches before it takes its first request.

A process fills several caches on first use: the URL resolver, compiled templates, the static
files manifest, the assistant's search index, the directory's vocabulary and WeasyPrint (its
import and fonts, for the first PDF). Left lazy, they were built by whichever requests a fresh
gunicorn worker met first, and a worker is replaced every `GUNICORN_MAX_REQUESTS` requests:
bench/web.py measured p99 of 1.5 to 4.5 s on pages whose p50 was 15 ms, all of it in the
requests queued behind a new worker's first ones.

`warm()` runs once from portal/wsgi.py: in gunicorn's master with `preload_app` (workers are
forked from it ready), or in each worker before it accepts a connection. The database and
cache connections it opened are closed at the end, so that no forked worker shares them.
A part that fails (the database not reachable yet while containers start) is logged and left
to be built lazily, as before.
"""

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import cast

from django.apps import apps
from django.conf import settings

logger = logging.getLogger("portal.warmup")


def _urls() -> None:
    from django.urls import get_resolver

    get_resolver().reverse_dict  # noqa: B018 - reading it populates the resolver


def _project_template_names() -> list[str]:
    """The project's own templates (not Django's or a library's: admin pages can wait)."""
    dirs = cast(list[str], settings.TEMPLATES[0]["DIRS"])
    roots = [Path(d) for d in dirs]
    roots += [
        Path(config.path) / "templates"
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR)
    ]
    names: set[str] = set()
    for root in roots:
        if root.is_dir():
            names.update(
                path.relative_to(root).as_posix()
                for path in root.rglob("*")
                if path.suffix in {".html", ".txt"} and path.is_file()
            )
    return sorted(names)


def _templates() -> None:
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template

    for name in _project_template_names():
        try:
            get_template(name)  # the cached loader keeps the compiled template
        except (TemplateDoesNotExist, TemplateSyntaxError):
            logger.warning("template not compiled at warm-up", extra={"template": name})


def _static_manifest() -> None:
    from django.contrib.staticfiles.storage import staticfiles_storage

    staticfiles_storage.url("css/portal.css")


def _assistant() -> None:
    from guides.assistant import current_index

    current_index()


def _directory() -> None:
    from directory.selectors import directory_specialty_list
    from directory.vocabulary import current_vocabulary

    current_vocabulary(roll_specialties=directory_specialty_list())


def _pdf_renderer() -> None:
    from portal.pdf import renderer_warm

    renderer_warm()


PARTS: tuple[tuple[str, Callable[[], None]], ...] = (
    ("urls", _urls),
    ("templates", _templates),
    ("static manifest", _static_manifest),
    ("assistant index", _assistant),
    ("directory vocabulary", _directory),
    ("pdf renderer", _pdf_renderer),
)


def _close_connections() -> None:
    from django.core.cache import caches
    from django.db import connections

    connections.close_all()
    caches.close_all()


def warm() -> None:
    started = time.perf_counter()
    try:
        for name, part in PARTS:
            try:
                part()
            except Exception as error:
                logger.warning(
                    "warm-up part failed, left lazy",
                    extra={"part": name, "error": type(error).__name__},
                )
    finally:
        _close_connections()
    logger.info("warmed up", extra={"seconds": round(time.perf_counter() - started, 3)})
