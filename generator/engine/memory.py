"""What the engine keeps of its last good build, in memory (`masthead serve`) and in the store
(for the next `masthead build`), so that an edit to article bodies redoes only the pages
showing them: the plan of pages, their keys and what they were made from.

A plan read from the store stays there until asked: paths, labels and keys of all pages are at
hand, a page is decoded when it is rendered again, the pages showing a body are found by an
index, and an article is decoded when a page shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from generator.core.model import Article, Page, Section, Site
from generator.engine.codec import decode, encode
from generator.engine.store import CacheDamaged, PlanRows, StoredPlan, trusted


class PagePlan:
    """Every page of a build, in order: paths and labels at hand, pages got by number."""

    def __init__(
        self,
        refs: list[tuple[str, str]],
        page: Callable[[int], Page],
        showing: Callable[[Iterable[str]], set[int]],
    ) -> None:
        self.refs, self._page, self._showing = refs, page, showing

    @classmethod
    def of(cls, pages: list[Page]) -> PagePlan:
        by_body: dict[str, list[int]] = {}
        for n, page in enumerate(pages):
            for body in page.bodies:
                by_body.setdefault(body, []).append(n)
        refs = [(p.path, p.label) for p in pages]
        return cls(
            refs, pages.__getitem__, lambda ids: {n for i in ids for n in by_body.get(i, ())}
        )

    @classmethod
    def stored(cls, plan: StoredPlan) -> PagePlan:
        decoded: dict[int, Page] = {}

        def page(n: int) -> Page:
            if n not in decoded:
                with trusted("pages"):
                    found = decode(plan.page(n))
                if not isinstance(found, Page):
                    raise CacheDamaged("unexpected page")
                decoded[n] = found
            return decoded[n]

        return cls(plan.refs, page, plan.showing)

    def __len__(self) -> int:
        return len(self.refs)

    def showing(self, ids: Iterable[str]) -> list[Page]:
        """The pages that show the body of any of `ids`, in plan order."""
        return [self._page(n) for n in sorted(self._showing(ids))]

    def where(self, keep: Callable[[str], bool]) -> list[Page]:
        """The pages whose path `keep` accepts, in plan order."""
        return [self._page(n) for n, (path, _) in enumerate(self.refs) if keep(path)]

    def rows(self, keys: Mapping[str, str]) -> list[tuple[str, str, str, str, tuple[str, ...]]]:
        """Every page as the store keeps it (a plan made by this build: all pages in memory)."""
        pages = (self._page(n) for n in range(len(self.refs)))
        return [(p.path, p.label, keys[p.path], encode(p), p.bodies) for p in pages]


class Lazy(Mapping[str, Article]):
    """The articles of a stored plan's site, in its order, each got when first asked for."""

    def __init__(self, ids: list[str], get: Callable[[str], Article]) -> None:
        self.ids, self.get_article, self.members = ids, get, set(ids)

    def __getitem__(self, article_id: str) -> Article:
        if article_id not in self.members:
            raise KeyError(article_id)
        return self.get_article(article_id)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self.members

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, slots=True)
class Basis:
    """What a plan was made from: it is reused only while all of these stay the same."""

    site_key: str  # Fingerprint.site: version, model, site.yaml, output options
    templates: str  # digest of every template of the theme chain
    inventory: str  # digest of the ids and files of content/
    meta_keys: str  # digest of the metadata key of every source
    extras: str  # digest of the pages and author profiles
    since: datetime  # the build's "now"; the plan holds until `valid_until`
    valid_until: datetime | None

    def fits(self, other: Basis) -> bool:
        """Whether a build with `other` may reuse a plan made with self."""
        same = (self.site_key, self.templates, self.inventory, self.meta_keys, self.extras)
        now = other.since
        timely = self.since <= now and (self.valid_until is None or now < self.valid_until)
        return (
            same
            == (
                other.site_key,
                other.templates,
                other.inventory,
                other.meta_keys,
                other.extras,
            )
            and timely
        )


@dataclass(frozen=True, slots=True)
class Memory:
    """The last good build: its plan and every key the plan was made from."""

    basis: Basis
    site: Site
    pages: PagePlan
    keys: dict[str, str]  # path -> key
    globals_key: str
    scheduled: frozenset[str]  # ids of scheduled articles (their pages are keyed apart)
    body_keys: Mapping[str, str]  # id -> the body key the page keys were made with
    templates: Mapping[str, str]  # template -> digest of it and all it uses (`template_digests`)

    def head(self) -> str:
        """Basis and site of this plan, as the store keeps it."""
        site = self.site
        return encode(
            {
                "basis": [getattr(self.basis, f) for f in Basis.__slots__],
                "globals_key": self.globals_key,
                "scheduled": sorted(self.scheduled),
                "templates": self.templates,
                "site": [list(site.sections.values()), list(site.articles), site.held_back],
                "notes": [list(site.warnings), list(site.drafts)],
                "now": site.now,
            }
        )

    def rows(self) -> PlanRows:
        return PlanRows(self.head(), self.pages.rows(self.keys))


def meta_of(meta_keys: Mapping[str, str], scheduled: frozenset[str]) -> Marked:
    return Marked(meta_keys, scheduled)


class Marked(Mapping[str, str]):
    """Metadata keys as pages are keyed: a scheduled article's is marked."""

    def __init__(self, keys: Mapping[str, str], scheduled: frozenset[str]) -> None:
        self.keys, self.scheduled = keys, scheduled

    def __getitem__(self, article_id: str) -> str:
        return self.keys[article_id] + ("s" if article_id in self.scheduled else "")

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys)

    def __len__(self) -> int:
        return len(self.keys)


def recall(plan: StoredPlan, get: Callable[[str], Article], body_keys: Mapping[str, str]) -> Memory:
    """The Memory of a stored plan; CacheDamaged when it does not decode as one."""
    with trusted("plan"):
        head = decode(plan.head)
        sections, ids, held_back = head["site"]
        if not all(isinstance(s, Section) for s in sections) or type(head["templates"]) is not dict:
            raise CacheDamaged("unexpected plan")
        warnings, drafts = (tuple(n) for n in head["notes"])
        site = Site({s.path: s for s in sections}, Lazy(ids, get), held_back, head["now"])
        site = replace(site, warnings=warnings, drafts=drafts)
        return Memory(
            Basis(*head["basis"]),
            site,
            PagePlan.stored(plan),
            plan.keys,
            head["globals_key"],
            frozenset(head["scheduled"]),
            body_keys,
            head["templates"],
        )


def with_bodies(memory: Memory, bodies: Mapping[str, str], body_keys: Mapping[str, str]) -> Memory:
    site = replace(memory.site, bodies=bodies)
    return replace(memory, site=site, body_keys=body_keys)
