"""Bodies: Hugo shortcodes and Liquid tags that have a Markdown or HTML form are converted; any
other is left as it is and reported with its file and line. One pass of one pattern over the
source text, so every line reported is the line of the source file. Code blocks and
`{% raw %}` are left alone (Hugo's escaped `{{</* x */>}}` is unescaped there)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from generator.migrate.model import Log

PATTERN = re.compile(
    r"(?P<fence>^(?P<f>`{3,}|~{3,})[^\n]*\n.*?^(?P=f)[ \t]*$)"
    r"|\{%-?\s*raw\s*-?%\}(?P<raw>.*?)\{%-?\s*endraw\s*-?%\}"
    r"|\{%-?\s*highlight\s+(?P<lang>[\w+#.-]+)[^%]*%\}\n?(?P<code>.*?)\n?\{%-?\s*endhighlight\s*-?%\}"
    r"|\{\{[<%]\s*highlight\s+\"?(?P<hlang>[\w+#.-]+)\"?[^}]*?[>%]\}\}\n?(?P<hcode>.*?)\n?"
    r"\{\{[<%]\s*/highlight\s*[>%]\}\}"
    r"|\{\{[<%]/\*(?P<escaped>.*?)\*/[>%]\}\}"
    r"|\{\{[<%]\s*(?P<short>/?[\w.-]+)(?P<args>.*?)\s*/?[>%]\}\}"
    r"|\{%-?\s*(?P<tag>\w+)(?P<targs>.*?)-?%\}"
    r"|\{\{-?(?P<output>.*?)-?\}\}",
    re.S | re.M,
)
ARGUMENT = re.compile(r"""(?:([\w-]+)=)?(?:"([^"]*)"|'([^']*)'|`([^`]*)`|(\S+))""")
ESCAPED = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.S)
BASEURL = re.compile(r"^\s*site\.(?:base)?url\s*$")
RAW_MARKS = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}\n?")
VARIABLE = re.compile(r"^\s*site\.(\w+)\s*$")
URL_FILTER = re.compile(r"""^\s*['"]([^'"]*)['"]\s*\|\s*(?:relative_url|absolute_url)\s*$""")


@dataclass(frozen=True, slots=True)
class Context:
    """Where a body comes from, and how a link to another imported entry is made: `link(key)`
    gives the path of the imported file relative to this one, or None."""

    where: str
    first_line: int
    link: Callable[[str], str | None]
    variables: Mapping[str, str] = field(default_factory=dict)  # `{{ site.x }}` -> its value


def convert(text: str, context: Context, log: Log) -> str:
    def one(match: re.Match) -> str:
        line = (
            context.first_line + text.count("\n", 0, match.start()) if context.first_line else None
        )
        result = _convert(match, context)
        if result is None:
            log.leave(context.where, line, f"left as it is: {_shown(match.group())}")
            return match.group()
        kind, replacement = result
        if kind:
            log.did(kind)
        return replacement

    return PATTERN.sub(one, text)


def _shown(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 80 else flat[:77] + "..."


def _convert(match: re.Match, context: Context) -> tuple[str, str] | None:
    """(the kind of conversion, the new text), or None to leave the construct for a person."""
    if match.group("fence") is not None:
        fence = match.group("fence")
        new = ESCAPED.sub(r"{{\1\2\3}}", fence)
        return ("escaped shortcode" if new != fence else "", new)
    if match.group("raw") is not None:
        return ("{% raw %}", match.group("raw"))
    if match.group("code") is not None:
        code = RAW_MARKS.sub("", match.group("code"))  # Jekyll shows the code between them
        return ("{% highlight %}", _fenced(match.group("lang"), code))
    if match.group("hcode") is not None:
        return ("highlight", _fenced(match.group("hlang"), match.group("hcode")))
    if match.group("escaped") is not None:
        return ("escaped shortcode", ESCAPED.sub(r"{{\1\2\3}}", match.group()))
    if match.group("short") is not None:
        name = match.group("short")
        return _shortcode(name, arguments(match.group("args")), context)
    if match.group("tag") is not None:
        return _tag(match.group("tag"), match.group("targs").strip(), context)
    return _output(match.group("output"), context.variables)


def arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """A shortcode's positional and named arguments."""
    positional, named = [], {}
    for m in ARGUMENT.finditer(text):
        value = next((g for g in m.groups()[1:] if g is not None), "")
        if m.group(1):
            named[m.group(1)] = value
        else:
            positional.append(value)
    return positional, named


def _fenced(lang: str, code: str) -> str:
    fence = "~~~~" if "```" in code else "```"
    return f"{fence}{lang}\n{code.strip(chr(10))}\n{fence}"


def _shortcode(name: str, args: tuple[list[str], dict[str, str]], context: Context):
    positional, named = args
    first = positional[0] if positional else ""
    if name == "figure" and named.get("src"):
        return ("figure", figure(named))
    if name == "youtube" and (video := named.get("id") or first):
        return ("youtube", youtube(video))
    if name == "vimeo" and (video := named.get("id") or first):
        src = f"https://player.vimeo.com/video/{video}"
        return ("vimeo", f'<iframe src="{src}" width="640" height="360" allowfullscreen></iframe>')
    if name in ("x", "tweet", "twitter"):
        user = named.get("user") or (first if len(positional) > 1 else "")
        post = named.get("id") or (positional[-1] if positional else "")
        if user and post:
            return (name, f"[A post by @{user} on X](https://x.com/{user}/status/{post})")
    if name == "gist" and len(positional) >= 2:
        user, gist = positional[:2]
        return ("gist", f"[Gist {user}/{gist}](https://gist.github.com/{user}/{gist})")
    if name in ("ref", "relref") and (target := named.get("path") or first):
        path, _, fragment = target.partition("#")
        found = context.link(path)
        if found is not None:
            return (name, found + (f"#{fragment}" if fragment else ""))
    return None


def figure(named: dict[str, str]) -> str:
    """Hugo's figure as a Markdown image, its caption in italics below."""
    title = named.get("title", "").replace('"', "'")
    title = f' "{title}"' if title else ""
    image = f"![{named.get('alt', '')}]({named['src']}{title})"
    if named.get("link"):
        image = f"[{image}]({named['link']})"
    caption = named.get("caption", "")
    return image + (f"\n\n*{caption}*" if caption else "")


def youtube(video: str) -> str:
    src = f"https://www.youtube-nocookie.com/embed/{video}"
    return f'<iframe src="{src}" width="640" height="360" allowfullscreen></iframe>'


def _tag(name: str, args: str, context: Context):
    if name in ("post_url", "link") and args:
        found = context.link(args.split()[0].strip("'\""))
        if found is not None:
            return (f"{{% {name} %}}", found)
    if name == "gist" and args:
        gist = args.split()[0].strip("'\"")
        return ("{% gist %}", f"[Gist {gist}](https://gist.github.com/{gist})")
    return None


def _output(text: str, variables: Mapping[str, str]):
    if BASEURL.match(text):
        return ("{{ site.baseurl }} dropped", "")
    if (match := VARIABLE.match(text)) and match.group(1) in variables:
        return ("{{ site.* }} -> its value", variables[match.group(1)])
    if match := URL_FILTER.match(text):
        return ("relative_url/absolute_url", match.group(1))
    return None
