-- Orleans.RenderFarm: PostgreSQL schema for Orleans' ADO.NET providers, part 2 of 3: grain
-- persistence (Microsoft.Orleans.Persistence.AdoNet; AddAdoNetGrainStorage).
--
-- What identifies a stored record is what the provider binds:
--   @ServiceId               ClusterOptions.ServiceId (the same across cluster restarts)
--   @GrainTypeString         the STATE NAME ([PersistentState("name", ...)], or "state" for
--                            Grain<T>). Orleans 10.4.2 does not send the grain type: two grain
--                            classes that use the same state name and the same key share a row.
--   @GrainIdN0, @GrainIdN1   the grain key: a Guid split in two longs, or 0 and a long key, or
--                            0 and 0 for a string key
--   @GrainIdExtensionString  the key extension, or the whole key of a string-keyed grain; NULL
--                            when there is none (stored as '' so it can be part of the key)
-- @GrainIdHash and @GrainTypeHash are bound too; this schema does not need them.
--
-- ETags are the integer version of the row. A write or clear must name the version it read
-- (@GrainStateVersion, NULL for "I read nothing"). Each query returns exactly one row whose
-- NewGrainStateVersion is the new version, or NULL when the version did not match; the
-- provider turns NULL into InconsistentStateException. Versions wrap from 2^31-1 to 1.

CREATE TABLE IF NOT EXISTS orleans_storage
(
    service_id     text        NOT NULL,
    state_name     text        NOT NULL,   -- @GrainTypeString, see above
    grain_id_n0    bigint      NOT NULL,
    grain_id_n1    bigint      NOT NULL,
    key_extension  text        NOT NULL,   -- '' when the grain key has none
    payload_binary bytea       NULL,       -- NULL after a clear: the record stays, versioned
    version        integer     NOT NULL,
    modified_at    timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT pk_orleans_storage
        PRIMARY KEY (service_id, state_name, grain_id_n0, grain_id_n1, key_extension)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Zero rows (nothing stored: empty state, no ETag) or one row. A NULL payload with a version
-- is a cleared record: empty state, RecordExists false, and that version as its ETag.
('ReadFromStorageKey', $query$
SELECT payload_binary AS "PayloadBinary",
       version        AS "Version"
FROM orleans_storage
WHERE service_id = @ServiceId
  AND state_name = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND key_extension = coalesce(@GrainIdExtensionString, '')
$query$),

-- Updates the record when @GrainStateVersion is its current version, or creates it when
-- @GrainStateVersion is NULL and no record exists yet (a second copy that also read nothing
-- loses on the primary key). Anything else changes nothing and answers NULL.
('WriteToStorageKey', $query$
WITH updated AS (
    UPDATE orleans_storage
    SET payload_binary = @PayloadBinary,
        version = version % 2147483647 + 1,
        modified_at = now()
    WHERE @GrainStateVersion IS NOT NULL
      AND service_id = @ServiceId
      AND state_name = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0
      AND grain_id_n1 = @GrainIdN1
      AND key_extension = coalesce(@GrainIdExtensionString, '')
      AND version = @GrainStateVersion
    RETURNING version
), inserted AS (
    INSERT INTO orleans_storage
        (service_id, state_name, grain_id_n0, grain_id_n1, key_extension, payload_binary, version)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
           coalesce(@GrainIdExtensionString, ''), @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT ON CONSTRAINT pk_orleans_storage DO NOTHING
    RETURNING version
)
SELECT (SELECT version FROM updated UNION ALL SELECT version FROM inserted) AS "NewGrainStateVersion"
$query$),

-- ClearStateAsync with DeleteStateOnClear = false (the default): keeps the record with no
-- payload and a new version, so a stale copy still cannot write over the clear.
('ClearStorageKey', $query$
WITH cleared AS (
    UPDATE orleans_storage
    SET payload_binary = NULL,
        version = version % 2147483647 + 1,
        modified_at = now()
    WHERE service_id = @ServiceId
      AND state_name = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0
      AND grain_id_n1 = @GrainIdN1
      AND key_extension = coalesce(@GrainIdExtensionString, '')
      AND version = @GrainStateVersion
    RETURNING version
)
SELECT (SELECT version FROM cleared) AS "NewGrainStateVersion"
$query$),

-- ClearStateAsync with DeleteStateOnClear = true (optional key): deletes the record. The
-- provider only checks that the answer is a version different from the one it held.
('DeleteStorageKey', $query$
WITH deleted AS (
    DELETE FROM orleans_storage
    WHERE service_id = @ServiceId
      AND state_name = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0
      AND grain_id_n1 = @GrainIdN1
      AND key_extension = coalesce(@GrainIdExtensionString, '')
      AND version = @GrainStateVersion
    RETURNING version
)
SELECT (SELECT version % 2147483647 + 1 FROM deleted) AS "NewGrainStateVersion"
$query$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
