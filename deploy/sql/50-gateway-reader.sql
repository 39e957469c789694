-- Orleans.RenderFarm: what a client's database role may read.
--
-- A client (the host app, the command line) connects to the farm database only to find the
-- gateways: Orleans' ADO.NET gateway list provider reads OrleansQuery at start-up and then runs
-- GatewaysQueryKey over orleans_membership. The role it connects as (renderfarm_gateways, made by
-- deploy/db/setup-postgres.sh, or by the operator on a server of their own) gets SELECT on those
-- two tables and nothing else: no grain state, reminders or job index, no writes. A client holding
-- the silos' role could read and change every job's state and bypass the farm's users and rights.
-- Skipped while the role does not exist.
DO $grant$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'renderfarm_gateways') THEN
        GRANT SELECT ON OrleansQuery, orleans_membership TO renderfarm_gateways;
    END IF;
END
$grant$;
