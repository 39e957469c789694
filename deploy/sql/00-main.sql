-- Orleans.RenderFarm: PostgreSQL schema for Orleans' ADO.NET providers, part 0 of 3.
--
-- The ADO.NET providers (clustering, grain persistence, reminders) never hold SQL of their own.
-- At start-up each one runs exactly
--     SELECT QueryKey, QueryText FROM OrleansQuery
-- and from then on runs only the query texts it finds under the keys it knows. So the contract
-- with Orleans is the OrleansQuery table plus, for every key:
--   * the parameters the provider binds (referenced here as @Name; Npgsql binds them by name),
--   * the columns it reads back, by name (Npgsql matches names case-insensitively; the queries
--     still alias every result column to the provider's spelling, so the contract is visible).
-- The tables behind the queries are ours to design; the later files create them and add their
-- queries. Checked against Microsoft.Orleans.*.AdoNet 10.4.2 (see deploy/sql/README.md).
--
-- Every file is idempotent: tables are created only when missing and query rows are upserted,
-- so re-running the scripts updates query texts and never drops data.

-- The table and column names are fixed by the providers' start-up SELECT above (unquoted, so
-- PostgreSQL folds them to lower case on both sides).
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,

    CONSTRAINT pk_orleans_query PRIMARY KEY (QueryKey)
);
