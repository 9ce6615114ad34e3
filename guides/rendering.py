"""Markdown to safe HTML, and sheets split into sections for the page's contents and the assistant.

Staff content is trusted to be well meant, not to be safe: every rendering goes through nh3,
which keeps a short list of tags and attributes, drops scripts and event handlers, and keeps
only http(s) and mailto links. Heading anchors come from Markdown's toc extension, and the
assistant's sections are cut at the same headings, so a link to "#<anchor>" always lands.
"""

import html
import re
from dataclasses import dataclass, field

from portal.links import link_is_clean, link_is_internal

ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "br",
    "abbr",
    "nav",
    "div",
}
ALLOWED_ATTRIBUTES = {
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "a": {"href", "title"},
    "th": {"scope"},
    "abbr": {"title"},
    "div": {"class"},
}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
PLAIN_EXTENSIONS = ["tables", "sane_lists", "fenced_code"]
MARKDOWN_EXTENSIONS = ["toc", *PLAIN_EXTENSIONS]

_HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_FENCE_RE = re.compile(r"^(```|~~~)")
# The headings that open a section for the assistant ("##" and "###"); deeper ones stay inside.
SECTION_LEVELS = (2, 3)
_ORDINARY_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    title: str
    level: int


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: list[TocEntry]


@dataclass
class Section:
    """A part of a sheet: its heading's anchor ("" for the text before the first heading)."""

    anchor: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def sanitize(raw_html: str) -> str:
    import nh3  # on first use: the sanitiser's native library is not needed by every worker

    return nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_href_filter,
    )


def _href_filter(tag: str, attribute: str, value: str) -> str | None:
    """Drop a link a browser would read differently from what staff wrote ("/\\host",
    "/\t/host", "//host"): the words stay, the link goes."""
    if attribute != "href":
        return value
    if not link_is_clean(value):
        return None
    if value.startswith("/") and not link_is_internal(value):
        return None
    return value


def to_plain_text(markdown_text: str) -> str:
    """The words a reader sees, without markup (for excerpts and the index)."""
    import markdown  # on first use, like the other document makers
    import nh3

    rendered = markdown.markdown(markdown_text, extensions=PLAIN_EXTENSIONS)
    text = nh3.clean(rendered, tags=set())
    return _collapse_spaces(html.unescape(text))


def _collapse_spaces(text: str) -> str:
    """Collapse ordinary whitespace, keeping the non-breaking spaces French typography needs."""
    return _ORDINARY_SPACES.sub(" ", text).strip()


def _toc_title(token: dict[str, object]) -> str:
    """A heading's words; the toc extension's own "name" turns non-breaking spaces into spaces."""
    inner = token.get("html")
    if not isinstance(inner, str):
        return html.unescape(str(token["name"]))
    return _collapse_spaces(html.unescape(_TAG.sub("", inner)))


def _flatten(tokens: list[dict[str, object]]) -> list[TocEntry]:
    entries: list[TocEntry] = []
    for token in tokens:
        entries.append(
            TocEntry(
                anchor=str(token["id"]),
                title=_toc_title(token),
                level=int(str(token["level"])),
            )
        )
        children = token.get("children")
        if isinstance(children, list):
            entries.extend(_flatten(children))
    return entries


def render_markdown(markdown_text: str) -> Rendered:
    """Sanitised HTML of a sheet's body and its table of contents (## and ### headings)."""
    import markdown

    md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)
    raw = md.convert(markdown_text)
    toc = [entry for entry in _flatten(md.toc_tokens) if entry.level in SECTION_LEVELS]
    return Rendered(html=sanitize(raw), toc=toc)


def _heading_lines(lines: list[str]) -> list[tuple[int, int]]:
    """(line index, level) of every ATX heading outside fenced code, in order."""
    found: list[tuple[int, int]] = []
    in_fence = False
    for index, line in enumerate(lines):
        if _FENCE_RE.match(line.strip()):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        match = _HEADING_RE.match(line)
        if match:
            found.append((index, len(match.group(1))))
    return found


def split_sections(markdown_text: str, *, intro_heading: str) -> list[Section]:
    """Cut a body at its "##"/"###" headings, with the anchors the rendered page carries."""
    import markdown

    md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)
    md.convert(markdown_text)
    all_entries = _flatten(md.toc_tokens)
    lines = markdown_text.splitlines()
    headings = _heading_lines(lines)
    # The toc extension lists every heading in document order, as found here; should a
    # construct make the two disagree, the section still exists and links to the sheet's top.
    aligned = len(all_entries) == len(headings)

    sections: list[Section] = []
    current = Section(anchor="", heading=intro_heading)
    block: list[str] = []

    def flush_block() -> None:
        text = to_plain_text("\n".join(block)) if any(line.strip() for line in block) else ""
        if text:
            current.paragraphs.append(text)
        block.clear()

    heading_at = {line_index: (n, level) for n, (line_index, level) in enumerate(headings)}
    for index, line in enumerate(lines):
        if index in heading_at:
            number, level = heading_at[index]
            if level in SECTION_LEVELS:
                flush_block()
                if current.paragraphs or current.anchor == "":
                    sections.append(current)
                entry = all_entries[number] if aligned else None
                title = entry.title if entry else _HEADING_RE.match(line).group(2)  # type: ignore[union-attr]
                current = Section(anchor=entry.anchor if entry else "", heading=title)
                continue
        if not line.strip():
            flush_block()
        else:
            block.append(line)
    flush_block()
    sections.append(current)
    return [section for section in sections if section.paragraphs or section.anchor]
