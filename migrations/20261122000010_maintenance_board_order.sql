-- The order work order lists are read in (open work first, the next booked first; then closed
-- work, the latest first) as stored columns with one index over them, so a page of a board
-- column or of the due list is read off the index instead of sorting every matching order.
--
-- Two things make plain columns necessary. Under row-level security, a condition on an enum
-- (`status = 'completed'`) cannot use an index: `enum_eq` is not leakproof, so PostgreSQL
-- checks it only after the tenant policy, row by row; `closed = true` compares booleans, which
-- are leakproof. And an index only serves an order by the same expressions, which a query
-- states more plainly over columns. `latest_on` falls back to the creation's date in UTC,
-- the only immutable reading of a timestamptz's day.

alter table maintenance_records
    add column closed boolean generated always as (status in ('completed', 'cancelled')) stored,
    add column open_on date generated always as (case when status in ('scheduled', 'in_progress') then scheduled_on end) stored,
    add column latest_on date generated always as (coalesce(completed_on, scheduled_on, (created_at at time zone 'UTC')::date)) stored;

-- Replaces the index by status, which the policy kept from ever filtering by status.
drop index maintenance_records_status_idx;
create index maintenance_records_list_idx
    on maintenance_records (tenant_id, closed, open_on, latest_on desc, created_at desc, id) include (status);
