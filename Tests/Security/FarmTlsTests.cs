using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;
using RenderFarm.Client.Security;
using RenderFarm.Jobs;
using RenderFarm.Tests.Database;
using RenderFarm.Tests.Farm;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Security;

/// <summary>A farm of three silo processes over mutual TLS: it renders, what goes over its links is unreadable, and it admits only its own authority's certificates.</summary>
public sealed class FarmTlsTests(TlsFarmFixture fixture) : IClassFixture<TlsFarmFixture>
{
    private static readonly TimeSpan RefusalLimit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Three_silos_over_mutual_TLS_render_a_job_and_a_capture_of_their_links_holds_no_timeline_text()
    {
        var farm = fixture.Farm;
        var title = $"tls-secret-title-{Guid.NewGuid():N}";
        using var folder = new TestDirectory("tls-capture");
        using var control = new TcpListener(IPAddress.Loopback, 0);
        control.Start();
        var controlPort = ((IPEndPoint)control.LocalEndpoint).Port;
        await using var capture = await LoopbackCapture.StartAsync(folder.File("links.pcap"), [.. farm.LinkPorts, controlPort]);

        // Text of the same kind sent in the clear on a captured port: the capture does read what goes over loopback.
        var plain = $"plain-text-{Guid.NewGuid():N}";
        await SendPlainAsync(control, controlPort, plain);
        var submitted = await farm.Farm.SubmitJobAsync(FarmTimelines.Small(50, title), new JobOptions { ChunkCount = 3 }, TestContext.Current.CancellationToken);
        var status = await farm.WaitForEndAsync(submitted.JobId, TimeSpan.FromMinutes(2));
        var captured = await capture.StopAsync();

        Assert.Equal(JobState.Completed, status.State);
        Assert.True(Contains(captured, plain), "the capture does not hold the text sent in the clear: it saw nothing of loopback");
        Assert.True(captured.Length > 20_000, $"the capture holds only {captured.Length} bytes: the farm's links were not seen");
        foreach (var text in new[] { title, "music.m4a", "a.mp4" })
            Assert.False(Contains(captured, text), $"'{text}' of the timeline went over the farm's links in the clear");
        // The chunks were spread over the silos, so the timeline went from silo to silo too, not only from the client to its gateway.
        Assert.True(status.Chunks.Select(c => c.Node).Distinct().Count() >= 2, $"the chunks ran on {string.Join(", ", status.Chunks.Select(c => c.Node).Distinct())} only");
    }

    [Fact]
    public async Task A_client_with_TLS_off_is_refused_as_not_authorised_in_seconds()
    {
        var refusal = await RefusalAsync(options => options.Tls.Enabled = false);

        Assert.Contains("RenderFarm:Tls:Enabled=false", refusal.Message);
        Assert.Contains("requires mutual TLS", refusal.Message);
    }

    [Fact]
    public async Task A_client_with_another_farms_certificate_is_refused_as_not_authorised_in_seconds()
    {
        var refusal = await RefusalAsync(options =>
        {
            // The client knows the farm's authority, but holds a certificate another farm's authority issued.
            TestCertificates.OtherFarmClient.ApplyTo(options.Tls);
            options.Tls.AuthorityFile = TestCertificates.Client.AuthorityFile;
        });

        Assert.Contains("refused this client's certificate", refusal.Message);
        Assert.Contains("RenderFarm:Tls:CertificateFile", refusal.Message);
        Assert.Contains("other farm CA", refusal.Message);
    }

    [Fact]
    public async Task A_client_trusting_another_farms_authority_refuses_the_gateway_and_says_so()
    {
        var refusal = await RefusalAsync(options => options.Tls.AuthorityFile = TestCertificates.OtherFarmClient.AuthorityFile);

        Assert.Contains("this client refused the gateway", refusal.Message);
        Assert.Contains("RenderFarm:Tls:AuthorityFile", refusal.Message);
    }

    [Fact]
    public async Task A_silo_with_another_farms_certificate_is_not_admitted_and_both_sides_log_why()
    {
        var farm = fixture.Farm;
        var intruderSettings = TestCertificates.OtherFarmNode.SiloSettings();
        // Its key is not encrypted: no password file of the farm's.
        intruderSettings["Tls__KeyPassword_FILE"] = "";
        farm.StartNode("intruder", intruderSettings);
        try
        {
            var intruderLog = Path.Combine(farm.LogFolder, "intruder.log");
            await Eventually.UntilAsync(() => Task.FromResult(ReadLog(intruderLog)), log => log.Contains("TLS peer refused", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), "the intruder to log that it refused the farm's certificates", log => log.Length > 2000 ? log[^2000..] : log);
            await Eventually.UntilAsync(() => Task.FromResult(FarmLogs(farm)), log => log.Contains("TLS peer refused: certificate 'CN=node' (issuer 'CN=renderfarm other farm CA')", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), "a farm node to log that it refused the intruder's certificate", _ => $"logs in {farm.LogFolder}");

            var nodes = (await farm.Farm.GetClusterStatusAsync(TestContext.Current.CancellationToken)).Scheduler.Nodes;
            Assert.Equal(TlsFarmFixture.Nodes, nodes.Count);
            Assert.DoesNotContain(nodes, n => n.NodeId == "intruder");
        }
        finally
        {
            foreach (var intruder in farm.Silos.Where(s => s.NodeId == "intruder" && !s.HasExited))
                await intruder.KillAsync();
        }
    }

    [Fact]
    public async Task A_silo_holding_one_of_the_farms_client_certificates_is_not_admitted()
    {
        var farm = fixture.Farm;
        var impostorSettings = TestCertificates.Client.SiloSettings();
        impostorSettings["Tls__KeyPassword_FILE"] = "";
        farm.StartNode("impostor", impostorSettings);
        try
        {
            await Eventually.UntilAsync(() => Task.FromResult(FarmLogs(farm)),
                log => log.Contains("TLS peer refused: certificate 'CN=client' is not a farm node's", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), "a farm node to log that it refused the client's certificate on its silo port", _ => $"logs in {farm.LogFolder}");

            var nodes = (await farm.Farm.GetClusterStatusAsync(TestContext.Current.CancellationToken)).Scheduler.Nodes;
            Assert.Equal(TlsFarmFixture.Nodes, nodes.Count);
            Assert.DoesNotContain(nodes, n => n.NodeId == "impostor");
        }
        finally
        {
            foreach (var impostor in farm.Silos.Where(s => s.NodeId == "impostor" && !s.HasExited))
                await impostor.KillAsync();
        }
    }

    [Fact]
    public async Task A_key_password_given_as_a_file_appears_in_no_silo_log_and_no_command_output()
    {
        var farm = fixture.Farm;
        var clientPassword = $"client-pass-{Guid.NewGuid():N}";
        var client = TestCertificates.EncryptedClient(clientPassword);
        var environment = new Dictionary<string, string>
        {
            ["RenderFarm__ClusterId"] = farm.ClusterId,
            ["RenderFarm__ServiceId"] = farm.ClusterId,
            ["RenderFarm__Tls__CertificateFile"] = client.CertificateFile,
            ["RenderFarm__Tls__KeyFile"] = client.KeyFile,
            ["RenderFarm__Tls__AuthorityFile"] = client.AuthorityFile,
            ["RenderFarm__Tls__KeyPassword_FILE"] = fixture.SecretFile("client-key-password", clientPassword),
            ["RenderFarm__ApiKeyFile"] = fixture.SecretFile("api-key", Durable.TestKeys.Operator),
        };

        var (exitCode, output, errors) = await Cli.CliProcess.RunAsync(["--database", FarmDatabase.ConnectionString, "cluster"], TimeSpan.FromMinutes(1), environment);

        Assert.True(exitCode == 0, $"the cluster command with its key password as a file failed ({exitCode}): {errors}");
        // The encrypted client key was read with the password from its file: the command reached the farm.
        Assert.Contains("pool default", output);
        var databasePassword = "Password=" + new Npgsql.NpgsqlConnectionStringBuilder(FarmDatabase.ConnectionString).Password;
        foreach (var (where, text) in new[] { ("the silo logs", FarmLogs(farm)), ("the command's output", output + errors) })
        {
            Assert.DoesNotContain(fixture.KeyPassword, text);
            Assert.DoesNotContain(clientPassword, text);
            Assert.DoesNotContain(Durable.TestKeys.Operator, text);
            Assert.False(text.Contains(databasePassword, StringComparison.OrdinalIgnoreCase), $"{where} show the database connection string with its password");
        }
    }

    /// <summary>A client of the farm set up by <paramref name="configure"/>: its start must fail as not authorised, well before Orleans' retries would end.</summary>
    private async Task<FarmNotAuthorisedException> RefusalAsync(Action<RenderFarm.Client.RenderFarmClientOptions> configure)
    {
        using var host = fixture.Farm.BuildClient(configure);
        using var limit = new CancellationTokenSource(RefusalLimit);
        var clock = Stopwatch.StartNew();
        var refusal = await Assert.ThrowsAsync<FarmNotAuthorisedException>(() => host.StartAsync(limit.Token));
        TestContext.Current.TestOutputHelper?.WriteLine($"refused in {clock.Elapsed.TotalSeconds:0.0} s: {refusal.Message}");
        Assert.StartsWith("Not authorised by the farm: ", refusal.Message);
        return refusal;
    }

    private static async Task SendPlainAsync(TcpListener listener, int port, string text)
    {
        using var sender = new TcpClient();
        await sender.ConnectAsync(IPAddress.Loopback, port, TestContext.Current.CancellationToken);
        using var receiver = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
        await sender.GetStream().WriteAsync(Encoding.UTF8.GetBytes(text), TestContext.Current.CancellationToken);
        var buffer = new byte[text.Length];
        await receiver.GetStream().ReadExactlyAsync(buffer, TestContext.Current.CancellationToken);
    }

    private static bool Contains(byte[] haystack, string text) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0 || haystack.AsSpan().IndexOf(Encoding.Unicode.GetBytes(text)) >= 0;

    private static string FarmLogs(Durable.ProcessFarm farm) =>
        string.Concat(Enumerable.Range(0, TlsFarmFixture.Nodes).Select(i => ReadLog(Path.Combine(farm.LogFolder, $"node-{i}.log"))));

    private static string ReadLog(string path)
    {
        if (!File.Exists(path))
            return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
