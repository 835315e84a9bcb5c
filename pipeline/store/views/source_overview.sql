-- One row per source: overall state, each channel's state (one column per channel of
-- pipeline.core.contract.Channel, so a new channel is a new column without editing this file), and
-- what the archive holds from it. Start here to see which outlets went dark. Discovered outlets and
-- the open-web services (GDELT, Google News) are rows too, told apart by origin.

create or replace view source_overview as
with channels as (
    select source_id,
{%- for channel in channels %}
           any_value(state) filter (where channel = '{{ channel }}') as {{ channel }}{{ "," if not loop.last }}
{%- endfor %}
    from source_channel_health
    group by 1
), stored as (
    select source_id, count(*) as articles_stored, count(*) filter (where rb_relevant) as rb_articles,
           max(published_at) as last_published
    from articles
    where source_id is not null
    group by 1
)
select s.source_id, s.name as source, s.kind, coalesce(s.origin, 'registry') as origin, s.province_code,
       p.name as province, s.province_evidence, s.enabled,
       coalesce(h.state, 'not_crawled') as state,
       {% for channel in channels %}c.{{ channel }}, {% endfor %}
       h.last_success_at, h.consecutive_failures, h.last_failure_at,
       coalesce(h.articles_found_total, 0) as articles_found,
       coalesce(st.articles_stored, 0) as articles_stored,
       coalesce(st.rb_articles, 0) as rb_articles,
       st.last_published
from sources s
left join provinces p on p.code = s.province_code
left join source_health h using (source_id)
left join channels c using (source_id)
left join stored st using (source_id);
comment on view source_overview is 'One row per source (registered, discovered by GDELT, Google News or a backfill, and the open-web services themselves): its overall health (from source_health), the state of each discovery channel, and what the archive holds from it. Start here to see which outlets went dark.';
comment on column source_overview.source_id is 'Source (sources.source_id).';
comment on column source_overview.source is 'Outlet or portal name from the registry.';
comment on column source_overview.kind is 'regional_media, national_media or government (for a discovered outlet a guess: government for .go.id, regional once it has a home province); open_web for the GDELT and Google News services.';
comment on column source_overview.origin is 'registry, discovered (an outlet of no registry that open-web discovery or an any-outlet backfill found) or open_web (the services).';
comment on column source_overview.province_evidence is 'For a discovered outlet: why its home province is what it is (its pemda domain, or where its stories happen); null otherwise.';
comment on column source_overview.province_code is 'Home province code of the source (publisher location); null for national outlets.';
comment on column source_overview.province is 'Home province name; null for national outlets.';
comment on column source_overview.enabled is 'False for sources kept in the registry but not crawled.';
comment on column source_overview.state is 'stable, failing or quarantined as source_health decides it (any discovery channel working makes a source stable), or not_crawled.';
{% for channel in channels %}
comment on column source_overview.{{ channel }} is 'State of {{ channel.description }}: stable, failing or quarantined; null when never tried.';
{% endfor %}
comment on column source_overview.last_success_at is 'Latest time any discovery channel of the source answered.';
comment on column source_overview.consecutive_failures is 'Failed runs in a row of the source''s best discovery channel (0 when one works).';
comment on column source_overview.last_failure_at is 'Latest time a channel of the source failed.';
comment on column source_overview.articles_found is 'New article URLs its discovery channels found over all runs.';
comment on column source_overview.articles_stored is 'Articles from this source in the database.';
comment on column source_overview.rb_articles is 'Of those, RB-relevant articles.';
comment on column source_overview.last_published is 'Publication time of its newest stored article.';
