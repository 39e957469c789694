using System.Reflection;
using System.Text.RegularExpressions;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;

namespace RenderFarm.Tests.Database;

/// <summary>
/// The deploy/sql queries checked directly: that every key the installed providers look up is there,
/// and the edge cases a running cluster seldom reaches (ring ranges that wrap, the cleanup fallback).
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed partial class QueryContractTests : IAsyncDisposable
{
    private readonly DatabaseTestIds ids = new("queries");

    [Fact]
    public async Task Every_query_key_the_installed_providers_look_up_is_in_OrleansQuery()
    {
        var wanted = new SortedSet<string>(StringComparer.Ordinal);
        // Clustering and reminders check their keys against the properties of an internal DbStoredQueries.
        wanted.UnionWith(StoredQueryKeys(typeof(AdoNetClusteringSiloOptions).Assembly, "Orleans.Clustering.AdoNet.Storage.DbStoredQueries"));
        wanted.UnionWith(StoredQueryKeys(typeof(AdoNetReminderTableOptions).Assembly, "Orleans.Reminders.AdoNet.Storage.DbStoredQueries"));
        // Grain storage names its keys in the query it starts with (DeleteStorageKey is optional there).
        wanted.UnionWith(QuotedKey().Matches(AdoNetGrainStorage.DefaultInitializationQuery).Select(match => match.Groups[1].Value));
        // Optional in 10.4.2, and this schema provides it: the row-by-row defunct silo cleanup.
        wanted.Add("CleanupDefunctSiloEntryKey");

        var installed = await FarmDatabase.QueriesAsync();
        var missing = wanted.Where(key => !installed.ContainsKey(key)).ToArray();
        Assert.Empty(missing);
        Assert.Contains("CleanupDefunctSiloEntriesKey", wanted);
        Assert.Contains("DeleteStorageKey", wanted);
    }

    [Fact]
    public async Task Ring_range_queries_split_the_signed_hash_space_the_way_Orleans_picks_them()
    {
        int[] hashes = [int.MinValue, -1000, -1, 0, 1, 1000, int.MaxValue];
        await using var connection = await FarmDatabase.OpenAsync();
        foreach (var hash in hashes)
        {
            await ExecuteAsync(connection,
                "INSERT INTO orleans_reminders VALUES (@service, @grain, 'r', now(), 60000, @hash, 0)",
                ("service", ids.ServiceId), ("grain", $"probe/{hash}"), ("hash", hash));
        }

        // Orleans runs ReadRangeRows1Key when begin < end (signed): the range (begin, end].
        Assert.Equal(new[] { -1, 0, 1 }, await RangeAsync(connection, "ReadRangeRows1Key", begin: -1000, end: 1));
        // Otherwise ReadRangeRows2Key: the range wraps past int.MaxValue, or is the whole ring when begin = end.
        Assert.Equal(new[] { int.MinValue, -1000, int.MaxValue }, await RangeAsync(connection, "ReadRangeRows2Key", begin: 1000, end: -1000));
        Assert.Equal(hashes, await RangeAsync(connection, "ReadRangeRows2Key", begin: 0, end: 0));
    }

    [Fact]
    public async Task Defunct_silo_cleanup_deletes_only_dead_rows_silent_since_the_cutoff()
    {
        var cluster = ids.NextClusterId();
        var cutoff = DateTime.UtcNow.AddHours(-1);
        var old = cutoff.AddHours(-2);
        await using var connection = await FarmDatabase.OpenAsync();
        await ExecuteAsync(connection, "INSERT INTO orleans_membership_version (deployment_id) VALUES (@cluster)", ("cluster", cluster));
        await AddSiloAsync(connection, cluster, port: 1, MembershipStatus.Dead, aliveAt: old, suspectTimes: null);
        await AddSiloAsync(connection, cluster, port: 2, MembershipStatus.Dead, aliveAt: cutoff.AddMinutes(30), suspectTimes: null);
        await AddSiloAsync(connection, cluster, port: 3, MembershipStatus.Active, aliveAt: old, suspectTimes: null);
        await AddSiloAsync(connection, cluster, port: 4, MembershipStatus.Dead, aliveAt: old, suspectTimes: "");

        // The row-by-row query Orleans prefers: deletes a row only while it is dead and holds the values
        // Orleans read (port 1 has moved on, port 3 is alive), and takes NULL and '' for the same empty
        // suspect list (port 4).
        var byRow = (await FarmDatabase.QueriesAsync())["CleanupDefunctSiloEntryKey"];
        await ExecuteAsync(connection, byRow, ("DeploymentId", cluster), ("Address", "10.0.0.1"), ("Port", 4), ("Generation", 7),
            ("StartTime", old), ("IAmAliveTime", old), ("SuspectTimes", null));
        await ExecuteAsync(connection, byRow, ("DeploymentId", cluster), ("Address", "10.0.0.1"), ("Port", 1), ("Generation", 7),
            ("StartTime", old), ("IAmAliveTime", old.AddSeconds(1)), ("SuspectTimes", null));
        await ExecuteAsync(connection, byRow, ("DeploymentId", cluster), ("Address", "10.0.0.1"), ("Port", 3), ("Generation", 7),
            ("StartTime", old), ("IAmAliveTime", old), ("SuspectTimes", null));
        Assert.Equal(new[] { 1, 2, 3 }, await PortsAsync(cluster));

        // The fallback Orleans runs when that query is missing: every dead row silent since the cut-off.
        var fallback = (await FarmDatabase.QueriesAsync())["CleanupDefunctSiloEntriesKey"];
        await ExecuteAsync(connection, fallback, ("DeploymentId", cluster), ("IAmAliveTime", cutoff));
        Assert.Equal(new[] { 2, 3 }, await PortsAsync(cluster));
    }

    public async ValueTask DisposeAsync() => await FarmDatabase.ForgetAsync(ids);

    private static IEnumerable<string> StoredQueryKeys(Assembly provider, string typeName)
    {
        var type = provider.GetType(typeName)
            ?? throw new InvalidOperationException($"{typeName} is not in {provider.GetName()}: find where this Orleans version lists its query keys");
        return type.GetProperties(BindingFlags.Instance | BindingFlags.NonPublic).Select(property => property.Name);
    }

    [GeneratedRegex("QueryKey = '(\\w+)'")]
    private static partial Regex QuotedKey();

    private async Task<int[]> RangeAsync(NpgsqlConnection connection, string key, int begin, int end)
    {
        var query = (await FarmDatabase.QueriesAsync())[key];
        await using var command = Command(connection, query, ("ServiceId", ids.ServiceId), ("BeginHash", begin), ("EndHash", end));
        var grains = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            grains.Add(int.Parse(reader.GetString(reader.GetOrdinal("GrainId"))["probe/".Length..]));
        return [.. grains.Order()];
    }

    private static async Task<int[]> PortsAsync(string cluster) =>
        [.. (await FarmDatabase.MembershipRowsAsync(cluster)).Select(row => row.Port).Order()];

    private static Task AddSiloAsync(NpgsqlConnection connection, string cluster, int port, MembershipStatus status, DateTime aliveAt, string? suspectTimes) =>
        ExecuteAsync(connection,
            """
            INSERT INTO orleans_membership
                (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, suspect_times, start_time, i_am_alive_time)
            VALUES (@cluster, '10.0.0.1', @port, 7, @name, 'host', @status, 0, @suspects, @alive, @alive)
            """,
            ("cluster", cluster), ("port", port), ("name", $"silo-{port}"), ("status", (int)status),
            ("suspects", suspectTimes), ("alive", aliveAt));

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Binds parameters by name, as the providers do; a NULL is bound as text, like Orleans' null strings.</summary>
    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value is null
                ? new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Text) { Value = DBNull.Value }
                : new NpgsqlParameter(name, value));
        }
        return command;
    }
}
