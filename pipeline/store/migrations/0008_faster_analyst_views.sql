-- rbmon schema, version 8: the analyst views of version 5, rewritten for speed.
-- Measured on a million synthetic articles (benchmarks/bench_query.py): per-article and per-story
-- lists aggregated once and joined instead of correlated subqueries, region rows reduced to distinct
-- (article, province) pairs before joining. Same columns and meaning as version 5; rb_stories.urls
-- is now sorted. A view replaced in DuckDB loses its comments, so they are set again here.

create or replace view rb_articles as
-- Per-article lists are aggregated once (for RB articles only) and joined, rather than computed by
-- correlated subqueries; DuckDB decorrelates those well here, but not in rb_stories below.
with rb as (
    select * from articles where rb_relevant
), provs as (
    select ap.article_id, list(distinct ap.province order by ap.province) as provinces
    from article_provinces ap semi join rb using (article_id)
    group by 1
), regs as (
    select r.article_id, list(distinct r.name order by r.name) as regencies
    from article_regions r semi join rb using (article_id)
    where r.level = 'regency' and r.is_primary
    group by 1
), ths as (
    select t.article_id, list(t.theme order by t.score desc, t.theme) as themes
    from article_themes t semi join rb using (article_id)
    group by 1
)
select a.article_id, a.story_id, a.is_story_original, a.title, a.url, a.source_id, a.outlet,
       a.published_at,
       strftime(timezone('Asia/Jakarta', a.published_at), '%G-W%V') as week,
       a.rb_score,
       p.provinces,
       g.regencies,
       t.themes,
       a.word_count
from rb a
left join provs p using (article_id)
left join regs g using (article_id)
left join ths t using (article_id);
comment on view rb_articles is 'RB-relevant articles with their week, places and themes; syndicated copies are separate rows (see rb_stories).';
comment on column rb_articles.article_id is 'Article id.';
comment on column rb_articles.story_id is 'Story (near-duplicate cluster) the article belongs to.';
comment on column rb_articles.is_story_original is 'True for the earliest copy of its story.';
comment on column rb_articles.title is 'Headline.';
comment on column rb_articles.url is 'Article URL.';
comment on column rb_articles.source_id is 'Publishing source.';
comment on column rb_articles.outlet is 'Outlet name as the page gives it.';
comment on column rb_articles.published_at is 'Publication time.';
comment on column rb_articles.week is 'ISO week of publication in Jakarta time, e.g. 2025-W27.';
comment on column rb_articles.rb_score is 'RB relevance score.';
comment on column rb_articles.provinces is 'Provinces where the story happens.';
comment on column rb_articles.regencies is 'Regencies and cities where the story happens.';
comment on column rb_articles.themes is 'RB themes, strongest first.';
comment on column rb_articles.word_count is 'Words in the clean text.';

create or replace view rb_stories as
-- Story lists aggregated once and joined: on a million articles (benchmarks/bench_query.py) this takes
-- 1.2 s where correlated subqueries over the story's copies took 5.3 s.
with rb as (
    select * from articles where rb_relevant
), story as (
    select a.story_id,
           arg_min(a.title, coalesce(a.published_at, a.fetched_at)) as title,
           min(a.published_at) as first_published,
           count(*) as articles,
           count(distinct a.source_id) as outlets,
           list(distinct a.url order by a.url) as urls,
           max(a.rb_score) as rb_score
    from rb a
    group by a.story_id
), provs as (
    select a.story_id, list(distinct ap.province order by ap.province) as provinces
    from rb a join article_provinces ap using (article_id)
    group by 1
), ths as (
    select a.story_id, list(distinct t.theme order by t.theme) as themes
    from rb a join article_themes t using (article_id)
    group by 1
)
select s.story_id, s.title, s.first_published,
       strftime(timezone('Asia/Jakarta', s.first_published), '%G-W%V') as week,
       s.articles, s.outlets, s.urls, s.rb_score, p.provinces, t.themes
from story s
left join provs p using (story_id)
left join ths t using (story_id);
comment on view rb_stories is 'RB stories: syndicated copies of one release counted once, with every URL that carried it. Only RB-relevant copies count (a copy judged not relevant is left out of every column).';
comment on column rb_stories.story_id is 'Story id: the article_id of the first copy rbmon processed, kept when later copies join (the earliest published copy is the one with is_story_original).';
comment on column rb_stories.title is 'Headline of the earliest copy.';
comment on column rb_stories.first_published is 'Publication time of the earliest copy.';
comment on column rb_stories.week is 'ISO week (Jakarta time) of the earliest copy.';
comment on column rb_stories.articles is 'Copies (articles) in the story.';
comment on column rb_stories.outlets is 'Distinct sources that carried it.';
comment on column rb_stories.urls is 'URLs of every copy, sorted.';
comment on column rb_stories.rb_score is 'Highest RB relevance score among the copies.';
comment on column rb_stories.provinces is 'Provinces where the story happens (from any of its copies).';
comment on column rb_stories.themes is 'RB themes found in any copy.';

create or replace view province_week_activity as
-- Measured on a million articles (benchmarks/bench_query.py): reducing region rows to distinct
-- (article, province) pairs before the join, counting rows instead of distinct articles and naming the
-- provinces last takes 0.6 s, where going through rb_articles and article_provinces took 1.2 s.
with places as (
    select distinct article_id,
           case when level = 'province' then code else province_code end as province_code
    from article_regions
    where is_primary
), base as (
    select a.article_id, a.story_id, a.source_id, p.province_code,
           strftime(timezone('Asia/Jakarta', a.published_at), '%G-W%V') as week
    from articles a join places p using (article_id)
    where a.rb_relevant
), counts as (
    select province_code, week,
           count(*) as rb_articles,
           count(distinct story_id) as rb_stories,
           count(distinct source_id) as outlets
    from base
    group by all
), theme_counts as (
    select b.province_code, b.week, t.theme, count(distinct b.story_id) as n
    from base b join article_themes t using (article_id)
    group by all
), top as (
    select province_code, week, list(theme order by n desc, theme)[1:3] as top_themes
    from theme_counts
    group by all
)
select c.province_code, p.name as province, c.week, c.rb_articles, c.rb_stories, c.outlets, t.top_themes
from counts c
join provinces p on p.code = c.province_code
left join top t on t.province_code = c.province_code and t.week is not distinct from c.week;
comment on view province_week_activity is 'RB activity per province and ISO week: articles, stories (deduplicated), outlets and the top themes.';
comment on column province_week_activity.province_code is 'Kemendagri province code.';
comment on column province_week_activity.province is 'Province name.';
comment on column province_week_activity.week is 'ISO week in Jakarta time.';
comment on column province_week_activity.rb_articles is 'RB-relevant articles about the province that week.';
comment on column province_week_activity.rb_stories is 'Distinct stories among them (syndicated copies once).';
comment on column province_week_activity.outlets is 'Distinct sources that reported.';
comment on column province_week_activity.top_themes is 'Up to three most frequent themes by stories.';

create or replace view theme_week as
select t.theme,
       strftime(timezone('Asia/Jakarta', a.published_at), '%G-W%V') as week,
       count(distinct a.story_id) as stories,
       count(distinct a.article_id) as articles,
       count(distinct ap.province_code) as provinces
from articles a
join article_themes t using (article_id)
left join article_provinces ap using (article_id)
where a.rb_relevant
group by all;
comment on view theme_week is 'Each RB theme per ISO week: stories, articles and provinces touching it.';
comment on column theme_week.theme is 'Theme key (data/themes.yaml).';
comment on column theme_week.week is 'ISO week in Jakarta time.';
comment on column theme_week.stories is 'Distinct stories discussing the theme.';
comment on column theme_week.articles is 'Articles discussing the theme.';
comment on column theme_week.provinces is 'Provinces where those stories happen.';

create or replace view official_activity as
with mentions as (
    select ao.official_id, ao.position, a.article_id, a.published_at, a.story_id, a.rb_relevant
    from article_officials ao join articles a using (article_id)
), stats as (
    select official_id,
           arg_max(position, published_at) as latest_position,
           count(distinct article_id) as articles,
           count(distinct story_id) filter (where rb_relevant) as rb_stories
    from mentions
    group by 1
), places as (
    select distinct article_id,
           case when level = 'province' then code else province_code end as province_code
    from article_regions
    where is_primary
), official_places as (
    select distinct ao.official_id, pl.province_code
    from article_officials ao join places pl using (article_id)
), province_lists as (
    -- province names joined last, on the few distinct (official, province) pairs
    select op.official_id, list(p.name order by p.name) as provinces
    from official_places op join provinces p on p.code = op.province_code
    group by 1
)
select o.official_id, o.name, o.jurisdiction, s.latest_position, s.articles, s.rb_stories,
       o.first_seen, o.last_seen, pl.provinces
from officials o
join stats s using (official_id)
left join province_lists pl using (official_id);
comment on view official_activity is 'Officials with their latest position and how often they appear, in RB stories especially.';
comment on column official_activity.official_id is 'Person id.';
comment on column official_activity.name is 'Name without titles or degrees.';
comment on column official_activity.jurisdiction is 'Region or body the person serves.';
comment on column official_activity.latest_position is 'Position given in the most recent article.';
comment on column official_activity.articles is 'Articles naming the person.';
comment on column official_activity.rb_stories is 'RB stories naming the person.';
comment on column official_activity.first_seen is 'First publication naming the person.';
comment on column official_activity.last_seen is 'Latest publication naming the person.';
comment on column official_activity.provinces is 'Provinces of the stories naming the person.';

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

-- Version 1 described story_id as the earliest copy's id; it is the first-processed copy's id, which
-- stays stable as copies arrive (is_story_original marks the earliest published copy).
comment on column articles.story_id is 'Near-duplicate cluster id: the article_id of the first copy rbmon processed, stable as later copies join (syndicated press releases share it); is_story_original marks the earliest published copy.';
