-- The sign-in throttle now reserves an attempt before the password is checked, so parallel
-- guesses cannot all pass the count, and a successful sign-in takes its own reservation back:
-- each row needs an id of its own. Rows are still "attempts that did not succeed".
alter table login_failures add column id bigint generated always as identity;
alter table login_failures add constraint login_failures_pkey primary key (id);
