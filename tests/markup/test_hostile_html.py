"""HTML safety: front matter and site.yaml values are always escaped, in pages, JSON-LD, feeds and
sitemaps; raw HTML in bodies is kept by default and removed with `unsafe_html: false`;
`javascript:`, `vbscript:` and `data:` URLs never survive in links and images either way."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import pytest
from conftest import NOW, add, md, snapshot, write_tree
from helpers import tiny_png
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import BuildOptions, build
from generator.markup.registry import render_markdown
from generator.markup.sanitize import bad_url, sanitize, strip_bad_urls, url_scheme

BASE = "https://example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"
PAYLOAD = "</script><script>alert(1)</script>"
PAYLOADS = [
    PAYLOAD,
    "<img src=x onerror=alert(2)>",
    '"><svg onload=alert(3)>',
    "'-alert(4)-'",
    "]]></title><script>alert(5)</script>",
    "<!--<script>alert(6)//-->",
    "{{ 7 * 7 }} {% raw %}",
    "&lt;script&gt;alert(8)&lt;/script&gt;",
]
SCRIPT_TYPES = {"application/ld+json"}
THEME_SCRIPT = "/static/search.js"  # the search page's


def site_with(root: Path, site_yaml: str, **front: object) -> Path:
    write_tree(root, f"-- site.yaml --\n{site_yaml}")
    body = front.pop("body", "Body text.")
    add(root, "news/a.md", md(str(front.pop("headline")), str(body), **front))
    add(root, "news/b.md", md("Neighbour", "Plain.", date="2026-11-19", tags=["harbour"]))
    return root


def built(root: Path) -> dict[str, bytes]:
    result = build(BuildOptions(site=root, now=NOW))
    assert result.ok, [str(e) for e in result.errors]
    return snapshot(root / "output")


def hostile_site(root: Path, payload: str) -> Path:
    yaml_payload = json.dumps(payload)
    site_yaml = (
        f"title: {yaml_payload}\ndescription: {yaml_payload}\nbase_url: {BASE}\n"
        f"disclaimer: {yaml_payload}\ntwitter: {yaml_payload}\n"
        f"sections:\n  news: {{title: {yaml_payload}, description: {yaml_payload}}}\n"
        "markdown_extensions: [tables]\n"  # no smart quotes: each payload comes back as it is
    )
    add(root, "news/pic.png", tiny_png())
    return site_with(
        root,
        site_yaml,
        headline=payload,
        summary=payload,
        author=payload + " Smith",
        tags=[payload + " tag", "harbour"],
        image="pic.png",
        image_alt=payload,
        kicker=payload,
        corrections=[{"date": "2026-11-21", "text": payload}],
        aliases=["/old/story/"],
    )


def scripts_are_only_json_ld(page: lxml.html.HtmlElement, path: str) -> list[dict]:
    """No script a payload could have made: every <script> is JSON-LD that parses (or the
    theme's own search script, by its file); no element has an on* attribute; no `javascript:`
    URL."""
    data = []
    for script in page.iter("script"):
        if script.get("src") == THEME_SCRIPT and not script.text:
            continue
        assert script.get("type") in SCRIPT_TYPES, (path, lxml.html.tostring(script))
        data.append(json.loads(script.text))
    for element in page.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (path, name, value)
            if name in ("href", "src", "content"):
                assert not bad_url(value), (path, name, value)
    assert not page.xpath("//svg|//iframe|//object|//embed"), path
    return data


@pytest.mark.parametrize("payload", PAYLOADS)
def test_front_matter_and_site_values_are_escaped_everywhere(tmp_path: Path, payload: str) -> None:
    files = built(hostile_site(tmp_path, payload))
    pages = {p: d for p, d in files.items() if p.endswith(".html")}
    assert len(pages) > 8
    for path, data in pages.items():
        page = lxml.html.fromstring(data)
        scripts_are_only_json_ld(page, path)
    article = lxml.html.fromstring(files["news/a/index.html"])
    assert article.xpath("string(//h1)").strip() == payload
    assert article.xpath("string(//title)").startswith(payload)
    ld = scripts_are_only_json_ld(article, "article")
    assert ld[0]["headline"] == payload and ld[0]["description"] == payload
    assert ld[0]["author"][0]["name"] == payload + " Smith"
    assert article.xpath("string(//meta[@property='og:title']/@content)") == payload
    assert article.xpath("string(//meta[@name='twitter:site']/@content)") == payload


@pytest.mark.parametrize("payload", PAYLOADS)
def test_feeds_and_sitemaps_stay_well_formed(tmp_path: Path, payload: str) -> None:
    files = built(hostile_site(tmp_path, payload))
    xml = [p for p in files if p.endswith(".xml")]
    assert {"feed.xml", "news/feed.xml", "sitemap.xml", "news-sitemap.xml"} <= set(xml)
    for path in xml:
        lxml.etree.fromstring(files[path])  # raises on anything ill-formed
    feed = lxml.etree.fromstring(files["feed.xml"])
    assert feed.findtext(f"{ATOM}title") == payload
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert payload in titles
    parsed = feedparser.parse(files["news/feed.xml"])
    assert not parsed.bozo, parsed.bozo_exception
    assert payload in [e.title for e in parsed.entries]


def test_a_template_expression_in_content_is_never_evaluated(tmp_path: Path) -> None:
    files = built(site_with(tmp_path, f"title: T\nbase_url: {BASE}\n", headline="{{ 7 * 7 }}"))
    assert b"{{ 7 * 7 }}" in files["news/a/index.html"]
    assert b">49<" not in files["news/a/index.html"]


RAW = (
    "Intro.\n\n"
    '<div class="embed"><iframe src="https://video.example/embed/1"></iframe></div>\n\n'
    "<script>window.embed = 1</script>\n\n"
    '<p onclick="alert(1)" style="position:fixed">Styled <b>bold</b></p>\n\n'
    '<a href="javascript:alert(2)">raw js link</a>\n'
    '<img src="data:image/png;base64,AA" alt="raw">\n\n'
    "[md js](javascript:alert(3)) [md vb](VBScript:msgbox) ![md data](data:image/svg+xml,x)\n\n"
    "[spaced](java\tscript:alert(4)) [entity](&#106;avascript:alert(5))\n\n"
    "[fine](https://example.org/) [mail](mailto:desk@example.org) [local](b.md)\n\n"
    "[attr](https://example.org/){: onmouseover=alert(6) }\n"
)


def body_of(root: Path) -> lxml.html.HtmlElement:
    page = lxml.html.fromstring((root / "output/news/a/index.html").read_bytes())
    return page.xpath("//main//article")[0] if page.xpath("//main//article") else page


def test_raw_html_is_kept_by_default(tmp_path: Path) -> None:
    root = site_with(tmp_path, f"title: T\nbase_url: {BASE}\n", headline="Raw", body=RAW)
    built(root)
    html = (root / "output/news/a/index.html").read_text()
    assert '<iframe src="https://video.example/embed/1"></iframe>' in html
    assert "<script>window.embed = 1</script>" in html
    assert 'onclick="alert(1)"' in html  # raw HTML is trusted by default
    hrefs = body_of(root).xpath(".//a/@href") + body_of(root).xpath(".//img/@src")
    assert not [h for h in hrefs if bad_url(h)], hrefs
    assert "https://example.org/" in hrefs and "mailto:desk@example.org" in hrefs
    assert "/news/b/" in hrefs
    assert "alert(2)" not in html and "alert(3)" not in html and "alert(5)" not in html
    assert "data:image" not in html and "VBScript" not in html


def test_unsafe_html_false_strips_raw_html(tmp_path: Path) -> None:
    site_yaml = f"title: T\nbase_url: {BASE}\nunsafe_html: false\n"
    root = site_with(tmp_path, site_yaml, headline="Raw", body=RAW)
    built(root)
    html = (root / "output/news/a/index.html").read_text()
    body = body_of(root)
    for tag in ("iframe", "script", "svg", "object", "embed", "style", "form"):
        assert not body.xpath(f".//{tag}"), tag
    assert "window.embed" not in html and "alert" not in html
    for element in body.iter():
        if isinstance(element.tag, str):
            assert not any(n.startswith("on") for n in element.attrib), element.attrib
            assert "position" not in element.get("style", "")
    text = " ".join(body.text_content().split())
    assert "Styled bold" in text and "raw js link" in text  # the words stay, the markup goes
    hrefs = body.xpath(".//a/@href")
    assert "https://example.org/" in hrefs and "/news/b/" in hrefs
    scripts_are_only_json_ld(lxml.html.fromstring(html), "article")


def test_switching_unsafe_html_rebuilds_the_bodies(tmp_path: Path) -> None:
    root = site_with(tmp_path, f"title: T\nbase_url: {BASE}\n", headline="Raw", body=RAW)
    built(root)
    assert "<iframe" in (root / "output/news/a/index.html").read_text()
    (root / "site.yaml").write_text(f"title: T\nbase_url: {BASE}\nunsafe_html: false\n")
    built(root)  # with the cache from the build before
    assert "<iframe" not in (root / "output/news/a/index.html").read_text()
    (root / "site.yaml").write_text(f"title: T\nbase_url: {BASE}\nunsafe_html: true\n")
    built(root)
    assert "<iframe" in (root / "output/news/a/index.html").read_text()


@pytest.mark.parametrize(
    "url, scheme",
    [
        ("javascript:alert(1)", "javascript"),
        (" JaVaScRiPt:alert(1)", "javascript"),
        ("java\tscript:alert(1)", "javascript"),
        ("java\nscript:x", "javascript"),
        ("\x01javascript:x", "javascript"),
        ("&#106;avascript:x", "javascript"),
        ("&#x6A;avascript&colon;x", "javascript"),
        ("data:text/html,<script>", "data"),
        ("vbscript:x", "vbscript"),
        ("https://example.org/a:b", "https"),
        ("news/a:b.md", ""),
        ("a:b.md", "a"),
        ("/javascript:x", ""),
        ("./javascript:x", ""),
        ("#javascript:x", ""),
        ("?javascript:x", ""),
    ],
)
def test_url_scheme_is_read_as_a_browser_reads_it(url: str, scheme: str) -> None:
    assert url_scheme(url) == scheme


def test_raw_link_filter_changes_nothing_else() -> None:
    raw = '<div>\n<a class="x" href="javascript:go()">go</a><a href="/ok">ok</a>\n<img src=data:x>'
    assert strip_bad_urls(raw) == '<div>\n<a class="x">go</a><a href="/ok">ok</a>\n<img>'
    untouched = (
        '<video src="https://v.example/x.mp4" controls></video><!-- <a href="javascript:x"> -->'
    )
    assert strip_bad_urls(untouched) == untouched


@pytest.mark.parametrize(
    "raw, clean",
    [
        ('<h1 title="<h1>">Top</h1>', '<h2 title="&lt;h1&gt;">Top</h2>'),
        ('<img src="data:x" alt="a"><img src="m.png" alt="b">', '<img src="m.png" alt="b">'),
        ('<a href="masthead-ref:news/b.md">b</a>', '<a href="masthead-ref:news/b.md">b</a>'),
        ('<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>',
         '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>'),
        ('<blockquote cite="javascript:x">q</blockquote><q cite="https://a.example/">r</q>',
         '<blockquote>q</blockquote><q cite="https://a.example/">r</q>'),
        ('<table><tr><th style="text-align: left;" scope="col">h</th>'
         '<td style="color: red">d</td></tr></table>',
         '<table><tbody><tr><th style="text-align: left;" scope="col">h</th><td>d</td></tr>'
         "</tbody></table>"),
        ('<p lang="fr" onclick="x()">a<script>b</script><textarea>c</textarea><!-- d --></p>',
         '<p lang="fr">a</p>'),
    ],
)  # fmt: skip
def test_sanitize_keeps_what_markdown_writes_and_nothing_else(raw: str, clean: str) -> None:
    assert sanitize(raw) == clean


HTML_PIECES = st.sampled_from(
    [
        "<script>", "</script>", "<style>", "<iframe src='x'>", "<a href='javascript:x'>",
        "<a href=\"&#106;avascript:x\">", "<img src=x onerror=alert(1)>", "<svg onload=x>",
        "<math>", "</math>", "<b>", "</b>", "<p>", "</p>", "<!--", "-->", "<![CDATA[", "]]>",
        "<div style='x'>", "</div>", "<td style='text-align: left'>", "<form>", "<input>",
        "<base href=//evil>", "<meta http-equiv=refresh>", "<link rel=import>", "<object>",
        "<h1>", "</h1>", "<textarea>", "</textarea>", "<a href=https://ok.example>", "</a>",
        "alert(1)", "text", " ", "\n", "<", ">", "&", "&lt;", '"', "'", "=", "/",
    ]
)  # fmt: skip
ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup", "small",
    "mark", "code", "pre", "kbd", "samp", "var", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
    "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "div",
    "section", "span", "figure", "figcaption", "cite", "a", "img", "blockquote", "q", "abbr",
    "time",
}  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(pieces=st.lists(HTML_PIECES, max_size=30))
def test_sanitized_html_holds_only_allowed_tags_and_safe_urls(pieces: list[str]) -> None:
    clean = sanitize("".join(pieces))
    assert sanitize(clean) == clean  # stable: nothing left to remove
    tree = lxml.html.fragment_fromstring(clean, create_parent="div")
    for element in tree.iter():
        if element is tree or not isinstance(element.tag, str):
            assert not isinstance(element, lxml.html.HtmlComment)
            continue
        assert element.tag in ALLOWED_TAGS, clean
        for name, value in element.attrib.items():
            assert not name.startswith("on") and name not in ("srcdoc", "formaction"), clean
            if name in ("href", "src"):
                assert url_scheme(value) in ("", "http", "https", "mailto", "tel"), clean
            if name == "style":
                assert value.startswith("text-align"), clean


@settings(max_examples=60, deadline=None)
@given(pieces=st.lists(HTML_PIECES, max_size=20))
def test_markdown_without_raw_html_never_yields_scripts(pieces: list[str]) -> None:
    html = render_markdown("Intro\n\n" + "".join(pieces), "news", raw_html=False).html
    tree = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
    assert not tree.xpath(".//script|.//iframe|.//svg|.//object|.//style|.//base|.//meta")
    for element in tree.iter():
        if isinstance(element.tag, str):
            assert not any(name.startswith("on") for name in element.attrib)
