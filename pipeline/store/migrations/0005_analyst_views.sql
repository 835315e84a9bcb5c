-- rbmon schema, version 5: the analyst SQL surface.
-- Views are computed at query time, so they are always current and cost no storage.
-- Weeks are ISO weeks in Jakarta time (e.g. 2025-W27).

create view article_provinces as
select distinct r.article_id,
       case when r.level = 'province' then r.code else r.province_code end as province_code,
       p.name as province
from article_regions r
join provinces p on p.code = case when r.level = 'province' then r.code else r.province_code end
where r.is_primary;
comment on view article_provinces is 'One row per article and province where its story happens (a regency implies its province).';
comment on column article_provinces.article_id is 'Article (articles.article_id).';
comment on column article_provinces.province_code is 'Kemendagri province code.';
comment on column article_provinces.province is 'Province name.';

create view rb_articles as
select a.article_id, a.story_id, a.is_story_original, a.title, a.url, a.source_id, a.outlet,
       a.published_at,
       strftime(timezone('Asia/Jakarta', a.published_at), '%G-W%V') as week,
       a.rb_score,
       (select list(distinct ap.province order by ap.province) from article_provinces ap where ap.article_id = a.article_id) as provinces,
       (select list(distinct r.name order by r.name) from article_regions r
         where r.article_id = a.article_id and r.level = 'regency' and r.is_primary) as regencies,
       (select list(t.theme order by t.score desc) from article_themes t where t.article_id = a.article_id) as themes,
       a.word_count
from articles a
where a.rb_relevant;
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

create view rb_stories as
select a.story_id,
       arg_min(a.title, coalesce(a.published_at, a.fetched_at)) as title,
       min(a.published_at) as first_published,
       strftime(timezone('Asia/Jakarta', min(a.published_at)), '%G-W%V') as week,
       count(*) as articles,
       count(distinct a.source_id) as outlets,
       list(distinct a.url) as urls,
       max(a.rb_score) as rb_score,
       (select list(distinct ap.province order by ap.province) from article_provinces ap
         join articles b using (article_id) where b.story_id = a.story_id) as provinces,
       (select list(distinct t.theme order by t.theme) from article_themes t
         join articles b using (article_id) where b.story_id = a.story_id) as themes
from articles a
where a.rb_relevant
group by a.story_id;
comment on view rb_stories is 'RB stories: syndicated copies of one release counted once, with every URL that carried it.';
comment on column rb_stories.story_id is 'Story id (article_id of the cluster''s first-seen copy).';
comment on column rb_stories.title is 'Headline of the earliest copy.';
comment on column rb_stories.first_published is 'Publication time of the earliest copy.';
comment on column rb_stories.week is 'ISO week (Jakarta time) of the earliest copy.';
comment on column rb_stories.articles is 'Copies (articles) in the story.';
comment on column rb_stories.outlets is 'Distinct sources that carried it.';
comment on column rb_stories.urls is 'URLs of every copy.';
comment on column rb_stories.rb_score is 'Highest RB relevance score among the copies.';
comment on column rb_stories.provinces is 'Provinces where the story happens.';
comment on column rb_stories.themes is 'RB themes found in any copy.';

create view province_week_activity as
with base as (
    select ap.province_code, ap.province, r.week, r.article_id, r.story_id, r.source_id
    from rb_articles r join article_provinces ap using (article_id)
), themes as (
    select b.province_code, b.week, t.theme, count(distinct b.story_id) as n
    from base b join article_themes t using (article_id)
    group by all
)
select b.province_code, b.province, b.week,
       count(distinct b.article_id) as rb_articles,
       count(distinct b.story_id) as rb_stories,
       count(distinct b.source_id) as outlets,
       (select list(th.theme order by th.n desc, th.theme)[1:3] from themes th
         where th.province_code = b.province_code and th.week = b.week) as top_themes
from base b
group by b.province_code, b.province, b.week;
comment on view province_week_activity is 'RB activity per province and ISO week: articles, stories (deduplicated), outlets and the top themes.';
comment on column province_week_activity.province_code is 'Kemendagri province code.';
comment on column province_week_activity.province is 'Province name.';
comment on column province_week_activity.week is 'ISO week in Jakarta time.';
comment on column province_week_activity.rb_articles is 'RB-relevant articles about the province that week.';
comment on column province_week_activity.rb_stories is 'Distinct stories among them (syndicated copies once).';
comment on column province_week_activity.outlets is 'Distinct sources that reported.';
comment on column province_week_activity.top_themes is 'Up to three most frequent themes by stories.';

create view theme_week as
select t.theme, r.week,
       count(distinct r.story_id) as stories,
       count(distinct r.article_id) as articles,
       count(distinct ap.province_code) as provinces
from rb_articles r
join article_themes t using (article_id)
left join article_provinces ap using (article_id)
group by all;
comment on view theme_week is 'Each RB theme per ISO week: stories, articles and provinces touching it.';
comment on column theme_week.theme is 'Theme key (data/themes.yaml).';
comment on column theme_week.week is 'ISO week in Jakarta time.';
comment on column theme_week.stories is 'Distinct stories discussing the theme.';
comment on column theme_week.articles is 'Articles discussing the theme.';
comment on column theme_week.provinces is 'Provinces where those stories happen.';

create view official_activity as
select o.official_id, o.name, o.jurisdiction,
       arg_max(ao.position, a.published_at) as latest_position,
       count(distinct a.article_id) as articles,
       count(distinct a.story_id) filter (where a.rb_relevant) as rb_stories,
       o.first_seen, o.last_seen,
       list(distinct ap.province order by ap.province) filter (where ap.province is not null) as provinces
from officials o
join article_officials ao using (official_id)
join articles a using (article_id)
left join article_provinces ap using (article_id)
group by o.official_id, o.name, o.jurisdiction, o.first_seen, o.last_seen;
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

create view province_coverage as
select p.code as province_code, p.name as province,
       (select count(*) from sources s where s.enabled and s.province_code = p.code) as sources_configured,
       (select count(distinct f.source_id) from fetches f join sources s using (source_id)
         where s.province_code = p.code and f.status = 200
           and f.fetched_at >= current_timestamp - interval 7 day) as sources_healthy_7d,
       (select count(*) from articles a where a.publisher_province_code = p.code) as articles_published_here,
       (select count(distinct ap.article_id) from article_provinces ap join articles a using (article_id)
         where ap.province_code = p.code and a.rb_relevant) as rb_articles_about_here
from provinces p;
comment on view province_coverage is 'Can we see this province? Its configured sources, those healthy in the last 7 days, articles they published, RB articles about it.';
comment on column province_coverage.province_code is 'Kemendagri province code.';
comment on column province_coverage.province is 'Province name.';
comment on column province_coverage.sources_configured is 'Enabled sources whose home province this is.';
comment on column province_coverage.sources_healthy_7d is 'Of those, sources with a successful fetch in the last 7 days.';
comment on column province_coverage.articles_published_here is 'Articles published by sources based in the province (publisher location).';
comment on column province_coverage.rb_articles_about_here is 'RB-relevant articles whose story happens in the province (story location).';
