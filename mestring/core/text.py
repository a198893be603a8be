"""Markdown descriptions: a small subset, sanitised on the way in and on the way out."""

import re

import nh3
from markdown_it import MarkdownIt

_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>]*>", re.DOTALL)
_UNSAFE_LINK = re.compile(r"\]\(\s*(?:javascript|vbscript|data):[^)]*\)", re.IGNORECASE)
_ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")


def sanitise_markdown(text: str) -> str:
    """Remove HTML and script links from Markdown source; idempotent, keeps plain text as is."""
    previous = None
    cleaned = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    while cleaned != previous:
        previous = cleaned
        cleaned = _TAG.sub("", cleaned)
        cleaned = _UNSAFE_LINK.sub("](#)", cleaned)
    return cleaned.strip()


def render_markdown(text: str) -> str:
    """Markdown to HTML that is safe to show: only the allowed tags and http(s)/mailto links."""
    html = _markdown.render(sanitise_markdown(text))
    html = re.sub(r"<(/?)h[12]>", r"<\1h3>", html)
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
