-- rbmon schema, version 6: source health for analysts and operators.
-- The crawl stores the health of each discovery channel in source_channel_health and sums it up per
-- source in the source_health view (migration 2, which decides stable / failing / quarantined).
-- These two views put that next to what the registry says about the source (name, kind, home
-- province) and what the archive holds from it, including configured sources never crawled yet.

create view source_channels as
select s.source_id, s.name as source, s.kind, s.province_code, p.name as province, s.enabled,
       h.channel,
       coalesce(h.state, 'not_crawled') as state,
       h.consecutive_failures, h.last_success_at, h.last_failure_at, h.last_error,
       h.articles_found_last, h.articles_found_total, h.runs, h.last_run_id
from sources s
left join provinces p on p.code = s.province_code
left join source_channel_health h using (source_id);
comment on view source_channels is 'One row per configured source and discovery channel with the channel''s health; a source never crawled has one row, channel null and state not_crawled.';
comment on column source_channels.source_id is 'Source (sources.source_id).';
comment on column source_channels.source is 'Outlet or portal name from the registry.';
comment on column source_channels.kind is 'regional_media, national_media or government.';
comment on column source_channels.province_code is 'Home province code of the source (publisher location); null for national outlets.';
comment on column source_channels.province is 'Home province name; null for national outlets.';
comment on column source_channels.enabled is 'False for sources kept in the registry but not crawled.';
comment on column source_channels.channel is 'robots, home, feed, sitemap, wp_json, search_feed, links or article; null when never crawled.';
comment on column source_channels.state is 'stable (last attempt worked), failing, quarantined (too many failed runs in a row) or not_crawled.';
comment on column source_channels.consecutive_failures is 'Crawl runs in a row in which the channel failed; 0 after a success.';
comment on column source_channels.last_success_at is 'Start of the last crawl run in which the channel answered.';
comment on column source_channels.last_failure_at is 'Start of the last crawl run in which the channel failed.';
comment on column source_channels.last_error is 'Most frequent error kind of the channel in its last failed run (timeout, dns, http_5xx, ...).';
comment on column source_channels.articles_found_last is 'New article URLs the channel found in its last run.';
comment on column source_channels.articles_found_total is 'New article URLs the channel found over all runs.';
comment on column source_channels.runs is 'Crawl runs in which the channel was tried.';
comment on column source_channels.last_run_id is 'Last crawl run that tried the channel (crawl_runs.run_id).';

create view source_overview as
with channels as (
    select source_id,
           any_value(state) filter (where channel = 'robots') as robots,
           any_value(state) filter (where channel = 'home') as home,
           any_value(state) filter (where channel = 'feed') as feed,
           any_value(state) filter (where channel = 'sitemap') as sitemap,
           any_value(state) filter (where channel = 'wp_json') as wp_json,
           any_value(state) filter (where channel = 'search_feed') as search_feed,
           any_value(state) filter (where channel = 'links') as links,
           any_value(state) filter (where channel = 'article') as article
    from source_channel_health
    group by 1
), stored as (
    select source_id, count(*) as articles_stored, count(*) filter (where rb_relevant) as rb_articles,
           max(published_at) as last_published
    from articles
    where source_id is not null
    group by 1
)
select s.source_id, s.name as source, s.kind, s.province_code, p.name as province, s.enabled,
       coalesce(h.state, 'not_crawled') as state,
       c.robots, c.home, c.feed, c.sitemap, c.wp_json, c.search_feed, c.links, c.article,
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
comment on view source_overview is 'One row per configured source: its overall health (from source_health), the state of each discovery channel, and what the archive holds from it. Start here to see which outlets went dark.';
comment on column source_overview.source_id is 'Source (sources.source_id).';
comment on column source_overview.source is 'Outlet or portal name from the registry.';
comment on column source_overview.kind is 'regional_media, national_media or government.';
comment on column source_overview.province_code is 'Home province code of the source (publisher location); null for national outlets.';
comment on column source_overview.province is 'Home province name; null for national outlets.';
comment on column source_overview.enabled is 'False for sources kept in the registry but not crawled.';
comment on column source_overview.state is 'stable, failing or quarantined as source_health decides it (any discovery channel working makes a source stable), or not_crawled.';
comment on column source_overview.robots is 'State of robots.txt fetching: stable, failing or quarantined; null when never tried.';
comment on column source_overview.home is 'State of the home page channel; null when never tried.';
comment on column source_overview.feed is 'State of the RSS/Atom feed channel; null when never tried.';
comment on column source_overview.sitemap is 'State of the sitemap channel; null when never tried.';
comment on column source_overview.wp_json is 'State of the WordPress REST search channel; null when never tried.';
comment on column source_overview.search_feed is 'State of the WordPress search feed channel; null when never tried.';
comment on column source_overview.links is 'State of section link following; null when never tried.';
comment on column source_overview.article is 'State of the article fetches themselves; null when never tried.';
comment on column source_overview.last_success_at is 'Latest time any discovery channel of the source answered.';
comment on column source_overview.consecutive_failures is 'Failed runs in a row of the source''s best discovery channel (0 when one works).';
comment on column source_overview.last_failure_at is 'Latest time a channel of the source failed.';
comment on column source_overview.articles_found is 'New article URLs its discovery channels found over all runs.';
comment on column source_overview.articles_stored is 'Articles from this source in the database.';
comment on column source_overview.rb_articles is 'Of those, RB-relevant articles.';
comment on column source_overview.last_published is 'Publication time of its newest stored article.';
