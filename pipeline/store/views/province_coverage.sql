-- Can we see this province? Its configured sources, those that answered lately, the articles they
-- published (publisher location) and the RB articles about it (story location, article_provinces).

create or replace view province_coverage as
with configured as (
    select province_code, count(*) as n from sources where enabled and province_code is not null group by 1
), healthy as (
    -- a 304 (unchanged feed or sitemap) is an answer too
    select s.province_code, count(distinct s.source_id) as n
    from sources s join fetches f using (source_id)
    where s.enabled and s.province_code is not null and f.status in (200, 304)
      and f.fetched_at >= current_timestamp - interval 7 day
    group by 1
), published as (
    select publisher_province_code as province_code, count(*) as n
    from articles where publisher_province_code is not null group by 1
), about as (
    select ap.province_code, count(distinct ap.article_id) as n
    from article_provinces ap join articles a using (article_id)
    where a.rb_relevant group by 1
)
select p.code as province_code, p.name as province,
       coalesce(c.n, 0) as sources_configured,
       coalesce(h.n, 0) as sources_healthy_7d,
       coalesce(pu.n, 0) as articles_published_here,
       coalesce(ab.n, 0) as rb_articles_about_here
from provinces p
left join configured c on c.province_code = p.code
left join healthy h on h.province_code = p.code
left join published pu on pu.province_code = p.code
left join about ab on ab.province_code = p.code;
comment on view province_coverage is 'Can we see this province? Its configured sources, those healthy in the last 7 days, articles they published, RB articles about it.';
comment on column province_coverage.province_code is 'Kemendagri province code.';
comment on column province_coverage.province is 'Province name.';
comment on column province_coverage.sources_configured is 'Enabled sources whose home province this is.';
comment on column province_coverage.sources_healthy_7d is 'Of those, sources that answered (HTTP 200, or 304 for an unchanged feed) in the last 7 days.';
comment on column province_coverage.articles_published_here is 'Articles published by sources based in the province (publisher location).';
comment on column province_coverage.rb_articles_about_here is 'RB-relevant articles whose story happens in the province (story location).';
