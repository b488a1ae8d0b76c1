-- The return shipping quoted for a return (issue 12): carrier, amount, whether it is the distance estimate and whether
-- the customer pays it. Null for returns that send nothing back and for returns requested before it was quoted.
alter table returns add column return_shipping jsonb;
