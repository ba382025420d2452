"""Every URL rule of a site, so that a page and every link to it agree.

A URL here is a site path: relative to the site root, no leading slash ("news/a/"; "" is the
home page). Templates put base_url in front and feeds make it absolute. URLs from the root are
built by `folder`; those of an edition other than the default one start with its prefix ("ar/"),
given as `edition` (articles and sections have it in their path already); rules that extend a
URL (`listing_page`, `feed`) keep the prefix it has. Old paths (`alias`) and the files crawlers
look for at the root (sitemaps, robots.txt) take none.
"""

from __future__ import annotations

INDEX = "index.html"
NOT_FOUND = "404.html"
SITEMAP = "sitemap.xml"
NEWS_SITEMAP = "news-sitemap.xml"
ROBOTS = "robots.txt"
FEED = "feed.xml"
TAGS = "tags"
AUTHORS = "authors"
SEARCH = "search"


def folder(*parts: str) -> str:
    """The URL of a folder page: its non-empty parts joined, with the trailing slash."""
    joined = "/".join(p for p in parts if p)
    return joined + "/" if joined else ""


def home(edition: str = "") -> str:
    return folder(edition)


def article(section: str, slug: str) -> str:
    """An article lives in its section's folder ("" for the root) under its slug."""
    return folder(section, slug)


def section(path: str) -> str:
    return folder(path)


def listing_page(base: str, n: int) -> str:
    """Page `n` (from 1) of a paginated listing at `base`: the first is the listing itself."""
    return base if n == 1 else f"{base}page/{n}/"


def tag(slug: str, edition: str = "") -> str:
    return folder(edition, TAGS, slug)


def author(slug: str, edition: str = "") -> str:
    return folder(edition, AUTHORS, slug)


def search() -> str:
    return folder(SEARCH)


def tag_index(edition: str = "") -> str:
    return folder(edition, TAGS)


def author_index(edition: str = "") -> str:
    return folder(edition, AUTHORS)


def feed(listing: str = "") -> str:
    """The Atom feed of a listing (a section or a tag), or of the whole site."""
    return listing + FEED


def alias(path: str) -> str:
    """An old URL as a site path: "/old/story/" -> "old/story/"; "/old.html" stays a file (a
    last part with a dot and no trailing slash)."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return path.strip("/") + ("" if "." in last and not path.endswith("/") else "/")


def sitemap_part(n: int, tag: str = "") -> str:
    """The `n`th (from 1) sitemap file (of an edition: with its tag), when the site has more
    URLs than one file may hold."""
    return f"sitemap-{tag}-{n}.xml" if tag else f"sitemap-{n}.xml"


def edition_file(name: str, tag: str) -> str:
    """A root file of one edition, when a site has several: "sitemap.xml" -> "sitemap-ar.xml"."""
    stem, dot, ext = name.rpartition(".")
    return f"{stem}-{tag}{dot}{ext}"


def output_path(url: str) -> str:
    """The file a URL is served from: a folder's index.html, a file as itself."""
    return url + INDEX if url == "" or url.endswith("/") else url


def of_output(path: str) -> str:
    """The URL of an output file: the inverse of `output_path`."""
    return path.removesuffix(INDEX)
