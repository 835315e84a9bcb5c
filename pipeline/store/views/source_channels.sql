-- Source health for analysts and operators, per channel. The crawl stores the health of each channel
-- in source_channel_health; this view puts it next to what the registry says about the source (name,
-- kind, home province), including configured sources never crawled yet.

create or replace view source_channels as
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
comment on column source_channels.channel is '{{ channels | join(", ") }}; null when never crawled.';
comment on column source_channels.state is 'stable (last attempt worked), failing, quarantined (too many failed runs in a row) or not_crawled.';
comment on column source_channels.consecutive_failures is 'Crawl runs in a row in which the channel failed; 0 after a success.';
comment on column source_channels.last_success_at is 'Start of the last crawl run in which the channel answered.';
comment on column source_channels.last_failure_at is 'Start of the last crawl run in which the channel failed.';
comment on column source_channels.last_error is 'Most frequent error kind of the channel in its last failed run (timeout, dns, http_5xx, ...).';
comment on column source_channels.articles_found_last is 'New article URLs the channel found in its last run.';
comment on column source_channels.articles_found_total is 'New article URLs the channel found over all runs.';
comment on column source_channels.runs is 'Crawl runs in which the channel was tried.';
comment on column source_channels.last_run_id is 'Last crawl run that tried the channel (crawl_runs.run_id).';
