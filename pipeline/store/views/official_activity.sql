-- Officials with their latest position and how often they appear, in RB stories especially.

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
), official_places as (
    select distinct ao.official_id, ap.province_code
    from article_officials ao join article_provinces ap using (article_id)
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
