"""The Markdown floor: a site's article bodies converted to HTML and nothing else.

    python bench/floor.py CONTENT_DIR

Every `.md` file under CONTENT_DIR (but `_index.md`, Hugo's section pages) is read, its front
matter stripped, and its body converted with Python-Markdown and the extensions Masthead turns
on by default, minus `smarty` (Masthead's own pass on the HTML, not Python-Markdown's), plus
`sane_lists` (always on): one process per core, one Markdown instance per process, `reset()`
between bodies, nothing written. No static site generator built on Python-Markdown can build
those articles faster, so bench/run.py runs this as one more tool and divides Masthead's cold
build by it.
"""

from __future__ import annotations

import multiprocessing
import os
import sys

import markdown

EXTENSIONS = (
    "tables",
    "footnotes",
    "fenced_code",
    "toc",
    "attr_list",
    "def_list",
    "abbr",
    "sane_lists",
)


def body(text: str) -> str:
    """The text after YAML front matter (`---` lines), or all of it when there is none."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end >= 0:
            return text[end + 5 :]
    return text


def convert(paths: list[str]) -> int:
    """Convert these files' bodies in this process; returns the characters of HTML made."""
    md = markdown.Markdown(extensions=EXTENSIONS)
    made = 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        made += len(md.reset().convert(body(text)))
    return made


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not os.path.isdir(argv[0]):
        print("usage: python bench/floor.py CONTENT_DIR", file=sys.stderr)
        return 2
    paths = sorted(
        os.path.join(folder, name)
        for folder, _, names in os.walk(argv[0])
        for name in names
        if name.endswith(".md") and name != "_index.md"
    )
    workers = os.cpu_count() or 1
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        made = pool.map(convert, [paths[i::workers] for i in range(workers)])
    print(f"{len(paths)} bodies, {sum(made):,} characters of HTML, {workers} processes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
