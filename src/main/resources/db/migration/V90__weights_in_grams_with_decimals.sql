-- Issue 18: an item's weight in grams with decimals, and an optional per-line weight of one unit that overrides the
-- item's for sourcing (null: the item's). Numbered in this branch's ADR range.
alter table items alter column weight_grams type numeric(14,3);
alter table order_lines add column weight_grams numeric(14,3) check (weight_grams >= 0);
