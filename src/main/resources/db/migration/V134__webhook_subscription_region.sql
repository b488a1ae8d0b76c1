-- The data region a webhook subscriber is in (issue 13); null: the tenant's own region. An event going to another
-- region has its personal fields masked unless the tenant allows that transfer (ADR 0122).
alter table webhook_subscriptions add column region text;
