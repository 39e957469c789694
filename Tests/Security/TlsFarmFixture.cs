using RenderFarm.Tests.Durable;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Security;

/// <summary>
/// Three silo processes in farm mode over mutual TLS, shared by a class's tests. Every node's key is
/// encrypted and its password given as a file (<c>Tls__KeyPassword_FILE</c>), so that the tests can
/// look for that password in what the farm writes and shows.
/// </summary>
public sealed class TlsFarmFixture : IAsyncLifetime
{
    public const int Nodes = 3;

    private readonly TestDirectory secrets = new("tls-secrets");
    private ProcessFarm? farm;

    /// <summary>The node key's password: distinctive, so that any trace of it in a log or an output is found.</summary>
    public string KeyPassword { get; } = $"key-pass-{Guid.NewGuid():N}";

    public CertificateFiles NodeCertificate { get; private set; } = null!;

    public ProcessFarm Farm => farm ?? throw new InvalidOperationException("the farm has not started");

    /// <summary>A file holding <paramref name="secret"/>, as an operator mounts one (with a final line break).</summary>
    public string SecretFile(string name, string secret)
    {
        var path = secrets.File(name);
        File.WriteAllText(path, secret + "\n");
        return path;
    }

    public async ValueTask InitializeAsync()
    {
        NodeCertificate = TestCertificates.EncryptedNode(KeyPassword);
        var settings = NodeCertificate.SiloSettings();
        settings["Tls__KeyPassword_FILE"] = SecretFile("node-key-password", KeyPassword);
        farm = await ProcessFarm.StartAsync(Nodes, settings);
    }

    public async ValueTask DisposeAsync()
    {
        if (farm is not null)
            await farm.DisposeAsync();
        secrets.Dispose();
    }
}
