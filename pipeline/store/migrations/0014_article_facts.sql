-- rbmon schema, version 14: the RB results each article reports (the scorecard's facts).
-- One row per fact nlp/facts.py reads from a core article: who (a pemda, a unit of a pemda or a
-- central agency's office), which metric (data/metrics.yaml), which value, which year and with what
-- status. Written by the loader with the article's other child rows, so reprocessing and
-- re-annotating replace them; the views pemda_scorecard and metric_history read them.

create table article_facts (
    article_id varchar not null,
    fact_no integer not null,
    subject varchar not null,
    subject_kind varchar not null,
    subject_code varchar,
    pemda varchar,
    pemda_code varchar,
    metric varchar not null,
    value varchar not null,
    number double,
    category varchar,
    scale varchar,
    year integer,
    status varchar not null,
    evidence varchar
);
comment on table article_facts is 'Reported RB results: one row per result an RB article states (subject, metric, value, year, status), read by nlp/facts.py from core articles only.';
comment on column article_facts.article_id is 'Article (articles.article_id).';
comment on column article_facts.fact_no is 'Order of the fact in its article (0, 1, ...).';
comment on column article_facts.subject is 'Who holds the result: the canonical pemda name (Kota X, Kabupaten X, Provinsi X) or the unit or office as the article writes it (Disdukcapil Kulon Progo, RSUD Wates).';
comment on column article_facts.subject_kind is 'pemda (a provincial, regency or city government), unit (a service unit of a pemda) or agency (an office of a central body, e.g. a Lapas).';
comment on column article_facts.subject_code is 'Kemendagri code of the subject when it is a pemda (two digits for a province, NN.NN for a regency or city).';
comment on column article_facts.pemda is 'The pemda the result counts for: the subject itself, or the pemda a unit belongs to; null for a central agency.';
comment on column article_facts.pemda_code is 'Kemendagri code of pemda.';
comment on column article_facts.metric is 'Metric key: sakip_predicate, rb_index, spbe_index, integrity_zone, ombudsman_compliance, mcp_score, public_satisfaction, merit_index, public_service_eval (data/metrics.yaml).';
comment on column article_facts.value is 'The result, normalised: a predicate (BB), a number with a dot decimal (3.12), an award (WBK), a zone (hijau) or a category in lower case (sangat baik).';
comment on column article_facts.number is 'The numeric form given with the result, when the article gives one (the score behind a predicate).';
comment on column article_facts.category is 'The predicate, category, zone or award given with the result, when the article gives one.';
comment on column article_facts.scale is 'The metric''s scale as its evaluator publishes it (from data/metrics.yaml).';
comment on column article_facts.year is 'Assessment year as written (SAKIP 2024, tahun penilaian 2023); null when the article writes none ("tahun lalu" is not turned into a year).';
comment on column article_facts.status is 'announced (a reported result), target (what the pemda aims for), self_assessment (its own assessment, e.g. PMPRB) or previous (the earlier value a change is measured from: "naik dari B").';
comment on column article_facts.evidence is 'The sentence the fact was read from.';
create index article_facts_article_idx on article_facts (article_id);
