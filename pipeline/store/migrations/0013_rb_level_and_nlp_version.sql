-- rbmon schema, version 13: three levels of RB relevance, and the NLP kept apart from extraction.
-- An article is RB activity (core), governance news near RB (related) or neither (none); the digest
-- counts core, analysts may want related. rb_relevant stays as the core flag. nlp_version records
-- which rules annotated the row, so improving the rules reruns nlp/ on the stored text
-- (rbmon process --reannotate, and automatically for stale rows) instead of re-extracting every WARC.

alter table articles add column rb_level varchar;
alter table articles add column nlp_version varchar;
alter table articles add column annotated_at timestamptz;
-- Rows written before this version had one bit: core or not. They are reannotated by the next
-- rbmon process (their nlp_version is null), which also tells related from none.
update articles set rb_level = case when rb_relevant then 'core' else 'none' end;

comment on column articles.rb_relevant is 'True when the article is RB activity: rb_level = ''core''. What the digest counts.';
comment on column articles.rb_score is 'How clearly the article is RB activity, 0..1; 0.5 is the core line (a logistic of RB-instrument evidence minus the everyday frame, nlp/relevance.py).';
comment on column articles.rb_evidence is 'JSON list: the level and why, then the strongest evidence ("+7.0 integrity_zone: WBK x3 (title, lead, body)", "-4.0 frame apel: apel pagi (title)").';
comment on column articles.rb_level is 'core: RB activity (an RB instrument or process is the topic); related: governance news near RB (ASN discipline, pelantikan, audits, Ombudsman complaints, service delivery, innovation contests); none: everything else. See README, "Is it RB activity?".';
comment on column articles.nlp_version is 'Fingerprint of the NLP (nlp/ code and its lexicons) that annotated the row; rows with another fingerprint are reannotated from their stored text.';
comment on column articles.annotated_at is 'When nlp/ last annotated the row (processing or reannotation).';
comment on column articles.processing_version is 'Version of the extraction code (WARC -> text) that wrote the row; rbmon process --reprocess re-extracts older rows from their WARCs.';
