"""One HTML response in, one clean Indonesian news article out (or ``None``).

The steps, each chosen by measuring on real Indonesian pages:

1. Decode the bytes ourselves. Pages declare ``iso-8859-1`` while sending UTF-8 (``Â©`` mojibake
   if the declaration is believed), so bytes that are valid UTF-8 are read as UTF-8 whatever the
   declaration; otherwise the declared charset, with latin-1 read as windows-1252 as browsers do.
2. Parse once with lxml, after repairing a self-closing ``<html/>`` that would otherwise leave the
   root element empty.
3. Metadata from the whole page: title (a heading that the meta title contains, else the meta
   title without its site-name affixes), publication date (``pipeline.extract.dates``), canonical URL,
   site name, pagination.
4. Drop what only looks like article text before extraction: related-link lists (lists whose text
   is nearly all link text) and figure captions.
5. trafilatura on the pruned tree, then the line-based Indonesian cleaner (``pipeline.extract.clean``).

Nothing here raises on bad input: a page that is not HTML, holds no article text, or breaks a
parser gives ``None``.
"""

from __future__ import annotations

import json
import logging
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import trafilatura
from lxml import etree

from nlp.language import detect_language
from pipeline.core.config import LimitsConfig
from pipeline.extract.clean import clean_text, load_boilerplate_rules
from pipeline.extract.dates import find_published
from pipeline.extract.html import parse_html
from pipeline.extract.limits import ExtractTimeout, PageRejected, check_size, check_tree, cpu_limit

__all__ = ["ExtractDirReport", "ExtractedArticle", "extract_article", "extract_checked", "extract_dir"]

logger = logging.getLogger(__name__)

# trafilatura settings, measured with this module's pruning and cleaning on 30 real Indonesian pages
# (all-checks-pass share / boilerplate lines left): favor_precision 0.90 / 3 of 139; default 0.83 / 5
# (it loses the body of one page); favor_recall 0.80 / 7; include_tables 0.87 / 5 (outlets use tables
# for photo boxes and "Baca juga" cards, not data). deduplicate scores the same but keeps a cache
# across documents, so in a long run it would cut the shared paragraphs of syndicated copies that
# near-duplicate detection needs: off.
_TRAFILATURA: dict[str, Any] = {
    "include_comments": False,
    "favor_precision": True,
    "include_tables": False,
    "deduplicate": False,
    "with_metadata": False,
}


_MIN_WORDS = 12  # fewer words than a one-sentence lead is a menu or a widget, not an article


_TITLE_SEP = re.compile(r"(\s+(?:[-|–—•»~]|::)\s+|\s*\|\s*|:\s+)")


_JSONLD_AUTHOR = re.compile(r'"author"\s*:\s*\[?\s*\{[^{}]*?"name"\s*:\s*"([^"]{2,120})"')


_NOT_A_PERSON = re.compile(
    r"\b(developer|webmaster|admin(istrator)?|redaksi|editorial|newsroom|media)\b", re.I
)


_JSONLD_HEADLINE = re.compile(r'"headline"\s*:\s*"((?:[^"\\]|\\.){5,400})"')


_CAPTION_CLASS = re.compile(r"(^|[\s_-])(caption|figcaption|credit|keterangan)([\s_-]|$)", re.I)


_PAGE_QUERY = ("page", "halaman", "hal", "p", "pg")


_NEXT_TEXT = re.compile(r"(halaman\s+)?(selanjutnya|berikutnya|next)\b.{0,20}|›|»|>", re.I)


_SHOW_ALL = re.compile(r"(?:^|[?&/])(?:page|halaman|hal)=(?:all|semua)\b|/all/?$", re.I)


_SHOW_ALL_TEXT = re.compile(r"show all|tampilkan semua|semua halaman|baca semua|lihat semua", re.I)


_DATELINE_LEAD = re.compile(r"[^\W\d_][\w .,()/]{1,60}?\s+(?:--|[-–—])\s+\S")


_SECOND_LEVEL = {"co", "go", "or", "ac", "web", "my", "sch", "net", "biz", "desa", "ponpes", "mil", "com"}


@dataclass(frozen=True)
class ExtractedArticle:
    """An article as read from one page. ``page_number`` > 1 or a ``next_page_url`` marks a multi-page one."""

    url: str | None
    canonical_url: str | None
    title: str | None
    author: str | None
    editor: str | None
    attribution: str | None
    site_name: str | None
    language: str | None
    published_at: datetime | None
    published_raw: str | None
    text: str
    removed_lines: tuple[str, ...]
    next_page_url: str | None
    page_number: int


def _text(el: Any) -> str:
    return " ".join(el.text_content().split())


def _norm(s: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", s.lower()).split())


def _metas(tree: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = " ".join((meta.get("content") or "").split())
        if key and content:
            out.setdefault(key, content)
    return out


def _site_tokens(site_name: str | None, hosts: list[str]) -> set[str]:
    """The outlet's brand (``kompas`` of regional.kompas.com) and its declared name, normalised.

    Sub-domain labels ("regional", "sultra") are left out: they are words a headline may use.
    """
    tokens = {_norm(site_name)} if site_name and len(_norm(site_name)) > 3 else set()
    for host in hosts:
        labels = [x for x in host.lower().split(":")[0].split(".") if x and x != "www"]
        if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
            labels = labels[:-1]
        if len(labels) >= 2 and len(labels[-2]) > 2:
            tokens.add(labels[-2])
    return tokens


def _is_site_segment(segment: str, tokens: set[str]) -> bool:
    norm = _norm(segment)
    words = norm.split()
    if not words or len(words) > 5:
        return False
    if re.search(r"\.(com|co\.id|id|net|org|tv|news)\b", segment, re.I):
        return True
    for token in tokens:
        if " " in token or token == norm:
            if token in norm or (len(norm) > 3 and norm in token):
                return True
        elif any(token in w for w in words):
            return True
    return False


def _strip_site(title: str, tokens: set[str]) -> str:
    """Remove " - Kompas.com", "| merdeka.com", "KapanLagi.com: Musik - " and similar affixes."""
    parts = _TITLE_SEP.split(title)
    segs, seps = parts[0::2], parts[1::2]
    for from_end in (True, False):
        removed = False
        while len(segs) > 1:
            i = -1 if from_end else 0
            seg = segs[i].strip()
            sep = seps[i]
            if _is_site_segment(seg, tokens) or (removed and len(seg.split()) <= 2 and ":" not in sep):
                segs.pop(i)
                seps.pop(i)
                removed = True
                continue
            break
    out = segs[0]
    for sep, seg in zip(seps, segs[1:], strict=True):
        out += sep + seg
    return out.strip()


def _title(tree: Any, metas: dict[str, str], site_name: str | None, hosts: list[str]) -> str | None:
    candidates = [metas.get("og:title"), metas.get("twitter:title")]
    for script in tree.iter("script"):
        if (
            "ld+json" in (script.get("type") or "")
            and script.text
            and (m := _JSONLD_HEADLINE.search(script.text))
        ):
            try:
                candidates.append(json.loads(f'"{m.group(1)}"'))
            except ValueError:
                candidates.append(m.group(1))
    title_el = tree.find(".//title")
    if title_el is not None:
        candidates.append(_text(title_el))
    metatitles = [c.strip() for c in candidates if c and c.strip()]
    headings = [h for h in (_text(el) for el in tree.iter("h1", "h2")) if len(h.split()) >= 3][:40]
    # A page heading that a meta title contains is the headline with its own punctuation.
    for meta in metatitles:
        nm = _norm(meta)
        fits = [h for h in headings if _norm(h) and _norm(h) in nm and len(_norm(h)) >= 0.5 * len(nm)]
        if fits:
            return max(fits, key=len)
    tokens = _site_tokens(site_name, hosts)
    for meta in metatitles:
        stripped = _strip_site(meta, tokens)
        if stripped and not _is_site_segment(stripped, tokens):
            return stripped
    return headings[0] if headings else None


def _meta_author(tree: Any, metas: dict[str, str], site_name: str | None, hosts: list[str]) -> str | None:
    """The author a page declares for machines, when the text itself carries no byline.

    Many CMSs put the publisher there ("Kompas Cyber Media", "site developer"): a value naming the
    site, or a role rather than a person, is not an author.
    """
    tokens = _site_tokens(site_name, hosts)
    found = [
        metas.get(k) for k in ("author", "content_author", "dc.creator", "parsely-author", "article:author")
    ]
    for script in tree.iter("script"):
        if "ld+json" in (script.get("type") or "") and script.text:
            found.extend(m.group(1) for m in _JSONLD_AUTHOR.finditer(script.text))
    for value in found:
        value = " ".join((value or "").split())
        words = _norm(value).split()
        if (
            words
            and not re.match(r"https?:|www\.", value)
            and not any(t in w for t in tokens for w in words)
            and not _NOT_A_PERSON.search(value)
        ):
            return value
    return None


def _canonical(tree: Any, metas: dict[str, str], url: str | None) -> str | None:
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and (href := (link.get("href") or "").strip()):
            return urljoin(url or "", href)
    if og := metas.get("og:url"):
        return urljoin(url or "", og)
    return None


def _page_number(url: str | None) -> int:
    if not url:
        return 1
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    for key in _PAGE_QUERY:
        if key in query and query[key][0].isdigit():
            return max(1, int(query[key][0]))
    m = re.search(r"/(?:(?:page|halaman|hal)[/-]?)?(\d{1,2})/?$", parts.path)
    if m and not re.search(r"/\d{4}/\d{1,2}/?$", parts.path) and int(m.group(1)) < 50:
        return max(1, int(m.group(1)))
    return 1


def _article_stem(url: str) -> str:
    path = urlsplit(url).path
    return re.sub(r"/(?:(?:page|halaman|hal)[/-]?)?\d{1,2}/?$", "", path).rstrip("/")


def _same_article(target: str, base: str) -> bool:
    return urlsplit(target).netloc == urlsplit(base).netloc and _article_stem(target) == _article_stem(base)


def _next_page(tree: Any, base: str | None, page: int) -> str | None:
    """The next page of the same article: rel=next, or a pager link to page N+1 of the same path.

    A pager whose active entry is "show all" (``?page=all``) means this page already holds the
    whole article, and a rel=next pointing elsewhere (an index page) is not a next page.
    """
    if base and _SHOW_ALL.search(urlsplit(base).query + urlsplit(base).path):
        return None
    candidates: list[str] = []
    pager_labels = (str(page + 1), f"Halaman {page + 1}")
    for el in tree.iter("link", "a"):
        href = (el.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:")):
            continue
        label = _text(el) if el.tag == "a" else ""
        # Cheap test first: a page has hundreds of links and only pager-like ones matter
        # (resolving and comparing every URL was 6 % of all processing time).
        if not (
            "next" in (el.get("rel") or "").lower()
            or label in pager_labels
            or _NEXT_TEXT.fullmatch(label)
            or _SHOW_ALL.search(href)
            or _SHOW_ALL_TEXT.fullmatch(label)
        ):
            continue
        target = urljoin(base or "", href)
        if base and not _same_article(target, base):
            continue
        cls = f"{el.get('class') or ''} {el.get('aria-current') or ''}".lower()
        if (_SHOW_ALL.search(target) or _SHOW_ALL_TEXT.fullmatch(label)) and (
            "active" in cls or "current" in cls
        ):
            return None
        if "next" in (el.get("rel") or "").lower().split():
            if base or el.tag == "link":
                candidates.insert(0, target)
            continue
        if (
            base
            and _page_number(target) == page + 1
            and (label in pager_labels or _NEXT_TEXT.fullmatch(label))
        ):
            candidates.append(target)
    return candidates[0] if candidates else None


def _prune(tree: Any) -> None:
    """Drop related-link lists and captions, which trafilatura would keep as article text."""
    doomed = []
    for lst in tree.iter("ul", "ol"):
        total = len(_text(lst))
        if total == 0:
            continue
        linked = sum(len(_text(a)) for a in lst.iter("a"))
        if linked >= 0.8 * total and total < 2000:
            doomed.append(lst)
    for el in tree.iter("figcaption"):
        doomed.append(el)
    for el in tree.iter("div", "span", "p", "figure"):
        cls = f"{el.get('class') or ''} {el.get('id') or ''}"
        if _CAPTION_CLASS.search(cls) and len(_text(el)) < 400:
            doomed.append(el)
    doomed.extend(_captions_below_images(tree))
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            el.drop_tree()
    for div in [d for d in tree.iter("div", "td", "section", "article") if _loose_text(d) >= _LOOSE_MIN]:
        _paragraphize(div)


def _captions_below_images(tree: Any) -> list[Any]:
    """A short text-only ``div``/``span`` right after an image holder is that image's caption."""
    out = []
    for img in tree.iter("img"):
        holder = img
        for _ in range(3):  # the image itself, or a wrapper holding little else
            el = holder.getnext()
            if el is not None and el.tag in ("div", "span"):
                text = _text(el)
                if (
                    0 < len(text) < 250
                    and not _DATELINE_LEAD.match(text)  # a short lead paragraph under the photo
                    and not any(isinstance(c.tag, str) and c.tag in _BLOCK for c in el.iterdescendants())
                ):
                    out.append(el)
                break
            if el is not None:
                break
            parent = holder.getparent()
            if parent is None or len(_text(parent)) > 20:
                break
            holder = parent
    return out


_BLOCK = frozenset(
    [
        "p",
        "div",
        "ul",
        "ol",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figure",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "nav",
        "form",
        "pre",
        "dl",
        "hr",
        "script",
        "style",
        "noscript",
        "iframe",
    ]
)


_LOOSE_MIN = 80


def _loose_text(el: Any) -> int:
    """Characters of text sitting directly in ``el`` (not inside a child block)."""
    n = len((el.text or "").strip())
    n += sum(len((child.tail or "").strip()) for child in el)
    if n < _LOOSE_MIN // 4:
        return n  # cheap exit: most containers hold no bare text at all
    for child in el:
        if isinstance(child.tag, str) and child.tag not in _BLOCK:
            n += len(child.text_content().strip())
    return n


def _paragraphize(el: Any) -> None:
    """Wrap runs of loose text and inline elements in ``<p>``, as a browser shows them.

    Some CMSs write a story's first paragraph as bare text in the container, before the first
    ``<p>``; an extractor that scores paragraphs never sees it as one.
    """
    children = list(el)
    text, el.text = el.text, None
    for child in children:
        el.remove(child)
    current: Any = None

    def para() -> Any:
        nonlocal current
        if current is None:
            current = etree.SubElement(el, "p")
        return current

    if text and text.strip():
        para().text = text
    for child in children:
        tail, child.tail = child.tail, None
        if isinstance(child.tag, str) and child.tag in _BLOCK:
            current = None
            el.append(child)
        else:
            para().append(child)
        if tail and tail.strip():
            p = para()
            if len(p):
                p[-1].tail = (p[-1].tail or "") + tail
            else:
                p.text = (p.text or "") + tail


def extract_article(
    html: bytes | str,
    *,
    url: str | None = None,
    content_type: str | None = None,
    default_tz: str = "Asia/Jakarta",
) -> ExtractedArticle | None:
    """Extract and clean the article of one page.

    Args:
        html: the response body (bytes are decoded here) or an already decoded page.
        url: the page's URL, for relative links, pagination and date hints.
        content_type: the HTTP Content-Type header, whose charset is one decoding hint.
        default_tz: the zone of dates the page gives without one.

    Returns:
        The article, or ``None`` when the input is not HTML or holds no article text.
    """
    return extract_checked(html, url=url, content_type=content_type, default_tz=default_tz)[0]


def extract_checked(
    html: bytes | str,
    *,
    url: str | None = None,
    content_type: str | None = None,
    default_tz: str = "Asia/Jakarta",
    limits: LimitsConfig | None = None,
) -> tuple[ExtractedArticle | None, str | None]:
    """:func:`extract_article` within ``limits``, saying why a page gave no article.

    Returns:
        ``(article, None)``, or ``(None, reason)``: ``no_article_text``, ``too_large`` and
        ``too_complex`` (a cap of ``limits``, logged), ``extract_timeout`` (the page used up
        ``limits.extract_cpu_seconds``, logged) or ``extract_error`` (a bug, logged with its traceback).
    """
    load_boilerplate_rules()  # a broken rules file is a configuration error, not a bad page: let it raise
    limits = limits or LimitsConfig()
    rejected = check_size(html, limits)
    if rejected is not None:
        logger.warning("page %s skipped [%s]: %s", url, rejected.reason, rejected)
        return None, rejected.reason
    try:
        with cpu_limit(limits.extract_cpu_seconds):
            article = _extract(html, url=url, content_type=content_type, default_tz=default_tz, limits=limits)
    except ExtractTimeout:
        logger.warning("page %s skipped [extract_timeout]: more than %s s of CPU time (limits.extract_cpu_seconds)",
                       url, limits.extract_cpu_seconds)  # fmt: skip
        return None, "extract_timeout"
    except PageRejected as exc:
        logger.warning("page %s skipped [%s]: %s", url, exc.reason, exc)
        return None, exc.reason
    except Exception:  # a broken page must never stop a run; the caller counts it
        logger.warning("extraction failed for %s", url, exc_info=True)
        return None, "extract_error"
    return article, None if article is not None else "no_article_text"


def _extract(
    html: bytes | str, *, url: str | None, content_type: str | None, default_tz: str, limits: LimitsConfig
) -> ExtractedArticle | None:
    tree = parse_html(html, content_type)
    if tree is None:
        return None
    rejected = check_tree(tree, limits)
    if rejected is not None:
        raise rejected
    metas = _metas(tree)
    canonical = _canonical(tree, metas, url)
    site_name = metas.get("og:site_name") or metas.get("application-name")
    if site_name and len(site_name.split()) > 6:
        site_name = None  # a headline pasted into og:site_name
    hosts = [urlsplit(u).netloc for u in (url, canonical) if u]
    title = _title(tree, metas, site_name, hosts)
    published, raw = find_published(tree, url=url or canonical, default_tz=default_tz)
    page = _page_number(url)
    next_url = _next_page(tree, url or canonical, page)

    _prune(tree)
    body = trafilatura.extract(tree, url=url, **_TRAFILATURA)
    if not body:
        return None
    cleaned = clean_text(body)
    text = _drop_title_line(cleaned.text, title)
    if len(text.split()) < _MIN_WORDS:
        return None
    return ExtractedArticle(
        url=url,
        canonical_url=canonical,
        title=title,
        author=cleaned.author or _meta_author(tree, metas, site_name, hosts),
        editor=cleaned.editor or metas.get("content_editor"),
        attribution=cleaned.attribution,
        site_name=site_name or (hosts[0] if hosts else None),
        language=detect_language(text),
        published_at=published,
        published_raw=raw,
        text=text,
        removed_lines=cleaned.removed,
        next_page_url=next_url,
        page_number=page,
    )


def _drop_title_line(text: str, title: str | None) -> str:
    """trafilatura sometimes repeats the headline as the first line; the title is a field already."""
    if not title:
        return text
    first, _, rest = text.partition("\n")
    return rest if rest and _norm(first) == _norm(title) else text


@dataclass
class ExtractDirReport:
    """What ``rbmon extract`` did: files seen, with article text, without, and the files it could not read."""

    files: int = 0
    extracted: int = 0
    empty: int = 0
    bad_files: list[str] = field(default_factory=list)
    bad_count: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "files": self.files,
            "extracted": self.extracted,
            "empty": self.empty,
            "unreadable": self.bad_count,
        }


def _read_page(path: Path, limits: LimitsConfig) -> bytes:
    """The bytes of a regular file of at most ``limits.max_page_bytes``; ``PageRejected`` otherwise.

    The type is checked before opening: a FIFO would block the run for ever and a symbolic link to
    ``/dev/zero`` would never end.
    """
    try:
        mode = path.stat().st_mode  # follows symbolic links
    except FileNotFoundError:
        raise PageRejected("unreadable", "a broken symbolic link") from None
    except OSError as exc:
        raise PageRejected("unreadable", exc.strerror or str(exc)) from None
    if stat.S_ISDIR(mode):
        raise PageRejected("unreadable", "a folder, not a file")
    if not stat.S_ISREG(mode):
        raise PageRejected("unreadable", "not a regular file (a pipe or a device)")
    try:
        with path.open("rb") as fh:
            data = fh.read(limits.max_page_bytes + 1)
    except OSError as exc:
        raise PageRejected("unreadable", exc.strerror or str(exc)) from None
    if len(data) > limits.max_page_bytes:
        raise PageRejected("too_large", f"more than limits.max_page_bytes = {limits.max_page_bytes:,} bytes")
    return data


def extract_dir(
    input_dir: Path,
    output: Path,
    *,
    limits: LimitsConfig | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_bad_file: Callable[[str], None] | None = None,
) -> ExtractDirReport:
    """Extract every ``*.html`` file of ``input_dir`` into ``output`` (JSON Lines) for scoring.

    Each line: ``{"file", "title", "published" (ISO 8601 or null), "text", "skipped"}``; a page without
    article text still gets a line, with empty text and the reason in ``skipped`` (``no_article_text``,
    ``too_large``, ``too_complex``, ``extract_timeout``, ``unreadable``), so the scorer sees every file.
    A file that cannot be read (a folder, a broken link, a pipe, a device) is also reported through
    ``on_bad_file`` as ``FILE: reason``. The output is written to ``OUT.part`` and renamed when complete.

    Returns:
        The report; ``counts()`` gives ``files``, ``extracted``, ``empty`` and ``unreadable``.
    """
    limits = limits or LimitsConfig()
    report = ExtractDirReport()
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".part")
    paths = sorted(Path(input_dir).glob("*.html"))
    try:
        with tmp.open("w", encoding="utf-8") as out:
            for done, path in enumerate(paths, start=1):
                report.files += 1
                row = _extract_file(path, limits, report, on_bad_file)
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                if progress:
                    progress(done, len(paths))
        os.replace(tmp, output)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return report


def _extract_file(
    path: Path, limits: LimitsConfig, report: ExtractDirReport, on_bad_file: Callable[[str], None] | None
) -> dict[str, Any]:
    row: dict[str, Any] = {"file": path.name, "title": None, "published": None, "text": "", "skipped": None}
    try:
        data = _read_page(path, limits)
    except PageRejected as exc:
        report.empty += 1
        row["skipped"] = exc.reason
        if exc.reason == "unreadable":
            report.bad_count += 1
            message = f"{path}: {exc}"
            if len(report.bad_files) < limits.max_bad_lines_shown:
                report.bad_files.append(message)
                if on_bad_file is not None:
                    on_bad_file(message)
        else:
            logger.warning("page %s skipped [%s]: %s", path, exc.reason, exc)
        return row
    article, reason = extract_checked(data, url=None, limits=limits)
    if article is None:
        report.empty += 1
        row["skipped"] = reason
        return row
    report.extracted += 1
    row.update(
        title=article.title,
        published=article.published_at.isoformat() if article.published_at else None,
        text=article.text,
    )
    return row
