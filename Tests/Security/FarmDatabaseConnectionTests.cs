using RenderFarm.Client.Security;

namespace RenderFarm.Tests.Security;

public sealed class FarmDatabaseConnectionTests
{
    [Fact]
    public void The_farm_prefers_TLS_to_the_database_unless_the_operator_chose_a_mode()
    {
        Assert.Contains("SSL Mode=Prefer", FarmDatabaseConnection.WithSecureDefaults("Host=db;Username=farm;Password=p"));
        Assert.Contains("SSL Mode=VerifyFull", FarmDatabaseConnection.WithSecureDefaults("Host=db;SslMode=VerifyFull"));
        Assert.Contains("SSL Mode=Disable", FarmDatabaseConnection.WithSecureDefaults("Host=db;SSL Mode=Disable"));
    }

    [Fact]
    public void A_redacted_connection_string_keeps_where_it_goes_and_drops_its_password()
    {
        var redacted = FarmDatabaseConnection.Redacted("Host=db.internal;Username=farm;Password=s3cret-pass;Database=farm");

        Assert.DoesNotContain("s3cret-pass", redacted);
        Assert.Contains("Host=db.internal", redacted);
        Assert.Contains("Password=***", redacted);
    }
}
