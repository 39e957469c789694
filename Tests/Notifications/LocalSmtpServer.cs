using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using RenderFarm.Tests.Database;
using RenderFarm.Tests.Support;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace RenderFarm.Tests.Notifications;

/// <summary>An SMTP server on a loopback port of its own (plain, no login) that keeps every message it is given.</summary>
public sealed class LocalSmtpServer : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private readonly ConcurrentQueue<MimeMessage> messages = new();
    private readonly CancellationTokenSource stop = new();
    private Task? running;

    public int Port { get; } = LoopbackPorts.Free();

    public IReadOnlyList<MimeMessage> Messages => messages.ToList();

    public void Start()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)).IsSecure(false))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(messages));
        running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
    }

    /// <summary>The first message <paramref name="match"/> takes, waiting at most <paramref name="limit"/>.</summary>
    public Task<MimeMessage> MessageAsync(Func<MimeMessage, bool> match, TimeSpan limit, string what) =>
        Eventually.UntilAsync(() => Task.FromResult(messages.FirstOrDefault(match)), m => m is not null, limit, what,
            _ => $"{messages.Count} message(s): {string.Join("; ", messages.Select(m => m.Subject))}")!;

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (running is not null)
        {
            try
            {
                await running.WaitAsync(StopTimeout);
            }
            catch (OperationCanceledException)
            {
            }
        }
        stop.Dispose();
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> messages) : IMessageStore
    {
        public async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
