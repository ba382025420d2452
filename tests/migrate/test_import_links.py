"""Links and old URLs in imported bodies: a site-absolute link to an imported post becomes a
link to its file; one to a page that was not imported goes to the old site, reported; old URLs
that Masthead's own pages take are reported, not aliased."""

from __future__ import annotations

from pathlib import Path

from conftest import parse_html
from helpers_import import built, front, import_site, report_lines

SITE = """\
-- _config.yml --
title: Links
url: https://old.example.org
repository: https://github.com/example/links
collections:
  posts:
    permalink: /news/:year/:month/:day/:title/
-- _posts/2026-01-01-first.md --
---
title: First
categories: [tags]
---
Old words.
-- _posts/2026-01-02-second.md --
---
title: Second
permalink: /tags/
---
See [the first](/news/2026/01/01/first/#more), [the docs](/docs/setup/),
[the code]({{ site.repository }}/issues) and [a file](/files/report.pdf).

{% highlight liquid %}
{% raw %}
{{ page.title }}
{% endraw %}
{% endhighlight %}
"""


def test_links_and_old_urls(tmp_path: Path) -> None:
    site, report = import_site(tmp_path, "jekyll", SITE)
    second = front(site, "content/second.md")
    assert second["body"].startswith(
        "See [the first](tags-section/first.md#more), [the docs](https://old.example.org/docs/setup/),\n"
        "[the code](https://github.com/example/links/issues) and "
        "[a file](https://old.example.org/files/report.pdf)."
    )
    assert second["body"].endswith("```liquid\n{{ page.title }}\n```")
    assert "aliases" not in second
    assert front(site, "content/tags-section/first.md")["aliases"] == ["/news/2026/01/01/first/"]
    lines = report_lines(report)
    for wanted in (
        "- _posts/2026-01-02-second.md: old URL /tags/ is a path Masthead cannot write: "
        "no redirect from it",
        "- _posts/2026-01-02-second.md:5: '/docs/setup/' is no imported page: "
        "now https://old.example.org/docs/setup/",
        "- https://old.example.org/files/report.pdf (not in the source, in "
        "_posts/2026-01-02-second.md:6)",
        "- {{ site.* }} -> its value: 1",
    ):
        assert wanted in lines, wanted
    out = built(site)
    doc = parse_html(out / "second/index.html")
    assert doc.xpath("//article//a[text()='the first']/@href") == ["/tags-section/first/#more"]


HUGO = """\
-- hugo.toml --
title = "Docs"
baseURL = "https://docs.example.org/"
contentDir = "content/en"
-- content/en/news/note/index.md --
---
title: "A note"
date: 2026-01-05
images: [images/card.gif]
---
![secret](../../../../secret.txt) ![card](/images/card.gif)
-- static/images/card.gif --
png
"""


def test_files_come_from_the_source_only(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("secret")
    site, report = import_site(tmp_path, "hugo", HUGO)
    note = front(site, "content/news/note.md")
    assert note["image"] == "note/card.gif"  # `images` are paths in static/
    old = "https://docs.example.org/secret.txt"  # where the old page's link led
    assert note["body"] == f"![secret]({old}) ![card](note/card.gif)"
    assert not list(site.rglob("secret.txt"))
    wanted = f"- {old} (not in the source, in content/en/news/note/index.md:6)"
    assert wanted in report_lines(report)
    built(site)
