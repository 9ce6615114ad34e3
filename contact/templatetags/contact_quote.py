from django import template

register = template.Library()


@register.filter
def quote(text: str) -> str:
    """Each line prefixed with "> ", the way mail clients quote (plain-text emails)."""
    return "\n".join(f"> {line}" if line else ">" for line in str(text).splitlines())
