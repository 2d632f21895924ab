-- The fleet rules page (issue 4): default admin roles of existing tenants gain the permission
-- that new tenants' admins get (see DefaultRole::permissions).
update roles set permissions = array(select distinct unnest(permissions || '{settings_write}'::text[]) order by 1)
    where is_builtin and key = 'admin';
