-- rbmon schema, version 7: WARC files processed whole (not crawled by rbmon, e.g. CC-NEWS).

create table processed_warcs (
    warc_file varchar primary key,
    size_bytes bigint not null,
    records bigint,
    processed_at timestamptz not null,
    processing_version integer not null
);
comment on table processed_warcs is 'WARC files processed as a whole (foreign archives such as CC-NEWS dropped into the data directory, or named on the command line), so a plain rbmon process does not read them again.';
comment on column processed_warcs.warc_file is 'File name relative to the data directory (absolute when outside it).';
comment on column processed_warcs.size_bytes is 'File size when processed; a file that grew since is processed again.';
comment on column processed_warcs.records is 'Response records read from it.';
comment on column processed_warcs.processed_at is 'When it was processed.';
comment on column processed_warcs.processing_version is 'Processing version used; --reprocess or a newer version reads it again.';
