-- rbmon schema, version 4: the scheduler's record of every job run.

create table job_runs (
    job_run_id varchar primary key,
    job varchar not null,
    trigger varchar not null,
    started_at timestamptz not null,
    finished_at timestamptz,
    outcome varchar not null,
    error varchar,
    details json
);
comment on table job_runs is 'Every scheduled or manual job run (nightly, weekly digest): when, how it ended, and why it failed.';
comment on column job_runs.job_run_id is 'Identifier of the run.';
comment on column job_runs.job is 'nightly or weekly_digest.';
comment on column job_runs.trigger is 'schedule (APScheduler), manual (rbmon run) or test.';
comment on column job_runs.started_at is 'When the job started.';
comment on column job_runs.finished_at is 'When the job ended; null if the process died while running it.';
comment on column job_runs.outcome is 'running, ok, failed, skipped_locked (another run held the lock) or interrupted.';
comment on column job_runs.error is 'Error message when the job failed.';
comment on column job_runs.details is 'JSON summary of what the job did (counts, files written).';
