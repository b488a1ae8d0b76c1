-- Intake writes less per order (issue 13's B1 budget, ADR 0150):
-- * an accepted order scored by the policy's rules alone, with no list match, stores the names of the rules that fired
--   instead of its explanation; the explanation is rebuilt on read from the stored features, those names and the
--   policy version, which never changes once it has decided orders;
-- * the related-orders indexes skip orders without the value (most orders carry no device or IP address).
alter table risk_assessments alter column explanation drop not null;
alter table risk_assessments add column rules_fired text[];
alter table risk_assessments add constraint risk_assessments_explained
    check (explanation is not null or rules_fired is not null);

drop index risk_assessments_by_customer;
drop index risk_assessments_by_device;
drop index risk_assessments_by_ip;
create index risk_assessments_by_customer on risk_assessments (tenant_id, customer, assessed_at desc)
    where customer is not null;
create index risk_assessments_by_device on risk_assessments (tenant_id, device, assessed_at desc)
    where device is not null;
create index risk_assessments_by_ip on risk_assessments (tenant_id, ip, assessed_at desc) where ip is not null;
