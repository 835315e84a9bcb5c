-- One row per source, its channels' health summed up: stable / failing / quarantined decides which
-- sources the next crawl rests (pipeline/crawl/plan.py) and what `rbmon sources check` shows.

create or replace view source_health as
select
    source_id,
    case
        when bool_or(state = 'stable') filter (where channel <> 'robots') then 'stable'
        when coalesce(bool_and(state = 'quarantined') filter (where channel <> 'robots'),
                      bool_and(state = 'quarantined')) then 'quarantined'
        else 'failing'
    end as state,
    max(last_success_at) filter (where channel <> 'robots') as last_success_at,
    coalesce(min(consecutive_failures) filter (where channel <> 'robots'), min(consecutive_failures))
        as consecutive_failures,
    max(last_failure_at) as last_failure_at,
    sum(articles_found_last) as articles_found_last,
    sum(articles_found_total) as articles_found_total,
    string_agg(channel || ':' || state, ', ' order by channel) as channels
from source_channel_health
where channel not in ('article', 'home')
group by source_id;
comment on view source_health is 'One row per source: stable when at least one discovery channel (feed, sitemap, wp_json, search_feed, links) works, quarantined when all are quarantined (or robots.txt is, when it alone was ever tried: an unreachable robots.txt stops the crawl of its source), failing otherwise.';
comment on column source_health.source_id is 'Source (sources.source_id).';
comment on column source_health.state is 'stable, failing or quarantined (see the view comment).';
comment on column source_health.last_success_at is 'Latest time any discovery channel of the source answered.';
comment on column source_health.consecutive_failures is 'Failed runs in a row of the source''s best discovery channel (0 when one works).';
comment on column source_health.last_failure_at is 'Latest time a channel of the source (robots.txt included) failed.';
comment on column source_health.articles_found_last is 'New article URLs its discovery channels found in their last run.';
comment on column source_health.articles_found_total is 'New article URLs its discovery channels found over all runs.';
comment on column source_health.channels is 'Each discovery channel with its state, e.g. feed:stable, sitemap:failing.';
