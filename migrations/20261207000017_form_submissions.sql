-- A command sent twice runs once (app::once). Each create form carries a key rendered with it;
-- the command's own transaction claims the key first, so a second sending of the same form waits
-- on the key's index until the first commits and then finds it taken. The first command's answer
-- is kept to be given again. Keys are forgotten after a day.
create table form_submissions (
    tenant_id uuid not null references tenants (id) on delete cascade,
    key uuid not null,
    user_id uuid not null,
    answer jsonb,
    created_at timestamptz not null default now(),
    primary key (tenant_id, key)
);
create index form_submissions_created_idx on form_submissions (tenant_id, created_at);

alter table form_submissions enable row level security;
alter table form_submissions force row level security;
create policy tenant_isolation on form_submissions
    using (tenant_id = (select current_tenant_id())) with check (tenant_id = (select current_tenant_id()));
grant select, insert, update, delete on form_submissions to fleetcore_app;
