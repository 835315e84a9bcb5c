-- RB-relevant articles, one row each, with their ISO week (Jakarta time), places and themes.
-- Per-article lists are aggregated once (for RB articles only) and joined instead of computed by
-- correlated subqueries: measured on a million synthetic articles (benchmarks/bench_query.py).
-- Weeks are ISO weeks in Jakarta time (e.g. 2025-W27) in every view.

create or replace view rb_articles as
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
