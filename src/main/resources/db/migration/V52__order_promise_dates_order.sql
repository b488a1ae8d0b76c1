-- The promise dates of an order's current allocation, on the order itself (issue 11): ship_by is when the last
-- shipment must leave its location, deliver_by the date the customer was promised. Null while nothing is allocated.
alter table orders add column ship_by timestamptz;
alter table orders add column deliver_by date;
