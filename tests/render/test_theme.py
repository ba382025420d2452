"""Themes: site template overrides, child themes, and template errors located by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import (
    add,
    build_site,
    error_lines,
    md,
    one_error_line,
    parse_html,
    snapshot,
    text_of,
    write_tree,
)

ARTICLE = "-- site.yaml --\ntitle: T\n-- content/news/a.md --\n" + md("Headline A")


def test_site_template_overrides_one_theme_template(tmp_path: Path) -> None:
    build_site(
        tmp_path,
        ARTICLE
        + "-- templates/article.html --\n"
        + "{% extends 'base.html' %}{% block content %}<p id='mine'>{{ article.headline }}</p>"
        + "{% endblock %}\n",
    )
    article = parse_html(tmp_path / "output/news/a/index.html")
    assert article.xpath("//p[@id='mine']/text()") == ["Headline A"]
    assert article.findtext(".//title") == "Headline A — T"  # base.html still the theme's
    home = parse_html(tmp_path / "output/index.html")
    assert "/news/a/" in [a.get("href") for a in home.iter("a")]


def test_site_can_override_a_partial(tmp_path: Path) -> None:
    build_site(
        tmp_path,
        ARTICLE
        + "-- templates/_breadcrumbs.html --\n<p id='crumbs'>{{ breadcrumbs | length }}</p>\n",
    )
    doc = parse_html(tmp_path / "output/news/a/index.html")
    assert doc.xpath("//p[@id='crumbs']/text()") == ["1"]


CHILD = """
-- site.yaml --
title: T
theme: mine
-- themes/mine/theme.yaml --
parent: default
-- themes/mine/templates/home.html --
{% extends 'base.html' %}
{% block content %}<p id="child-home">{{ latest | length }}</p>{% endblock %}
-- themes/mine/static/extra.css --
p {}
"""


def test_child_theme_overrides_its_own_templates(tmp_path: Path) -> None:
    result = build_site(tmp_path, CHILD + "-- content/news/a.md --\n" + md("Headline A"))
    assert result.ok, error_lines(result)
    home = parse_html(tmp_path / "output/index.html")
    assert home.xpath("//p[@id='child-home']/text()") == ["1"]


def test_child_theme_inherits_the_rest_from_its_parent(tmp_path: Path) -> None:
    build_site(tmp_path, CHILD + "-- content/news/a.md --\n" + md("Headline A"))
    article = parse_html(tmp_path / "output/news/a/index.html")
    assert [text_of(h) for h in article.xpath("//h1")] == ["Headline A"]
    assert (tmp_path / "output/news/index.html").is_file()


def test_child_theme_static_files_join_the_parents(tmp_path: Path) -> None:
    build_site(tmp_path, CHILD + "-- content/news/a.md --\n" + md("Headline A"))
    assert (tmp_path / "output/static/extra.css").read_text() == "p {}\n"
    assert (tmp_path / "output/static/style.css").is_file()


def test_site_template_wins_over_child_theme(tmp_path: Path) -> None:
    build_site(
        tmp_path,
        CHILD + "-- content/news/a.md --\n" + md("A") + "-- templates/home.html --\nSITE HOME\n",
    )
    assert (tmp_path / "output/index.html").read_text().strip() == "SITE HOME"


def test_unknown_theme_is_an_error_naming_it_and_the_known_ones(tmp_path: Path) -> None:
    result = build_site(tmp_path, "-- site.yaml --\ntitle: T\ntheme: nope\n")
    assert not result.ok
    [line] = error_lines(result)
    assert line.startswith("site.yaml:2: ")
    assert "'nope'" in line and "default" in line


def test_unknown_parent_theme_is_an_error(tmp_path: Path) -> None:
    result = build_site(
        tmp_path,
        "-- site.yaml --\ntitle: T\ntheme: mine\n-- themes/mine/theme.yaml --\nparent: gone\n",
    )
    [line] = error_lines(result)
    assert "'gone'" in line


def test_theme_lacking_a_template_is_an_error_naming_it(tmp_path: Path) -> None:
    result = build_site(
        tmp_path,
        "-- site.yaml --\ntitle: T\ntheme: bare\n-- themes/bare/templates/base.html --\nx\n"
        "-- content/a.md --\n" + md(),
    )
    assert not result.ok
    assert "article.html" in error_lines(result)[0]


# Template errors: `path:line: message`, naming the template file

ERRORS = {
    "syntax error": (
        "{% extends 'base.html' %}\n{% block content %}\n{% if %}\n{% endblock %}\n",
        "templates/article.html:3: ",
        "",
    ),
    "unclosed block": (
        "{% extends 'base.html' %}\n{% block content %}\n{% for x in y %}\n{% endblock %}\n",
        "templates/article.html:",
        "",
    ),
    "undefined variable": (
        "{% extends 'base.html' %}\n{% block content %}\n<p>\n{{ no_such_thing }}</p>\n"
        "{% endblock %}\n",
        "templates/article.html:4: ",
        "no_such_thing",
    ),
    "undefined attribute": (
        "{% extends 'base.html' %}\n{% block content %}\n\n\n{{ article.no_such_key }}\n"
        "{% endblock %}\n",
        "templates/article.html:5: ",
        "no_such_key",
    ),
    "unknown parent template": (
        "{% extends 'missing.html' %}\n",
        "templates/article.html:1: ",
        "missing.html",
    ),
    "unknown included template": (
        "{% extends 'base.html' %}\n{% block content %}\n{% include 'gone.html' %}\n"
        "{% endblock %}\n",
        "templates/article.html:3: ",
        "gone.html",
    ),
    "unknown filter": (
        "{% extends 'base.html' %}\n{% block content %}{{ article.date | nofilter }}"
        "{% endblock %}\n",
        "templates/article.html:2: ",
        "nofilter",
    ),
}


@pytest.mark.parametrize(("template", "where", "phrase"), ERRORS.values(), ids=ERRORS.keys())
def test_template_error_names_file_and_line(
    tmp_path: Path, template: str, where: str, phrase: str
) -> None:
    write_tree(tmp_path, ARTICLE)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/article.html").write_text(template)
    one_error_line(build_site(tmp_path), where, phrase)


def test_error_in_a_site_partial_names_the_partial(tmp_path: Path) -> None:
    write_tree(tmp_path, ARTICLE + "-- templates/_byline.html --\n{% macro x() %}\n{{ %}\n")
    [line] = error_lines(build_site(tmp_path))
    assert line.startswith("templates/_byline.html:"), line


def test_error_in_a_child_theme_template_names_its_file(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        CHILD.replace("{{ latest | length }}", "\n{{ latest.nope.deeper }}")
        + "-- content/a.md --\n"
        + md(),
    )
    [line] = error_lines(build_site(tmp_path))
    assert line.startswith("themes/mine/templates/home.html:3: "), line


def test_template_error_leaves_previous_output_untouched(tmp_path: Path) -> None:
    assert build_site(tmp_path, ARTICLE).ok
    before = snapshot(tmp_path / "output")
    write_tree(tmp_path, "-- templates/article.html --\n{{ oops }}\n")
    assert not build_site(tmp_path).ok
    assert snapshot(tmp_path / "output") == before


def test_templates_autoescape_article_values(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        "-- site.yaml --\ntitle: T\n-- templates/article.html --\n<p>{{ article.headline }}</p>\n",
    )
    add(tmp_path, "a.md", md("<i>x</i>"))
    build_site(tmp_path)
    assert "&lt;i&gt;x&lt;/i&gt;" in (tmp_path / "output/a/index.html").read_text()
