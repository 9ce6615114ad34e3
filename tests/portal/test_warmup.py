"""A web process builds its lazy caches before its first request, and keeps no connection."""

import pytest
from django.template import engines

from guides import assistant
from portal import pdf, warmup


@pytest.mark.django_db
def test_warm_builds_the_caches_and_closes_its_connections(shipped_guides, monkeypatch):
    monkeypatch.setattr(assistant, "_cached", None)
    closed: list[str] = []
    monkeypatch.setattr(warmup, "_close_connections", lambda: closed.append("closed"))
    rendered: list[str] = []
    monkeypatch.setattr(pdf, "_render", lambda html, css: rendered.append(html) or b"%PDF")
    loader = engines["django"].engine.template_loaders[0]
    loader.reset()
    warmup.warm()
    assert assistant._cached is not None, "the assistant's index was not built"
    compiled = set(loader.get_template_cache)
    assert {"base.html", "accounts/doctor_space.html", "vault/index.html"} <= compiled
    assert len(rendered) == 1, "a worker's first PDF would import WeasyPrint and load fonts"
    assert closed == ["closed"], "a forked worker would share the connections opened here"


def test_a_part_that_fails_is_left_lazy(monkeypatch, caplog):
    def broken() -> None:
        raise RuntimeError("base de données injoignable")

    monkeypatch.setattr(warmup, "PARTS", (("broken", broken), *warmup.PARTS[:1]))
    warmup.warm()
    record = next(r for r in caplog.records if r.getMessage() == "warm-up part failed, left lazy")
    assert record.part == "broken"
    assert record.error == "RuntimeError"
