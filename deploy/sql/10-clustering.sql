-- Orleans.RenderFarm: PostgreSQL schema for Orleans' ADO.NET providers, part 1 of 3: clustering
-- (Microsoft.Orleans.Clustering.AdoNet: silo membership, and the gateway list clients read).
--
-- Orleans' membership protocol keeps, per cluster (ClusterId, bound as @DeploymentId), one
-- table version: every change to a silo's row must name the version it last read, and bumps it
-- in the same statement. A stale version changes nothing and answers FALSE, which Orleans
-- reads as "someone else won; re-read the table and retry". Heartbeats (IAmAliveTime) are the
-- one write that does not take part in versioning.
--
-- Silo status codes (Orleans.Runtime.SiloStatus): 0 None, 1 Created, 2 Joining, 3 Active,
-- 4 ShuttingDown, 5 Stopping, 6 Dead.
-- Times are timestamptz: Npgsql binds the providers' DateTime parameters (DbType.DateTime, UTC)
-- as timestamptz and refuses non-UTC values, so the server's TimeZone setting never matters.

CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id text        NOT NULL,   -- Orleans ClusterId
    version       integer     NOT NULL DEFAULT 0,
    updated_at    timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT pk_orleans_membership_version PRIMARY KEY (deployment_id)
);

-- One row per silo incarnation (address, port and generation identify it; a restarted silo
-- comes back with a new generation and a new row).
CREATE TABLE IF NOT EXISTS orleans_membership
(
    deployment_id   text        NOT NULL,
    address         varchar(45) NOT NULL,  -- textual IPv4 or IPv6 address
    port            integer     NOT NULL,  -- silo-to-silo port
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,  -- SiloStatus, see above
    proxy_port      integer     NOT NULL,  -- gateway port for clients; 0 when the silo has none
    suspect_times   text        NULL,      -- Orleans' own "silo,time|silo,time" encoding
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,

    CONSTRAINT pk_orleans_membership PRIMARY KEY (deployment_id, address, port, generation),
    CONSTRAINT fk_orleans_membership_version FOREIGN KEY (deployment_id)
        REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Creates the cluster's version row once. Reads: one boolean, TRUE when this call created it.
('InsertMembershipVersionKey', $query$
WITH created AS (
    INSERT INTO orleans_membership_version (deployment_id)
    VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1
)
SELECT count(*) > 0 FROM created
$query$),

-- The whole table for a cluster. Always one row at least (the version row, joined to no silo
-- when there is none; Orleans sees a NULL StartTime as "no silo in this row").
('MembershipReadAllKey', $query$
SELECT m.address         AS "Address",
       m.port            AS "Port",
       m.generation      AS "Generation",
       m.silo_name       AS "SiloName",
       m.host_name       AS "HostName",
       m.status          AS "Status",
       m.proxy_port      AS "ProxyPort",
       m.suspect_times   AS "SuspectTimes",
       m.start_time      AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime",
       v.version         AS "Version"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId
$query$),

-- One silo's row with the table version, in the same shape as MembershipReadAllKey.
('MembershipReadRowKey', $query$
SELECT m.address         AS "Address",
       m.port            AS "Port",
       m.generation      AS "Generation",
       m.silo_name       AS "SiloName",
       m.host_name       AS "HostName",
       m.status          AS "Status",
       m.proxy_port      AS "ProxyPort",
       m.suspect_times   AS "SuspectTimes",
       m.start_time      AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime",
       v.version         AS "Version"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m
       ON m.deployment_id = v.deployment_id
      AND m.address = @Address
      AND m.port = @Port
      AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId
$query$),

-- Adds a silo when @Version is still the table version and the silo has no row yet; bumps the
-- version in the same statement. Reads: one boolean, TRUE when the row was added.
('InsertMembershipKey', $query$
WITH bumped AS (
    UPDATE orleans_membership_version
    SET version = version + 1, updated_at = now()
    WHERE deployment_id = @DeploymentId
      AND version = @Version
      AND NOT EXISTS (SELECT 1 FROM orleans_membership
                      WHERE deployment_id = @DeploymentId AND address = @Address
                        AND port = @Port AND generation = @Generation)
    RETURNING deployment_id
), inserted AS (
    INSERT INTO orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port,
         start_time, i_am_alive_time)
    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
           @StartTime, @IAmAliveTime
    FROM bumped
    RETURNING 1
)
SELECT count(*) > 0 FROM inserted
$query$),

-- Changes a silo's status, suspicions and heartbeat when @Version is still the table version;
-- bumps the version in the same statement. Reads: one boolean, TRUE when the row changed.
('UpdateMembershipKey', $query$
WITH bumped AS (
    UPDATE orleans_membership_version
    SET version = version + 1, updated_at = now()
    WHERE deployment_id = @DeploymentId
      AND version = @Version
      AND EXISTS (SELECT 1 FROM orleans_membership
                  WHERE deployment_id = @DeploymentId AND address = @Address
                    AND port = @Port AND generation = @Generation)
    RETURNING deployment_id
), updated AS (
    UPDATE orleans_membership m
    SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
    FROM bumped
    WHERE m.deployment_id = bumped.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING 1
)
SELECT count(*) > 0 FROM updated
$query$),

-- A silo's heartbeat. Not versioned; Orleans reads nothing back.
('UpdateIAmAlivetimeKey', $query$
UPDATE orleans_membership
SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation
$query$),

-- Forgets a whole cluster (its silo rows go with the version row: ON DELETE CASCADE).
('DeleteMembershipTableEntriesKey', $query$
DELETE FROM orleans_membership_version
WHERE deployment_id = @DeploymentId
$query$),

-- Gateways a client may connect to; Orleans binds @Status = 3 (Active).
('GatewaysQueryKey', $query$
SELECT address    AS "Address",
       proxy_port AS "ProxyPort",
       generation AS "Generation"
FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND status = @Status
  AND proxy_port > 0
$query$),

-- Required by 10.4.2 but only run when CleanupDefunctSiloEntryKey (below) is missing: removes
-- the rows of dead silos that have been silent since before @IAmAliveTime (the cut-off).
('CleanupDefunctSiloEntriesKey', $query$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND status = 6
  AND i_am_alive_time < @IAmAliveTime
$query$),

-- Optional in 10.4.2, and preferred when present: Orleans reads the table, decides in .NET
-- which dead rows are older than the cut-off, then deletes each one only if it still holds the
-- values it read (start, heartbeat, suspicions), so a row that changed meanwhile survives.
-- A NULL and an empty suspect list are the same list (Orleans writes '' for an empty one and
-- binds NULL when it read none).
('CleanupDefunctSiloEntryKey', $query$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation
  AND status = 6
  AND start_time = @StartTime
  AND i_am_alive_time = @IAmAliveTime
  AND coalesce(suspect_times, '') = coalesce(@SuspectTimes, '')
$query$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
