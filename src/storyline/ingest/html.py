"""HTML pages through trafilatura: the extracted article text becomes raw_text."""

from __future__ import annotations

import hashlib
import logging
import re
from typing import Any, Iterator

from ..errors import InputError
from ..records import Article
from .common import build_article, normalize_date
from .sniff import decode_html

log = logging.getLogger(__name__)

# Fewer characters than this after extraction means the page had no article text.
MIN_TEXT_CHARS = 80

_PUBLISHED_META = (
    "article:published_time", "og:published_time", "datePublished", "date", "pubdate",
    "publishdate", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date",
)


def _page_meta(html: str, source: str) -> dict[str, Any]:
    """Publication time (with its clock time when given), language and canonical URL."""
    import lxml.etree
    import lxml.html

    out: dict[str, Any] = {}
    try:
        tree = lxml.html.fromstring(html.encode("utf-8"))
    except (lxml.etree.LxmlError, ValueError) as exc:  # ParserError ("Document is empty") and kin
        # the page's own metadata is optional: trafilatura's reading of it stands in
        log.warning("%s: page metadata unreadable (%s: %s); using trafilatura's", source, type(exc).__name__, exc)
        return out
    metas = {}
    for m in tree.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        if key and m.get("content") and key not in metas:
            metas[key] = m.get("content").strip()
        if (m.get("http-equiv") or "").lower() == "content-language" and m.get("content"):
            out.setdefault("language", m.get("content"))
    ld = _json_ld(tree)
    if ld.get("author"):
        out["author"] = ld["author"]
    if ld.get("datePublished") and normalize_date(ld["datePublished"])[0]:
        out["published"] = ld["datePublished"]
        return _finish(tree, out)
    for key in _PUBLISHED_META:
        iso, _, _ = normalize_date(metas.get(key.lower()))
        if iso:
            out["published"] = metas[key.lower()]
            break
    else:
        for t in tree.iter("time"):
            if t.get("datetime") and normalize_date(t.get("datetime"))[0]:
                out["published"] = t.get("datetime")
                break
    return _finish(tree, out)


def _finish(tree, out: dict[str, Any]) -> dict[str, Any]:
    """Language and canonical URL of the page."""
    lang = tree.get("lang") if tree.tag == "html" else None
    if lang is None:
        root = tree.getroottree().getroot()
        lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang:
        out["language"] = lang
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href", "").startswith("http"):
            out["canonical_url"] = link.get("href")
            break
    return out


_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                  "opinionnewsarticle", "backgroundnewsarticle", "webpage", "liveblogposting"}


def _json_ld(tree) -> dict[str, Any]:
    """datePublished and author of the page's schema.org article object, if any (full time kept)."""
    import json

    found: dict[str, Any] = {}
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            node = stack.pop(0)
            if isinstance(node, list):
                stack.extend(node)
                continue
            if not isinstance(node, dict):
                continue
            if "@graph" in node:
                stack.extend(node["@graph"] if isinstance(node["@graph"], list) else [node["@graph"]])
            types = node.get("@type")
            types = {t.lower() for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)}
            if types & _ARTICLE_TYPES:
                if isinstance(node.get("datePublished"), str) and "datePublished" not in found:
                    found["datePublished"] = node["datePublished"]
                author = node.get("author")
                author = author[0] if isinstance(author, list) and author else author
                name = author.get("name") if isinstance(author, dict) else author
                if isinstance(name, str) and name.strip() and "author" not in found:
                    found["author"] = name.strip()
    return found


def extract_html(html: str, source: str, url: str | None = None) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """Return (text, fields, metadata) of an HTML page; InputError when it has no article text."""
    import lxml.etree
    import trafilatura

    try:
        # no extensive date search: it guesses dates from copyright lines ("© 2025" -> 2025-01-01)
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=True,
                                          date_extraction_params={"extensive_search": False, "original_date": True,
                                                                  "outputformat": "%Y-%m-%d"})
    except (ValueError, TypeError, LookupError, lxml.etree.LxmlError, RecursionError) as exc:
        # trafilatura turns its own failures into None; what gets through is lxml's parser
        # errors, an unknown encoding (LookupError) or a page nested too deep to walk
        raise InputError(source, f"HTML could not be parsed ({type(exc).__name__})") from None
    text = (getattr(doc, "text", None) or "").strip("\n") if doc is not None else ""
    if len(text.strip()) < MIN_TEXT_CHARS:
        raise InputError(source, "HTML page has no article text")
    page = _page_meta(html, source)
    fields = {
        "title": doc.title,
        "author": doc.author or page.get("author"),
        "published": page.get("published") or doc.date,
        "outlet": doc.sitename,
        "url": url or page.get("canonical_url") or doc.url,
        "language": page.get("language") or getattr(doc, "language", None),
    }
    meta = {k: v for k, v in {
        "description": doc.description, "categories": doc.categories or None, "tags": doc.tags or None,
        "hostname": doc.hostname, "image": doc.image, "license": doc.license,
    }.items() if v}
    if page.get("published"):
        meta["published_from"] = "page metadata"
    elif doc.date:
        meta["published_from"] = "trafilatura/htmldate"
    return text, fields, meta


def html_provenance(data: bytes) -> dict[str, Any]:
    return {"html_sha256": hashlib.sha256(data).hexdigest(), "html_bytes": len(data)}


def read_html(data: bytes, source: str, fmt: str = "html", position: int = 0, url: str | None = None,
              content_type: str | None = None, extra: dict | None = None,
              extra_meta: dict | None = None) -> Iterator[Article | InputError]:
    html = decode_html(data, source, content_type)
    text, fields, meta = extract_html(html, source, url=url)
    for k, v in (extra or {}).items():
        if v and not fields.get(k):
            fields[k] = v
    meta.update(extra_meta or {})
    yield build_article(text, source=source, position=position, fmt=fmt, fields=fields, metadata=meta,
                        provenance=html_provenance(data))


_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section",
               "article", "header", "footer", "ul", "ol", "figure", "figcaption", "pre", "table"}


def fragment_to_text(fragment: str, source: str = "HTML fragment") -> str:
    """Plain text of an HTML fragment (a feed summary), one line per block element."""
    import lxml.etree
    import lxml.html

    if not re.search(r"<[a-zA-Z!/]", fragment):
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.LxmlError, ValueError, AssertionError) as exc:
        # lxml.html asserts on a fragment holding a whole document ("<html>...": "too many
        # bodies"); the text between the tags is still the summary, so keep it and say so
        log.warning("%s: markup unreadable (%s: %s); tags stripped", source, type(exc).__name__, exc)
        return re.sub(r"<[^>]+>", "", fragment).strip()
    for bad in root.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    parts: list[str] = []

    def walk(el):
        if el.tag in _BLOCK_TAGS:
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if el.tag in _BLOCK_TAGS:
            parts.append("\n")

    walk(root)
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line)
