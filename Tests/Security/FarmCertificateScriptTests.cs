using System.Security.Cryptography.X509Certificates;
using RenderFarm.Client.Security;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Security;

/// <summary>deploy/tls/make-farm-certs.sh makes what the farm's TLS settings read, and one farm's authority refuses another's certificates.</summary>
public sealed class FarmCertificateScriptTests
{
    private static readonly string Script = Path.Combine(RepositoryPaths.Root, "deploy", "tls", "make-farm-certs.sh");

    [Fact]
    public async Task The_script_issues_node_and_client_certificates_the_farm_accepts_and_another_farm_refuses()
    {
        using var directory = new TestDirectory("farm-certs");
        var farm = directory.File("farm");
        var other = directory.File("other");
        await RunAsync(farm, "ca");
        await RunAsync(farm, "node", "node-a", "node-b");
        await RunAsync(farm, "client", "editor-1");
        await RunAsync(other, "ca");
        await RunAsync(other, "node", "node-a");

        var node = FarmCertificates.Load(Settings(farm, "node-a"), FarmTlsOptions.SiloSectionName);
        var client = FarmCertificates.Load(Settings(farm, "editor-1"), FarmTlsOptions.ClientSectionName);
        var intruder = FarmCertificates.Load(Settings(other, "node-a"), FarmTlsOptions.SiloSectionName);

        Assert.Null(node.Authority.Refusal(client.Local));
        Assert.Null(node.Authority.Refusal(X509CertificateLoader.LoadCertificateFromFile(Path.Combine(farm, "node-b.pem"))));
        var refusal = node.Authority.Refusal(intruder.Local);
        Assert.NotNull(refusal);
        Assert.Contains("Tls:AuthorityFile", refusal);
        Assert.NotNull(intruder.Authority.Refusal(node.Local));
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], Usages(node.Local));
        Assert.Equal(["1.3.6.1.5.5.7.3.2"], Usages(client.Local));
        Assert.Equal("-rw-------", await ModeAsync(Path.Combine(farm, "node-a.key")));
    }

    [Fact]
    public async Task The_script_refuses_a_name_that_is_not_a_plain_host_name()
    {
        using var directory = new TestDirectory("farm-certs");
        await RunAsync(directory.Path, "ca");

        var result = await ToolProcess.RunAsync("bash", [Script, directory.Path, "node", "a/../b"], TimeSpan.FromSeconds(30));

        Assert.Equal(64, result.ExitCode);
        Assert.Contains("NAME must be", result.StandardError);
    }

    private static FarmTlsOptions Settings(string folder, string name) => new()
    {
        CertificateFile = Path.Combine(folder, name + ".pem"),
        KeyFile = Path.Combine(folder, name + ".key"),
        AuthorityFile = Path.Combine(folder, "ca.pem"),
    };

    private static string[] Usages(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value!).Order().ToArray();

    private static async Task<string> ModeAsync(string path) =>
        (await ToolProcess.RunAsync("stat", ["-c", "%A", path], TimeSpan.FromSeconds(10))).StandardOutput.Trim();

    private static async Task RunAsync(string folder, params string[] arguments)
    {
        var result = await ToolProcess.RunAsync("bash", [Script, folder, .. arguments], TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, $"make-farm-certs.sh {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError}");
    }
}
