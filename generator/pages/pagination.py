"""Listings split into numbered pages: sections, tags and authors."""

from __future__ import annotations

from collections.abc import Iterator

from generator.core import urls
from generator.render.views import Views


def paginate(base: str, ids: list[str], per_page: int) -> Iterator[tuple[str, list[str], dict]]:
    """(output path, ids on the page, pagination) for each page of a listing at site path `base`."""
    chunks = [ids[i : i + per_page] for i in range(0, len(ids), per_page)] or [[]]
    for n, chunk in enumerate(chunks, 1):
        yield (
            urls.output_path(urls.listing_page(base, n)),
            chunk,
            {
                "page": n,
                "pages": len(chunks),
                "first_url": base,
                "prev_url": urls.listing_page(base, n - 1) if n > 1 else None,
                "next_url": urls.listing_page(base, n + 1) if n < len(chunks) else None,
            },
        )


def paged_title(views: Views, title: str, pagination: dict) -> str:
    """Later pages say which they are, so their titles differ from the first's."""
    n = pagination["page"]
    return title if n == 1 else views.word("paged_title", title=title, page=n)
