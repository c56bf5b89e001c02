-- Test-only schema exercising every dialect placeholder and a foreign key on both engines.
CREATE TABLE core_probe (
    id ${id_pk},
    name TEXT NOT NULL UNIQUE,
    payload ${blob},
    big ${bigint}
);
CREATE TABLE core_probe_child (
    id ${id_pk},
    parent_id ${bigint} NOT NULL REFERENCES core_probe (id)
);
