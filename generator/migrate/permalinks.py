"""The old URL of an entry, from the source's permalink rules: Jekyll's styles and
placeholders, Hugo's `permalinks` tokens. Pure: values in, a site path ("/2020/01/02/x/") out."""

from __future__ import annotations

import re
from datetime import datetime

from generator.core.model import slugify

JEKYLL_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
TOKEN = re.compile(r":([a-z_]+)")


def expand(pattern: str, values: dict[str, str]) -> str:
    """`pattern` with each known `:token` replaced (longest names first), as a site path."""
    path = TOKEN.sub(lambda m: _longest(m.group(1), values), pattern)
    path = re.sub(r"/{2,}", "/", "/" + path)
    return path


def _longest(name: str, values: dict[str, str]) -> str:
    """The value of the longest token `name` starts with (`:titlefoo` is `:title` + "foo")."""
    for size in range(len(name), 0, -1):
        if name[:size] in values:
            return values[name[:size]] + name[size:]
    return ":" + name


def dated(when: datetime | None) -> dict[str, str]:
    if when is None:
        return {}
    return {
        "year": f"{when.year:04d}",
        "month": f"{when.month:02d}",
        "day": f"{when.day:02d}",
    }


def jekyll(pattern: str, when: datetime | None, title: str, categories: list[str]) -> str:
    """Jekyll's URL of a post: `pattern` is a style name or a template."""
    values = dated(when)
    if when is not None:
        values |= {
            "i_month": str(when.month),
            "i_day": str(when.day),
            "short_year": when.strftime("%y"),
            "hour": when.strftime("%H"),
            "minute": when.strftime("%M"),
            "second": when.strftime("%S"),
            "y_day": when.strftime("%j"),
            "week": when.strftime("%V"),
            "short_day": when.strftime("%a"),
            "long_day": when.strftime("%A"),
            "short_month": when.strftime("%b"),
            "long_month": when.strftime("%B"),
        }
    values |= {
        "title": title,
        "slug": title,
        "name": title,
        "categories": "/".join(dict.fromkeys(c.lower() for c in categories)),
        "output_ext": ".html",
    }
    return expand(JEKYLL_STYLES.get(pattern, pattern), values)


def hugo(pattern: str, when: datetime | None, fields: dict[str, str]) -> str:
    """Hugo's URL of a page; `fields`: title, slug, filename, section, sections. Hugo makes
    paths lower-case."""
    values = dated(when) | {k: v for k, v in fields.items() if v}
    if when is not None:
        values |= {
            "monthname": when.strftime("%B").lower(),
            "weekday": str(int(when.strftime("%w"))),
            "weekdayname": when.strftime("%A").lower(),
            "yearday": str(int(when.strftime("%j"))),
        }
    title = urlize(fields.get("title", ""))
    values["title"] = title
    values["slug"] = fields.get("slug") or title
    values["contentbasename"] = fields.get("filename", "")
    values["slugorfilename"] = fields.get("slug") or fields.get("filename", "")
    values["slugorcontentbasename"] = values["slugorfilename"]
    return expand(pattern, values).lower()


def urlize(text: str) -> str:
    """Hugo's `urlize` of a title, near enough: lower-case words joined by '-'."""
    return slugify(text)
