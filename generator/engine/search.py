"""The search index: Pagefind (its Python API) run over the article pages of the finished site,
its files handed to the writer like any page, under `pagefind/`.

The article pages are gathered in a staging folder of the site's cache (those rendered by this
build as they stream to the writer, the others copied from the output folder, where the last
build left them) and indexed in one request: Pagefind's service answers one request per tenth
of a second, so a request per page would not do. The index is made again only when an article
page was rendered or the set of article pages changed; otherwise its files are kept as they
are. Pages are indexed in the language of their `<html lang>` (Pagefind segments Arabic,
Chinese, Japanese... by it), only what is inside `data-pagefind-body` (the article).
"""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator.core.errors import SourceError
from generator.core.hashing import digest
from generator.core.layout import CONFIG_FILE, CONTENT_DIR
from generator.core.model import OutputFile, Page

FOLDER = "pagefind"  # in the output folder
ENTRY = "pagefind-entry.json"
ARTICLE_KIND = "article"


@dataclass(frozen=True, slots=True)
class SearchPlan:
    """What this build does about the index: make it again from `pages` (output paths of the
    article pages), or keep the files the output holds (`kept`)."""

    pages: tuple[str, ...]
    refresh: bool
    kept: tuple[tuple[str, str], ...]  # (path, source) of the index files kept as they are
    stamp: str  # of the pages indexed: what the next build compares with
    work: Path  # the staging folders, in the site's cache


def is_article_page(label: str) -> bool:
    """An article page's label is its source, `content/....md` (a redirect's says more)."""
    return label.startswith(f"{CONTENT_DIR}/") and label.endswith(".md")


def plan_search(
    refs: Sequence[tuple[str, str]], fresh: Iterable[Page], written: Mapping[str, str], work: Path
) -> SearchPlan:
    """Refresh when an article page is rendered, the set of them changed, or the output holds
    no index; else keep the index files the writer's record lists."""
    pages = tuple(path for path, label in refs if is_article_page(label))
    stamp = digest("\0".join(pages).encode())
    index = tuple((p, FOLDER) for p in written if p.startswith(f"{FOLDER}/"))
    last = work / "search.stamp"
    same = last.is_file() and last.read_text(encoding="utf-8") == stamp
    changed = any(p.kind == ARTICLE_KIND for p in fresh)
    refresh = changed or not same or not index
    return SearchPlan(pages, refresh, () if refresh else index, stamp, work)


def staged(files: Iterable[OutputFile], plan: SearchPlan) -> Iterator[OutputFile]:
    """The files as they come, each article page also written to the staging folder."""
    folder = plan.work / "search-pages"
    if plan.refresh:
        shutil.rmtree(folder, ignore_errors=True)
    wanted = set(plan.pages) if plan.refresh else set()
    for f in files:
        if f.path in wanted and f.data is not None:
            target = folder / f.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(f.data)
        yield f


def index_files(plan: SearchPlan, out: Path) -> list[OutputFile]:
    """The index of every article page (those not staged yet are copied from `out`), as files
    of the site; a SourceError naming site.yaml when Pagefind fails."""
    folder, made = plan.work / "search-pages", plan.work / "search-index"
    for path in plan.pages:
        target = folder / path
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(out / path, target)
    shutil.rmtree(made, ignore_errors=True)
    try:
        with ThreadPoolExecutor(1) as thread:  # its own event loop, whatever the caller runs
            thread.submit(asyncio.run, run_pagefind(folder, made)).result()
    except Exception as exc:  # the service reports its errors as plain Exceptions
        message = f"search: Pagefind failed ({exc}); set `search: false` to build without it"
        raise SourceError(CONFIG_FILE, None, message) from None
    return [
        OutputFile(f"{FOLDER}/{p.relative_to(made).as_posix()}", FOLDER, data=steady(p))
        for p in sorted(made.rglob("*"))
        if p.is_file()
    ]


def steady(path: Path) -> bytes:
    """The file's bytes; Pagefind's entry file with its languages in one order (Pagefind
    writes them in the order of a hash map, which differs from run to run)."""
    data = path.read_bytes()
    if path.name != ENTRY:
        return data
    entry = json.loads(data)
    entry["languages"] = dict(sorted(entry.get("languages", {}).items()))
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()


async def run_pagefind(pages: Path, made: Path) -> None:
    """One index of the staged pages, written to `made`."""
    from pagefind.index import PagefindIndex  # only builds with search pay for the import

    async with PagefindIndex(config={"output_path": str(made)}) as index:
        if pages.is_dir():
            await index.add_directory(str(pages))


def remember(plan: SearchPlan) -> None:
    """After the index is written: which pages it holds, for the next build."""
    if plan.refresh:
        (plan.work / "search.stamp").write_text(plan.stamp, encoding="utf-8")
