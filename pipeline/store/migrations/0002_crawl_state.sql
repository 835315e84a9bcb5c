-- rbmon schema, version 2: crawl state (multi-page fetches, per-source health, HTTP validators).
-- The crawler itself never touches the database: pipeline/crawl/ loads its fetch log and stats.
-- The source_health view it created lives in pipeline/store/views/source_health.sql.

alter table fetches add column part_of varchar;
alter table fetches add column page integer;
comment on column fetches.part_of is 'For kind article_page: canonical URL of page 1 of the same article; null otherwise.';
comment on column fetches.page is 'Page number within a multi-page article (1 for single pages and for non-article fetches).';
comment on column fetches.kind is 'What was fetched: article, article_page (page 2..n), feed, sitemap, search (WordPress REST or search feed), robots or page (home and section pages).';
comment on column fetches.error is 'Error kind when the fetch failed or was refused: timeout, dns, robots, offsite, too_large, http_404, http_4xx, http_5xx, not_html, not_xml, xml_refused, truncated, redirect_loop, parse_error, ...; null when it went well.';

create table source_channel_health (
    source_id varchar not null,
    channel varchar not null,
    state varchar not null,
    consecutive_failures integer not null default 0,
    last_success_at timestamptz,
    last_failure_at timestamptz,
    last_error varchar,
    articles_found_last integer not null default 0,
    articles_found_total bigint not null default 0,
    runs integer not null default 0,
    last_run_id varchar,
    updated_at timestamptz not null default current_timestamp,
    primary key (source_id, channel)
);
comment on table source_channel_health is 'Health of each discovery channel of each source, updated after every crawl: the coverage section of the digest and `rbmon sources check` read it.';
comment on column source_channel_health.source_id is 'Source (sources.source_id).';
comment on column source_channel_health.channel is 'robots, home, feed, sitemap, wp_json (WordPress REST search), search_feed (WordPress search feed), links (section link following) or article (the article fetches themselves).';
comment on column source_channel_health.state is 'stable (last attempt worked), failing (1 or more consecutive failed runs) or quarantined (at least crawl.quarantine_after consecutive failed runs).';
comment on column source_channel_health.consecutive_failures is 'Crawl runs in a row in which every request of this channel failed; 0 after a success.';
comment on column source_channel_health.last_success_at is 'Start of the last crawl run in which the channel answered (a 304 counts as an answer).';
comment on column source_channel_health.last_failure_at is 'Start of the last crawl run in which the channel failed.';
comment on column source_channel_health.last_error is 'Most frequent error kind of the channel in the last failed run.';
comment on column source_channel_health.articles_found_last is 'New article URLs the channel found in the last run (URLs already seen are not counted).';
comment on column source_channel_health.articles_found_total is 'New article URLs the channel found over all runs.';
comment on column source_channel_health.runs is 'Crawl runs in which the channel was tried.';
comment on column source_channel_health.last_run_id is 'Last crawl run that tried the channel (crawl_runs.run_id).';
comment on column source_channel_health.updated_at is 'When this row was last written.';

create table source_crawl_state (
    source_id varchar primary key,
    last_success_at timestamptz,
    last_run_id varchar
);
comment on table source_crawl_state is 'Per source, when discovery last worked: sitemaps and the WordPress REST search only look at entries newer than this (minus a safety margin).';
comment on column source_crawl_state.source_id is 'Source (sources.source_id).';
comment on column source_crawl_state.last_success_at is 'Start of the last crawl run in which at least one discovery channel of the source answered.';
comment on column source_crawl_state.last_run_id is 'That crawl run (crawl_runs.run_id).';

create table http_validators (
    url varchar primary key,
    etag varchar,
    last_modified varchar,
    updated_at timestamptz not null default current_timestamp
);
comment on table http_validators is 'ETag and Last-Modified of feeds and sitemaps from their last 200 answer, sent back as If-None-Match / If-Modified-Since so an unchanged feed costs one 304.';
comment on column http_validators.url is 'Feed or sitemap URL as requested.';
comment on column http_validators.etag is 'ETag header of the last 200 answer.';
comment on column http_validators.last_modified is 'Last-Modified header of the last 200 answer (HTTP date string, sent back verbatim).';
comment on column http_validators.updated_at is 'When the validators were last stored.';
