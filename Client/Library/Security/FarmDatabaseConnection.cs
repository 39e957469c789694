using System.Data.Common;
using Npgsql;

namespace RenderFarm.Client.Security;

/// <summary>The farm database's connection string as the farm uses it, and as it may be shown.</summary>
public static class FarmDatabaseConnection
{
    /// <summary>TLS to PostgreSQL where the server offers it, unless the operator chose a mode (<c>SSL Mode=Require</c>, <c>VerifyFull</c>, …).</summary>
    public const SslMode DefaultSslMode = SslMode.Prefer;

    public static string WithSecureDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Keys.Cast<string>().Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals("SslMode", StringComparison.OrdinalIgnoreCase)))
            builder.SslMode = DefaultSslMode;
        return builder.ConnectionString;
    }

    /// <summary>The connection string without its password, for a log line, a status or an error message.</summary>
    public static string Redacted(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (builder.Password is { Length: > 0 })
                builder.Password = "***";
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(a connection string that cannot be read)";
        }
    }
}
