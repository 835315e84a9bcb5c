-- The RB scorecard: per pemda (and per unit of a pemda) and metric, the latest result the news
-- announced, with how many articles and outlets reported it, the evidence, and a conflict flag when
-- reports of that year disagree. Targets, self-assessments and previous values are not results and
-- are left out (article_facts keeps them). Offices of central agencies (a Lapas) have no pemda and are
-- in article_facts only.
--
-- "Latest" is the latest assessment year any report names; reports that name no year count only
-- when none does. Among the reports of that year, the value carried by most outlets (then most
-- articles, then the most recent report) is the one shown; every value seen is in `reported_values`.

create or replace view pemda_scorecard as
with reports as (
    select f.*, a.published_at, a.source_id, a.story_id, a.url
    from article_facts f join articles a using (article_id)
    where f.status = 'announced' and f.pemda_code is not null
), latest as (
    select pemda_code, subject, metric, max(year) as year
    from reports
    group by all
), period as (
    select r.*
    from reports r join latest l using (pemda_code, subject, metric)
    where r.year is not distinct from l.year
), per_value as (
    select pemda_code, subject, metric, year, value,
           count(distinct article_id) as articles,
           count(distinct source_id) as outlets,
           count(distinct story_id) as stories,
           min(published_at) as first_reported,
           max(published_at) as last_reported,
           arg_max(evidence, published_at) as evidence,
           arg_max(url, published_at) as url,
           arg_max(number, published_at) as number,
           arg_max(category, published_at) as category
    from period
    group by all
), ranked as (
    select *,
           row_number() over (
               partition by pemda_code, subject, metric
               order by outlets desc, articles desc, last_reported desc, value
           ) as rank
    from per_value
), seen as (
    select pemda_code, subject, metric,
           list(distinct value order by value) as reported_values,
           count(distinct value) > 1 as conflict,
           count(distinct article_id) as all_articles,
           count(distinct source_id) as all_outlets,
           any_value(pemda) as pemda,
           any_value(subject_kind) as subject_kind,
           any_value(scale) as scale
    from period
    group by all
)
select left(r.pemda_code, 2) as province_code, p.name as province,
       r.pemda_code, s.pemda, r.subject, s.subject_kind, r.metric,
       r.value, r.number, r.category, r.year, s.scale,
       r.articles, r.outlets, r.stories, r.first_reported, r.last_reported,
       s.conflict, s.reported_values, s.all_articles, s.all_outlets,
       r.evidence, r.url
from ranked r
join seen s using (pemda_code, subject, metric)
left join provinces p on p.code = left(r.pemda_code, 2)
where r.rank = 1;
comment on view pemda_scorecard is 'The RB scorecard: per pemda (or unit of a pemda) and metric, the latest announced result, how many articles and outlets reported it, its evidence, and whether reports of that year disagree.';
comment on column pemda_scorecard.province_code is 'Kemendagri code of the province of the pemda.';
comment on column pemda_scorecard.province is 'Province name.';
comment on column pemda_scorecard.pemda_code is 'Kemendagri code of the pemda the result counts for.';
comment on column pemda_scorecard.pemda is 'Canonical pemda name (Kota X, Kabupaten X, Provinsi X).';
comment on column pemda_scorecard.subject is 'Who holds the result: the pemda itself or its unit as written (RSUD Wates).';
comment on column pemda_scorecard.subject_kind is 'pemda or unit.';
comment on column pemda_scorecard.metric is 'Metric key (data/metrics.yaml).';
comment on column pemda_scorecard.value is 'The latest announced value (the one most outlets reported for that year).';
comment on column pemda_scorecard.number is 'Its numeric form, when reported.';
comment on column pemda_scorecard.category is 'Its predicate, category, zone or award, when reported.';
comment on column pemda_scorecard.year is 'Assessment year of the value; null when no report names one.';
comment on column pemda_scorecard.scale is 'The metric''s scale.';
comment on column pemda_scorecard.articles is 'Articles reporting this value for this year.';
comment on column pemda_scorecard.outlets is 'Distinct sources reporting this value for this year.';
comment on column pemda_scorecard.stories is 'Distinct stories reporting it (syndicated copies once).';
comment on column pemda_scorecard.first_reported is 'First publication reporting this value.';
comment on column pemda_scorecard.last_reported is 'Latest publication reporting this value.';
comment on column pemda_scorecard.conflict is 'True when reports for the same year give different values (see reported_values).';
comment on column pemda_scorecard.reported_values is 'Every value reported for that year.';
comment on column pemda_scorecard.all_articles is 'Articles reporting any value for that year.';
comment on column pemda_scorecard.all_outlets is 'Sources reporting any value for that year.';
comment on column pemda_scorecard.evidence is 'The sentence of the latest article reporting the value.';
comment on column pemda_scorecard.url is 'That article''s URL.';
