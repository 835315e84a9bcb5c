-- Issue 17: a crawl in which requests went out and none got an HTTP answer (network or DNS down) is
-- recorded as `unreachable` instead of `ok`; `rbmon status` turns it into a non-zero exit.
comment on column crawl_runs.status is 'running, ok, failed, interrupted, or unreachable (requests were made and none got an HTTP answer: the network or DNS was down).';
