-- db-scheduler's table (its PostgreSQL layout; SQLite accepts the same type names), renamed into ops_.
CREATE TABLE ops_scheduled_tasks (
    task_name            TEXT NOT NULL,
    task_instance        TEXT NOT NULL,
    task_data            ${blob},
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              ${bigint} NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX ops_scheduled_tasks_execution_time ON ops_scheduled_tasks (execution_time);
CREATE INDEX ops_scheduled_tasks_last_heartbeat ON ops_scheduled_tasks (last_heartbeat);

-- One row per run of a job: written when it starts, completed when it ends.
CREATE TABLE ops_job_runs (
    id            ${id_pk},
    job           TEXT NOT NULL,
    scheduled_for ${bigint} NOT NULL,
    started_at    ${bigint} NOT NULL,
    ended_at      ${bigint},
    outcome       TEXT NOT NULL,
    trigger_kind  TEXT NOT NULL,
    node          TEXT NOT NULL,
    findings      TEXT NOT NULL
);
CREATE INDEX ops_job_runs_job_started ON ops_job_runs (job, started_at);
