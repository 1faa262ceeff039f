"""http(s) URLs with httpx: bounded time, size and redirects; private addresses refused.

Every hop (the URL and each redirect target) is resolved and each resolved address is
checked before connecting, unless ``options.allow_private``. Environment proxies are not
used (``trust_env=False``): a proxy would make the address check meaningless.
"""

from __future__ import annotations

import io
import ipaddress
import socket
import time
from typing import Iterator
from urllib.parse import urljoin, urlsplit

from ..errors import FetchRefused, InputError
from ..options import Options
from ..records import Article

USER_AGENT = "storyline/0.1 (+https://github.com/storyline; news comparison)"
_HTML = ("text/html", "application/xhtml+xml")
_FEED = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")
_TEXT = ("text/plain",)
_JSONL = ("application/x-ndjson", "application/jsonl", "application/json", "application/x-jsonlines")


def is_url(s: str) -> bool:
    return s.lower().startswith(("http://", "https://"))


def check_address(url: str, options: Options) -> str | None:
    """Raise FetchRefused unless every address the host resolves to is public (or allowed).

    Returns the first checked address, so the connection can be pinned to it (a second
    DNS answer, as in DNS rebinding, is never used).
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchRefused(url, f"refused: scheme {parts.scheme!r} is not http or https")
    host = parts.hostname
    if not host:
        raise FetchRefused(url, "refused: URL has no host")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        raise FetchRefused(url, "refused: invalid port") from None
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise InputError(url, f"cannot resolve host {host!r} ({exc.strerror})") from None
    if options.allow_private:
        return None
    first = None
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        bad = [name for name in ("loopback", "link_local", "unspecified", "multicast", "reserved", "private")
               if getattr(ip, f"is_{name}")]
        if bad or not ip.is_global:
            why = bad[0].replace("_", "-") if bad else "non-global"
            raise FetchRefused(url, f"refused: {host} resolves to {why} address {ip} "
                                    "(use allow_private to fetch it)")
        first = first or info[4][0]
    return first


def _pinned(url: str, ip: str | None) -> tuple[str, dict[str, str], dict]:
    """The request URL with the host replaced by the checked address, its Host header and SNI."""
    parts = urlsplit(url)
    if not ip or parts.hostname is None:
        return url, {}, {}
    try:
        ipaddress.ip_address(parts.hostname)
        return url, {}, {}  # already an address
    except ValueError:
        pass
    literal = f"[{ip}]" if ":" in ip else ip
    netloc = literal + (f":{parts.port}" if parts.port else "")
    host_header = parts.hostname + (f":{parts.port}" if parts.port else "")
    ext = {"sni_hostname": parts.hostname} if parts.scheme.lower() == "https" else {}
    return parts._replace(netloc=netloc).geturl(), {"Host": host_header}, ext


def fetch(url: str, options: Options) -> tuple[bytes, str, str]:
    """GET a URL; return (body, content_type, final_url). Raises InputError/FetchRefused."""
    import httpx

    current = url
    with httpx.Client(follow_redirects=False, timeout=options.fetch_timeout, trust_env=False,
                      headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,"
                               "application/rss+xml,application/atom+xml,text/plain;q=0.8,*/*;q=0.1"}) as client:
        for hop in range(options.max_redirects + 1):
            try:
                ip = check_address(current, options)
            except InputError as exc:
                if current == url:
                    raise
                raise type(exc)(url, f"redirect to {current}: {exc.reason}") from None
            target, headers, ext = _pinned(current, ip)
            try:
                with client.stream("GET", target, headers=headers, extensions=ext) as resp:
                    if resp.is_redirect:
                        loc = resp.headers.get("location")
                        if not loc:
                            raise InputError(url, f"HTTP {resp.status_code} redirect without a Location")
                        current = urljoin(current, loc)
                        continue
                    if resp.status_code != 200:
                        raise InputError(url, f"HTTP {resp.status_code} {resp.reason_phrase}".strip())
                    ctype = resp.headers.get("content-type", "")
                    kind = content_kind(ctype)
                    if kind is None:
                        raise InputError(url, f"unsupported content type {ctype.split(';')[0] or 'none'!r}")
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > options.max_bytes:
                        raise InputError(url, f"page of {int(declared)} bytes is over the {options.max_bytes} byte limit")
                    body = bytearray()
                    started = time.monotonic()
                    for chunk in resp.iter_bytes():
                        body.extend(chunk)
                        if len(body) > options.max_bytes:
                            raise InputError(url, f"page is over the {options.max_bytes} byte limit")
                        # httpx times each read; a server dripping bytes needs a total bound too
                        if time.monotonic() - started > 2 * options.fetch_timeout:
                            raise InputError(url, f"download took over {2 * options.fetch_timeout:g} s")
                    return bytes(body), ctype, current
            except httpx.TimeoutException:
                raise InputError(url, f"timed out after {options.fetch_timeout:g} s") from None
            except httpx.HTTPError as exc:
                raise InputError(url, f"fetch failed ({type(exc).__name__}: {exc})") from None
        raise InputError(url, f"more than {options.max_redirects} redirects")


def content_kind(ctype: str) -> str | None:
    base = ctype.split(";")[0].strip().lower()
    if base.startswith(_HTML):
        return "html"
    if base in _FEED or base.endswith("+xml"):
        return "feed"
    if base in _TEXT:
        return "text"
    if base in _JSONL:
        return "jsonl"
    return None


def read_url(url: str, options: Options) -> Iterator[Article | InputError]:
    """Fetch a URL and read it as the format its content type (and bytes) say."""
    from .feeds import read_feed
    from .html import read_html
    from .jsonl import read_jsonl
    from .text import read_text

    body, ctype, final = fetch(url, options)
    kind = content_kind(ctype)
    if kind == "feed" and b"<html" in body[:4096].lower():
        kind = "html"  # servers often label HTML pages application/xml
    extra = {"fetched_url": final} if final != url else {}
    if kind == "html":
        gen = read_html(body, url, fmt="url", url=final, content_type=ctype, extra_meta=extra)
    elif kind == "feed":
        gen = read_feed(body, url, extra_meta=extra)
    elif kind == "jsonl":
        gen = read_jsonl(io.BytesIO(body), url, options.max_bytes)
    else:
        gen = read_text(body, url, fmt="url", extra={"url": final})
    for item in gen:
        if isinstance(item, Article):
            item.provenance["content_type"] = ctype
            item.provenance.setdefault("content_format", kind)
            if kind != "html" and item.provenance.get("format") != "url":
                item.provenance["content_format"] = item.provenance["format"]
                item.provenance["format"] = "url"
            item.provenance["source"] = url
        yield item
