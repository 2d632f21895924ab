-- A password someone else chose (a new tenant's first admin, a reset by the operator) is for one
-- sign-in only: the user must replace it before doing anything else.
alter table users add column must_change_password boolean not null default false;
