"""Which government an official serves: the key that makes one official id per person and place.

An article's wording of a post varies ("Bupati Lumajang", "Bupati Kabupaten Lumajang", "Kepala
Dinas Kesehatan Kota Kendari" then "Kadinkes Kendari"), so the wording itself is a poor key: one
person got several ids. The place the post names, resolved by the same gazetteer as articles, is
stable across wordings; a post that names no place (``Kepala BKN``) is keyed by its organisation,
and a bare post (``Inspektur``) by the place the article is about, rather than by nothing, which
merged namesakes across the country.
"""

from __future__ import annotations

from nlp.gazetteer import Gazetteer
from nlp.regions import RegionResult, resolve_regions

__all__ = ["jurisdiction_of"]


def jurisdiction_of(
    position: str,
    organisation: str | None,
    *,
    gazetteer: Gazetteer,
    article_regions: RegionResult | None = None,
) -> str | None:
    """The regency, province or organisation an official serves, as a display name; None if unknown.

    >>> from nlp.gazetteer import load_gazetteer
    >>> g = load_gazetteer()
    >>> jurisdiction_of("Bupati Lumajang", "Lumajang", gazetteer=g)
    'Kabupaten Lumajang'
    >>> jurisdiction_of("Kepala BKN", "BKN", gazetteer=g)
    'BKN'
    """
    if organisation:
        place = _most_specific(resolve_regions(position, gazetteer=gazetteer))
        if place is not None:
            return place
        return " ".join(organisation.split())
    if article_regions is not None:
        return _most_specific(article_regions, primary_only=True)
    return None


def _most_specific(regions: RegionResult, *, primary_only: bool = False) -> str | None:
    """The first regency named, else the first province; ``primary_only`` keeps where the story is."""
    mentions = [m for m in regions.mentions if m.is_primary or not primary_only]
    for level in ("regency", "province"):
        named = [m for m in mentions if m.level == level]
        if len(named) == 1 or (named and not primary_only):
            return named[0].name
    return None
