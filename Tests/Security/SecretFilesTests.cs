using Microsoft.Extensions.Configuration;
using RenderFarm.Client.Security;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Security;

public sealed class SecretFilesTests
{
    [Fact]
    public void A_setting_given_as_a_file_is_the_files_content_without_its_line_break_and_wins_over_a_value()
    {
        using var directory = new TestDirectory("secret-files");
        File.WriteAllText(directory.File("db"), "Host=db;Password=from-file\n");
        File.WriteAllText(directory.File("key"), "key-pass\r\n");

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Cluster:Database"] = "Host=db;Password=inline",
                ["Cluster:Database_FILE"] = directory.File("db"),
                ["Tls:KeyPassword_FILE"] = directory.File("key"),
                // A variable of the machine's environment, not a farm setting: left alone although its file is absent.
                ["TF_CLI_CONFIG_FILE"] = directory.File("absent"),
            })
            .AddSecretFiles()
            .Build();

        Assert.Equal("Host=db;Password=from-file", configuration["Cluster:Database"]);
        Assert.Equal("key-pass", configuration["Tls:KeyPassword"]);
        Assert.Null(configuration["TF_CLI_CONFIG"]);
    }

    [Fact]
    public void A_setting_whose_file_cannot_be_read_is_refused_naming_the_setting()
    {
        var builder = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Providers:Azure:ClientSecret_FILE"] = "/nonexistent/secret" });

        var refusal = Assert.Throws<SecretFileException>(() => builder.AddSecretFiles());

        Assert.Contains("Providers:Azure:ClientSecret_FILE", refusal.Message);
        Assert.Contains("/nonexistent/secret", refusal.Message);
    }
}
