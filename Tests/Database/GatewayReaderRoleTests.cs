using Npgsql;

namespace RenderFarm.Tests.Database;

/// <summary>
/// The role clients connect to the farm database as reads what finding the gateways takes and
/// nothing else: no grain state, reminders or job index, and it writes nothing.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class GatewayReaderRoleTests
{
    [Theory]
    [InlineData("SELECT count(*) FROM OrleansQuery")]
    [InlineData("SELECT count(*) FROM orleans_membership")]
    public async Task It_reads_the_membership_and_the_query_texts(string query) =>
        Assert.True(await ScalarAsync(query) is long);

    [Theory]
    [InlineData("SELECT count(*) FROM orleans_storage")]
    [InlineData("SELECT count(*) FROM orleans_reminders")]
    [InlineData("SELECT count(*) FROM job_index")]
    [InlineData("SELECT count(*) FROM orleans_membership_version")]
    [InlineData("UPDATE orleans_membership SET status = status WHERE false")]
    [InlineData("DELETE FROM OrleansQuery WHERE false")]
    [InlineData("CREATE TABLE stolen (x int)")]
    public async Task It_is_refused_everything_else(string statement)
    {
        var refused = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(statement));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    private static async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(FarmDatabase.GatewaysConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }
}
