-- The posts each official held over time. officials keeps one first/last seen per person; an analyst
-- following a career (a Sekda who becomes Pj. Bupati, an Asisten moved to Kepala Dinas) needs them per
-- post, as the articles word it.

create or replace view official_positions as
select ao.official_id, o.name, o.jurisdiction, ao.position,
       bool_or(coalesce(ao.acting, false)) as acting,
       min(a.published_at) as first_seen,
       max(a.published_at) as last_seen,
       count(distinct a.article_id) as articles,
       count(distinct a.story_id) filter (where a.rb_relevant) as rb_stories
from article_officials ao
join officials o using (official_id)
join articles a using (article_id)
group by all;
comment on view official_positions is 'Each official''s posts over time, as the articles word them: one row per person and position, with when it was first and last reported.';
comment on column official_positions.official_id is 'Person id (officials.official_id).';
comment on column official_positions.name is 'Name without titles or degrees.';
comment on column official_positions.jurisdiction is 'Region or body the person serves.';
comment on column official_positions.position is 'Position as the articles word it, with its place.';
comment on column official_positions.acting is 'True when any article gave the post as Pj., Plt. or Plh.';
comment on column official_positions.first_seen is 'First publication giving the person this position.';
comment on column official_positions.last_seen is 'Latest publication giving the person this position.';
comment on column official_positions.articles is 'Articles giving the person this position.';
comment on column official_positions.rb_stories is 'RB stories giving the person this position.';
