-- Each RB theme per ISO week: stories, articles and the provinces where those stories happen.

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
