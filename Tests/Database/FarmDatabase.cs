using Npgsql;

namespace RenderFarm.Tests.Database;

/// <summary>
/// The farm's PostgreSQL database as the tests see it: the connection string the providers get,
/// and direct reads of the tables behind them (deploy/sql), to check what the providers wrote.
/// </summary>
public static class FarmDatabase
{
    /// <summary>What deploy/db/connection-string.sh prints when no RENDERFARM_PG_* variable is set.</summary>
    public const string DefaultConnectionString = "Host=localhost;Port=5432;Username=renderfarm;Password=renderfarm;Database=renderfarm";

    public static string ConnectionString { get; } =
        Environment.GetEnvironmentVariable("RENDERFARM_PG_CONNECTION") is { Length: > 0 } configured ? configured : DefaultConnectionString;

    /// <summary>
    /// The clients' role (deploy/sql/50-gateway-reader.sql), which reads the membership and the query
    /// texts and nothing else: the farm database as a client finds its gateways.
    /// </summary>
    public static string GatewaysConnectionString { get; } = new NpgsqlConnectionStringBuilder(ConnectionString)
    {
        Username = "renderfarm_gateways",
        Password = Environment.GetEnvironmentVariable("RENDERFARM_PG_GATEWAYS_PASSWORD") is { Length: > 0 } password ? password : "renderfarm_gateways",
    }.ConnectionString;

    private static readonly NpgsqlDataSource DataSource = NpgsqlDataSource.Create(ConnectionString);

    public static async Task<NpgsqlConnection> OpenAsync()
    {
        try
        {
            return await DataSource.OpenConnectionAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            var target = new NpgsqlConnectionStringBuilder(ConnectionString);
            throw new InvalidOperationException(
                $"cannot reach the farm database {target.Database} on {target.Host}:{target.Port} as {target.Username}: " +
                "run deploy/db/setup-postgres.sh (or set RENDERFARM_PG_CONNECTION)", e);
        }
    }

    /// <summary>Fails fast, naming the database and what to run, when the server is not there.</summary>
    public static async Task EnsureReachableAsync()
    {
        await using var connection = await OpenAsync();
    }

    public static async Task<IReadOnlyList<MembershipRow>> MembershipRowsAsync(string clusterId)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT address, port, generation, silo_name, status, proxy_port, suspect_times
            FROM orleans_membership WHERE deployment_id = @cluster ORDER BY silo_name, generation
            """, connection);
        command.Parameters.AddWithValue("cluster", clusterId);
        var rows = new List<MembershipRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new MembershipRow(
                reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetString(3),
                (MembershipStatus)reader.GetInt32(4), reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }
        return rows;
    }

    public static async Task<StorageRow?> StorageRowAsync(string serviceId, string stateName, string keyExtension)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT payload_binary IS NOT NULL, version FROM orleans_storage
            WHERE service_id = @service AND state_name = @state AND key_extension = @key
            """, connection);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("state", stateName);
        command.Parameters.AddWithValue("key", keyExtension);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? new StorageRow(reader.GetBoolean(0), reader.GetInt32(1)) : null;
    }

    public static async Task<int> StorageRowCountAsync(string serviceId)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleans_storage WHERE service_id = @service", connection);
        command.Parameters.AddWithValue("service", serviceId);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    public static async Task<IReadOnlyList<ReminderRow>> ReminderRowsAsync(string serviceId)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT grain_id, reminder_name, period_ms, version FROM orleans_reminders WHERE service_id = @service ORDER BY grain_id",
            connection);
        command.Parameters.AddWithValue("service", serviceId);
        var rows = new List<ReminderRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(new ReminderRow(reader.GetString(0), reader.GetString(1), TimeSpan.FromMilliseconds(reader.GetInt64(2)), reader.GetInt32(3)));
        return rows;
    }

    public static async Task<IReadOnlyDictionary<string, string>> QueriesAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("SELECT QueryKey, QueryText FROM OrleansQuery", connection);
        var queries = new Dictionary<string, string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            queries.Add(reader.GetString(0), reader.GetString(1));
        return queries;
    }

    /// <summary>Deletes every row a test wrote under its service id and its clusters' ids.</summary>
    public static async Task ForgetAsync(DatabaseTestIds ids)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            DELETE FROM orleans_membership_version WHERE deployment_id LIKE @clusters;
            DELETE FROM orleans_storage WHERE service_id = @service;
            DELETE FROM orleans_reminders WHERE service_id = @service;
            DELETE FROM job_index WHERE service_id = @service;
            """, connection);
        command.Parameters.AddWithValue("clusters", ids.ClusterIdPrefix + "%");
        command.Parameters.AddWithValue("service", ids.ServiceId);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>Orleans' SiloStatus values as the membership table stores them.</summary>
public enum MembershipStatus
{
    None = 0,
    Created = 1,
    Joining = 2,
    Active = 3,
    ShuttingDown = 4,
    Stopping = 5,
    Dead = 6,
}

public sealed record MembershipRow(string Address, int Port, int Generation, string SiloName, MembershipStatus Status, int ProxyPort, string? SuspectTimes);

public sealed record StorageRow(bool HasPayload, int Version);

public sealed record ReminderRow(string GrainId, string ReminderName, TimeSpan Period, int Version);
