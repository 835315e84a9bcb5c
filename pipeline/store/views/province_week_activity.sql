-- RB activity per province and ISO week. Measured on a million articles (benchmarks/bench_query.py):
-- counting rows of the (article, province) table instead of distinct articles, and naming the provinces
-- last, is what keeps this fast.

create or replace view province_week_activity as
with base as (
    select a.article_id, a.story_id, a.source_id, p.province_code,
           strftime(timezone('Asia/Jakarta', a.published_at), '%G-W%V') as week
    from articles a join article_provinces p using (article_id)
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
