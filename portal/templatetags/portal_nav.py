"""Marks the navigation entry of the page being read, for screen readers and the eye alike."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def aria_current(context: template.Context, url: str) -> SafeString | str:
    """` aria-current="page"` on the page itself, `="true"` on a page below it, else nothing.

    Error pages render without a request (500), so a missing one simply marks nothing.
    """
    request = context.get("request")
    path = getattr(request, "path", "")
    if not url or not path:
        return ""
    if path == url:
        return format_html(' aria-current="{}"', "page")
    # The home page is above every page: marking it everywhere would say nothing.
    if url != "/" and path.startswith(url):
        return format_html(' aria-current="{}"', "true")
    return ""
