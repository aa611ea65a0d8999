"""HTML bodies to plain text, keeping every hyperlink target and where it stood.

A lead's link often exists only in an ``href`` ("book a call with me"), so the anchors matter more than
the prose. Quoted history (``<blockquote>``, Gmail's ``gmail_quote``, Yahoo's ``yahoo_quoted``, and all
that follows Outlook's reply marker) is rendered with ``> `` prefixes so the plain-text splitter classifies
it the same way as in text bodies.

libxml2 (through lxml) parses: it recovers from any malformed markup, runs in linear time on hostile
input (the standard library's parser and lexbor were both measured quadratic on some inputs) and caps
nesting depth at 256, beyond which content is dropped rather than slowing everything down.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree

MAX_HTML_CHARS = 2_000_000
MAX_TEXT_CHARS = 1_000_000
MAX_LINKS = 500
MAX_ANCHOR_CHARS = 300

_SKIPPED = frozenset(
    {"script", "style", "head", "title", "template", "noscript", "svg", "math", "iframe", "object"}
)
_BLOCKS = frozenset(
    {
        "p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
        "blockquote", "section", "article", "header", "footer", "pre", "address", "dd", "dt", "body",
    }
)  # fmt: skip
_QUOTE_CLASSES = ("gmail_quote", "yahoo_quoted", "moz-cite-prefix", "protonmail_quote")
# Outlook puts the quoted message *after* these markers as siblings, so everything from them on is history.
_HISTORY_MARKERS = frozenset({"divRplyFwdMsg", "appendonsend", "OLK_SRC_BODY_SECTION"})
_IGNORED_SCHEMES = ("mailto:", "tel:", "#", "javascript:", "cid:", "data:")


@dataclass(frozen=True, slots=True)
class HtmlLink:
    """One ``<a href>`` target with its anchor text and the rendered line it stood on."""

    url: str
    anchor_text: str
    line: int


@dataclass(frozen=True, slots=True)
class RenderedHtml:
    """The text of an HTML body and its links."""

    text: str
    links: tuple[HtmlLink, ...]


def render_html(html: str) -> RenderedHtml:
    """Render ``html`` to text lines, recording each link's line; never raises on malformed input."""
    renderer = _Renderer()
    root = _parse(html[:MAX_HTML_CHARS])
    if root is not None:
        for event, element in etree.iterwalk(root, events=("start", "end")):
            if event == "start":
                renderer.start(element)
            else:
                renderer.end(element)
    renderer.finish_link()
    renderer.end_line()
    return RenderedHtml("\n".join(renderer.lines), tuple(renderer.links))


def _parse(html: str) -> Any:
    if not html.strip():
        return None
    parser = _parser()
    try:
        try:
            return etree.fromstring(html, parser)
        except ValueError:  # an XML declaration naming an encoding: hand libxml2 the bytes instead
            return etree.fromstring(html.encode("utf-8"), _parser(encoding="utf-8"))
    except (etree.LxmlError, ValueError):  # nothing recoverable
        return None


def _parser(encoding: str | None = None) -> etree.HTMLParser:
    return etree.HTMLParser(
        encoding=encoding, recover=True, no_network=True, remove_comments=True, remove_pis=True
    )


class _Renderer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.links: list[HtmlLink] = []
        self.size = 0
        self._line: list[str] = []
        self._line_has_text = False
        self._skip_depth = 0
        self._quote_depth = 0
        self._in_history = False
        self._link: tuple[str, int] | None = None
        self._anchor: list[str] = []

    def start(self, element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if self._skip_depth or tag in _SKIPPED or not tag:
            self._skip_depth += 1
            return
        if tag in _BLOCKS:
            self.end_line()
        if element.get("id") in _HISTORY_MARKERS:
            self._in_history = True
        if _is_quote(element, tag):
            self._quote_depth += 1
        if tag == "a":
            self.finish_link()
            href = (element.get("href") or "").strip()
            if href and not href.lower().startswith(_IGNORED_SCHEMES) and len(self.links) < MAX_LINKS:
                self._link = (href[:4096], len(self.lines))
        if element.text:
            self.handle_data(element.text)

    def end(self, element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if self._skip_depth:
            self._skip_depth -= 1
        else:
            if _is_quote(element, tag):
                self._quote_depth -= 1
            if tag == "a":
                self.finish_link()
            if tag in _BLOCKS:
                self.end_line()
        if element.tail and not self._skip_depth:
            self.handle_data(element.tail)

    def handle_data(self, data: str) -> None:
        if not data or self.size >= MAX_TEXT_CHARS:
            return
        data = data[: MAX_TEXT_CHARS - self.size + 1]
        collapsed = " ".join(data.split())
        text = (
            (" " if data[0].isspace() else "") + collapsed + (" " if collapsed and data[-1].isspace() else "")
        )
        if not self._line_has_text:
            if not collapsed:
                return
            text = text.lstrip()
            depth = self._quote_depth + self._in_history
            if depth:
                self._line.append("> " * depth)
            self._line_has_text = True
        elif self._line[-1].endswith(" ") and text.startswith(" "):
            text = text[1:]
        self._line.append(text)
        self.size += len(text)
        if self._link is not None:
            self._anchor.append(text)

    def finish_link(self) -> None:
        if self._link is not None:
            url, line = self._link
            anchor = " ".join("".join(self._anchor).split())[:MAX_ANCHOR_CHARS]
            self.links.append(HtmlLink(url, anchor, line))
        self._link = None
        self._anchor = []

    def end_line(self) -> None:
        """Close the current line; at most one blank line is kept between blocks."""
        if self._line_has_text:
            self.lines.append("".join(self._line).rstrip())
        elif self.lines and self.lines[-1]:
            self.lines.append("")
        self._line = []
        self._line_has_text = False


def _is_quote(element: Any, tag: str) -> bool:
    if tag == "blockquote":
        return True
    if tag != "div":
        return False
    classes = element.get("class") or ""
    return any(name in classes for name in _QUOTE_CLASSES)
