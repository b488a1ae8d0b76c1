-- Who made and who activated each flow and sourcing-profile version, and when (issue 14): the version history the
-- rollback and diff endpoints show. Flow versions were activated when published, so existing ones take their
-- creation time.
alter table flows add column created_by text;
alter table flows add column activated_at timestamptz;
alter table flows add column activated_by text;
update flows set activated_at = created_at;
alter table sourcing_profiles add column created_by text;
alter table sourcing_profiles add column activated_by text;
