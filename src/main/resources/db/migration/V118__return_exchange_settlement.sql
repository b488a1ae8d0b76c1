-- An exchange's replacements and how its price difference is settled (issue 12): a small document kept with the
-- return, null for other resolutions and for exchanges requested before it was kept.
alter table returns add column exchange jsonb;
