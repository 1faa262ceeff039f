"""The outlet registry: a domain, a name or a short form -> one outlet.

``data/outlets.json`` maps each outlet's domains, names ("The New York Times", "NYT")
and short forms ("the Times") to one id, display name and kind (outlet, agency,
broadcaster, government, photo). Short forms are ambiguous across outlets ("the Times" is a
paper in New York, London and Los Angeles), so they name an outlet only inside that
outlet's own articles. Domains are parsed with tldextract's bundled Public Suffix List
snapshot: nothing is fetched at run time.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from urllib.parse import urlsplit

from .text import strip_accents

KINDS = ("outlet", "agency", "broadcaster", "government", "photo")  # photo: picture agencies that sign credits


@dataclass(frozen=True)
class Outlet:
    id: str
    name: str
    kind: str
    domains: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    short: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "kind": self.kind}


def _key(name: str) -> str:
    """Names compared without case, accents, dots or a leading "the"."""
    s = strip_accents(name).casefold()
    s = re.sub(r"[.\u2019']", "", s)
    s = re.sub(r"[^\w/!&]+", " ", s).strip()
    return re.sub(r"^the ", "", s)


class Registry:
    """Lookups over a list of outlets (``registry()`` is the bundled one)."""

    def __init__(self, outlets: list[Outlet]):
        self.outlets = {o.id: o for o in outlets}
        self._domains: dict[str, Outlet] = {}
        self._names: dict[str, Outlet] = {}
        self._short: dict[str, list[Outlet]] = {}
        for o in outlets:
            for d in o.domains:
                self._domains[d.lower()] = o
            for n in (o.name, *o.names):
                self._names.setdefault(_key(n), o)
            for n in o.short:
                self._short.setdefault(_key(n), []).append(o)

    def by_domain(self, url_or_host: str | None) -> Outlet | None:
        """The outlet of a URL or host name: the host, then each parent domain up to the registered one."""
        host = host_of(url_or_host)
        if not host:
            return None
        parts = host.split(".")
        for i in range(len(parts) - 1):
            o = self._domains.get(".".join(parts[i:]))
            if o:
                return o
        reg = registered_domain(host)
        return self._domains.get(reg) if reg else None

    def by_name(self, name: str | None, context: Outlet | None = None) -> Outlet | None:
        """The outlet a name stands for; a short form only when ``context`` (the article's own outlet) is one it names."""
        if not name:
            return None
        k = _key(name)
        if context is not None and context in self._short.get(k, ()):
            return context
        return self._names.get(k)

    def names_of(self, *kinds: str) -> list[str]:
        """Every name of the outlets of these kinds, longest first (for building patterns)."""
        names = {n for o in self.outlets.values() if o.kind in kinds for n in (o.name, *o.names)}
        return sorted(names, key=lambda n: (-len(n), n))

    def find(self, outlet: str | None = None, url: str | None = None) -> Outlet | None:
        """The outlet of an article: its URL's domain, else its outlet field (a host or a name)."""
        return self.by_domain(url) or self.by_domain(outlet) or self.by_name(outlet)


@functools.lru_cache(maxsize=1)
def registry() -> Registry:
    data = json.loads(resources.files("storyline").joinpath("data/outlets.json").read_text(encoding="utf-8"))
    return Registry([Outlet(o["id"], o["name"], o["kind"], tuple(o.get("domains", ())), tuple(o.get("names", ())),
                            tuple(o.get("short", ()))) for o in data["outlets"]])


@functools.lru_cache(maxsize=1)
def _extractor():
    import tldextract

    # the snapshot bundled with the package: no download, no cache directory
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def host_of(url_or_host: str | None) -> str | None:
    """The lower-case host name of a URL or of a bare host ("www." kept; None when there is none)."""
    if not url_or_host or not isinstance(url_or_host, str):
        return None
    s = url_or_host.strip()
    if "//" not in s:
        if " " in s or "." not in s:
            return None  # a name, not a host
        s = "//" + s
    try:
        host = urlsplit(s).hostname
    except ValueError:
        return None
    return host.rstrip(".").lower() if host else None


def registered_domain(host: str) -> str | None:
    """The domain a registrant holds ("insider.foxnews.com" -> "foxnews.com", "bbc.co.uk")."""
    r = _extractor()(host)
    if not r.domain or not r.suffix:
        return None
    return f"{r.domain}.{r.suffix}"


_CAPS = re.compile(r"^(?:[A-Z]{3,}(?:[’'][A-Z])?\b[\s,]*)+")


def soften_caps(t: str) -> str:
    """"VENEZUELA’S President" -> "Venezuela’s President": a lede's opening caps, for display."""
    m = _CAPS.match(t)
    if not m or m.end() >= len(t) - 1:  # no caps opening, or a line all in caps (kept as written)
        return t
    if len(m[0].split()) < 2 and not re.search(r"[’']S\b", m[0]):  # one acronym ("NATO said") stays
        return t
    return m[0][0] + m[0][1:].lower() + t[m.end():]


def opening_words(text: str | None, width: int = 30) -> str | None:
    """An untitled article's first line: whole when it is short enough to be its headline,
    else cut at a word before ``width`` characters and quoted, as a piece of its text
    rather than a name (“Venezuela’s President Nicolas…”)."""
    line = next((ln.strip() for ln in (text or "").splitlines() if ln.strip()), None)
    if not line:
        return None
    line = soften_caps(" ".join(line.split()))
    if len(line) <= width:
        return line
    cut = line[: width - 1].rsplit(" ", 1)[0].rstrip(" ,;:–—-“\"‘'").strip('“”"')
    return f"“{cut}…”"


def article_name(outlet: str | None = None, url: str | None = None, title: str | None = None,
                 text: str | None = None, fallback: str | None = None) -> str:
    """The one name an article is shown under everywhere (reports, brief, web): its outlet
    (registry name, else domain or outlet field), else its title (opening capitals softened,
    cut at a word before 40 characters), else its opening words."""
    if title and title.strip():
        t = soften_caps(" ".join(title.split()))
        title = t if len(t) <= 40 else t[:39].rsplit(" ", 1)[0].rstrip(" ,;:–—-“\"‘'") + "…"
    return display_name(outlet, url, title or opening_words(text), fallback=fallback)


def display_name(outlet: str | None = None, url: str | None = None, title: str | None = None,
                 fallback: str | None = None) -> str:
    """The name a reader knows an article's source by.

    The registry's name; else the registered domain of its URL or outlet field
    ("example.org"), else the outlet field as given, else its title (shortened),
    else ``fallback`` (an id).
    """
    o = registry().find(outlet, url)
    if o:
        return o.name
    for cand in (url, outlet):
        host = host_of(cand)
        if host:
            return registered_domain(host) or host.removeprefix("www.")
    if outlet and outlet.strip():
        return outlet.strip()
    if title and title.strip():
        t = " ".join(title.split())
        return t if len(t) <= 60 else t[:57].rstrip() + "…"
    return fallback or "unknown source"
