using Microsoft.Extensions.DependencyInjection;
using RenderFarm.Access;
using RenderFarm.Jobs;
using RenderFarm.Notifications;
using RenderFarm.Rendering;
using RenderFarm.Tests.Durable;
using RenderFarm.Tests.Farm;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Notifications;

/// <summary>
/// One in-process farm with access control (the test keys), short notification retries, a local webhook
/// receiver and SMTP server, and an ffmpeg that always fails a 336-pixel-wide chunk (for failed jobs).
/// Calls go as the user a test names with <see cref="As"/>.
/// </summary>
public sealed class NotificationFarm : IAsyncLifetime
{
    public const int BrokenWidth = 336;

    private readonly FaultyFfmpeg ffmpeg = FaultyFfmpeg.AlwaysFails(FaultyFfmpeg.FrameSize(BrokenWidth, 180));

    public TestFarm Farm { get; private set; } = null!;
    public WebhookReceiver Receiver { get; } = new();
    public LocalSmtpServer Smtp { get; } = new();

    public async ValueTask InitializeAsync()
    {
        await Receiver.StartAsync(TestContext.Current.CancellationToken);
        Smtp.Start();
        As(TestKeys.Operator);
        Farm = await TestFarm.StartAsync(silos: 1, slotsPerSilo: 2, configureSilo: services =>
        {
            services.Configure<AccessOptions>(access => access.KeysFile = TestKeys.File);
            services.Configure<NotificationOptions>(notifications =>
            {
                notifications.FirstRetryDelay = TimeSpan.FromMilliseconds(200);
                notifications.MaxRetryDelay = TimeSpan.FromSeconds(1);
                notifications.Timeout = TimeSpan.FromSeconds(5);
                // The test's receiver listens on loopback.
                notifications.AllowPrivateWebhooks = true;
                notifications.Smtp = new SmtpOptions { Host = "127.0.0.1", Port = Smtp.Port, UseTls = false, From = "farm@renderfarm.test" };
            });
            services.Configure<FailoverOptions>(failover =>
            {
                failover.RetryBackoff = TimeSpan.FromMilliseconds(200);
                failover.MaxFailedAttempts = 2;
                // Supervision watches the deadline outlook: often, so that a short job's turn to late is seen.
                failover.SuperviseInterval = TimeSpan.FromMilliseconds(300);
            });
            services.Configure<RenderEngineOptions>(engine => engine.FfmpegFolder = ffmpeg.Folder);
        });
    }

    /// <summary>The calls of this test's flow from now on carry <paramref name="apiKey"/>.</summary>
    public static void As(string apiKey) => RequestContext.Set(Caller.ApiKeyKey, apiKey);

    /// <summary>Waits for the job's end; its status.</summary>
    public Task<JobStatus> EndAsync(Guid jobId) =>
        FarmWaits.UntilAsync(Farm, jobId, s => s.State.IsTerminal(), "the end", TimeSpan.FromMinutes(1));

    public async ValueTask DisposeAsync()
    {
        if (Farm is not null)
            await Farm.DisposeAsync();
        await Smtp.DisposeAsync();
        await Receiver.DisposeAsync();
        ffmpeg.Dispose();
    }
}
