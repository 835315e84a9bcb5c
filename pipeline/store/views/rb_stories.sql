-- RB stories: syndicated copies of one release counted once, with every URL that carried it.

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
