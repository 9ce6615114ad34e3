"""The public directory's pages: thin views over the selectors, rate-limited against scraping."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from directory.forms import DirectorySearchForm
from directory.query import parse_query
from directory.selectors import directory_entry_get, directory_search
from directory.throttling import (
    directory_rate_limit,
    directory_visit_admitted,
    rate_limited_message,
)
from portal.page_cache import answered_early_once, public_page_response
from portal.ratelimit import RateLimitResult, refused_page


def _too_many_requests(request: HttpRequest, result: RateLimitResult) -> HttpResponse:
    return refused_page(
        request, result, "directory/rate_limited.html", {"message": rate_limited_message(result)}
    )


@require_GET
def directory_search_view(request: HttpRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET or None)
    searching = form.is_bound and form.is_valid() and form.has_criteria
    # Only searches count: the empty form is free to display. Every search counts, even one
    # answered from the cache.
    if searching and (refused := directory_rate_limit(request)):
        return _too_many_requests(request, refused)
    return public_page_response(
        request,
        lambda: _search_page(request, form, searching=searching),
        timeout=settings.DIRECTORY_PAGE_CACHE_SECONDS,
        early=False,  # the search was counted above, even when the page is stored
    )


def _search_page(
    request: HttpRequest, form: DirectorySearchForm, *, searching: bool
) -> HttpResponse:
    context: dict[str, object] = {"form": form, "results": None}
    if searching:
        data = form.cleaned_data
        results = directory_search(
            text=data["q"],
            specialty=data["specialite"],
            department=data["departement"],
            page=data["page"] or 1,
        )
        criteria = {k: data[k] for k in ("q", "specialite", "departement") if data[k]}
        context.update(
            results=results,
            unusable_query=bool(data["q"].strip())
            and parse_query(data["q"]).is_empty
            and not (data["specialite"] or data["departement"]),
            page_query=urlencode(criteria),
        )
    return render(request, "directory/search.html", context)


@answered_early_once(directory_visit_admitted)
@require_GET
def directory_entry_view(request: HttpRequest, rpps: str) -> HttpResponse:
    # Counted once per request: here, or by the page cache before it answers a stored entry.
    if refused := directory_rate_limit(request):
        return _too_many_requests(request, refused)
    return public_page_response(
        request,
        lambda: _entry_page(request, rpps),
        timeout=settings.DIRECTORY_PAGE_CACHE_SECONDS,
    )


def _entry_page(request: HttpRequest, rpps: str) -> HttpResponse:
    entry = directory_entry_get(rpps=rpps)
    if entry is None:
        raise Http404("Aucun médecin inscrit ne porte ce numéro RPPS.")
    return render(request, "directory/entry.html", {"entry": entry})
