-- Each pemda's (and unit's) results over the years: one row per pemda, subject, metric and
-- assessment year, from the announced results and the earlier values articles compare them with
-- ("naik dari B": a previous value with its year). Targets and self-assessments are not results.
-- Rows without a year hold what reports stated without naming one.

create or replace view metric_history as
with reports as (
    select f.*, a.published_at, a.source_id
    from article_facts f join articles a using (article_id)
    where f.status in ('announced', 'previous') and f.pemda_code is not null
), per_value as (
    select pemda_code, subject, metric, year, value,
           count(distinct source_id) as outlets,
           count(distinct article_id) as articles,
           max(published_at) as last_reported
    from reports
    group by all
), ranked as (
    select *,
           row_number() over (
               partition by pemda_code, subject, metric, year
               order by outlets desc, articles desc, last_reported desc, value
           ) as rank
    from per_value
), years as (
    select pemda_code, subject, metric, year,
           any_value(pemda) as pemda,
           any_value(subject_kind) as subject_kind,
           list(distinct value order by value) as reported_values,
           count(distinct value) > 1 as conflict,
           list(distinct status order by status) as statuses,
           count(distinct article_id) as articles,
           count(distinct source_id) as outlets,
           min(published_at) as first_reported,
           max(published_at) as last_reported
    from reports
    group by all
)
select left(y.pemda_code, 2) as province_code, p.name as province,
       y.pemda_code, y.pemda, y.subject, y.subject_kind, y.metric, y.year,
       r.value, y.reported_values, y.conflict, y.statuses,
       y.articles, y.outlets, y.first_reported, y.last_reported
from years y
join ranked r on r.rank = 1 and r.pemda_code = y.pemda_code and r.subject = y.subject
    and r.metric = y.metric and r.year is not distinct from y.year
left join provinces p on p.code = left(y.pemda_code, 2);
comment on view metric_history is 'Each pemda''s (and unit''s) reported results per metric and assessment year: announced results and the earlier values articles compare them with.';
comment on column metric_history.province_code is 'Kemendagri code of the province of the pemda.';
comment on column metric_history.province is 'Province name.';
comment on column metric_history.pemda_code is 'Kemendagri code of the pemda the result counts for.';
comment on column metric_history.pemda is 'Canonical pemda name.';
comment on column metric_history.subject is 'Who holds the result: the pemda itself or its unit as written.';
comment on column metric_history.subject_kind is 'pemda or unit.';
comment on column metric_history.metric is 'Metric key (data/metrics.yaml).';
comment on column metric_history.year is 'Assessment year; null for results reported without one.';
comment on column metric_history.value is 'The value most outlets reported for that year.';
comment on column metric_history.reported_values is 'Every value reported for that year.';
comment on column metric_history.conflict is 'True when reports for that year give different values.';
comment on column metric_history.statuses is 'How the articles reported it: announced, previous (as the baseline of a change), or both.';
comment on column metric_history.articles is 'Articles reporting a value for that year.';
comment on column metric_history.outlets is 'Distinct sources reporting a value for that year.';
comment on column metric_history.first_reported is 'First publication reporting it.';
comment on column metric_history.last_reported is 'Latest publication reporting it.';
