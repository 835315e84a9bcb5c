-- rbmon schema, version 12: the provinces of each article, written once when it is loaded, and the
-- discovery channel of every fetch.
-- "Where does this story happen" was one CASE over article_regions repeated in views, the digest and
-- the demo; the loader now writes it, and every view and the digest read this table. It replaces the
-- view of the same name (same columns), whose derivation fills it once for the articles already stored.

drop view if exists article_provinces;
create table article_provinces (
    article_id varchar not null,
    province_code varchar not null,
    province varchar
);
comment on table article_provinces is 'One row per article and province where its story happens (a regency implies its province), written when the article is loaded.';
comment on column article_provinces.article_id is 'Article (articles.article_id).';
comment on column article_provinces.province_code is 'Kemendagri province code.';
comment on column article_provinces.province is 'Province name.';
create index article_provinces_article_idx on article_provinces (article_id);

insert into article_provinces
with places as (
    select distinct article_id, case when level = 'province' then code else province_code end as province_code
    from article_regions
    where is_primary
)
select pl.article_id, pl.province_code, p.name
from places pl left join provinces p on p.code = pl.province_code
where pl.province_code is not null;

-- The crawler always knew which channel found a URL; the fetch log now keeps it, so source health and
-- the frontier no longer guess it back from the URL.
alter table fetches add column channel varchar;
comment on column fetches.channel is 'Discovery channel of the request (robots, home, feed, sitemap, wp_json, search_feed, links); for an article, the channel that found it; null for fetches logged before schema version 12 and for articles an earlier run found whose channel was not recorded.';
