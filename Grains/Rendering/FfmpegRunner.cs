using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RenderFarm.Sandbox;

namespace RenderFarm.Rendering;

/// <summary>
/// Runs an <see cref="FfmpegCommand"/> as an ffmpeg process: progress as frames encoded, cancellation
/// that kills the process at once (even one that no longer reads its input or answers signals
/// politely), and ffmpeg's own error text when it fails. Arguments go to the process as a list, so
/// no value passes through a shell or a command-line parser.
/// </summary>
/// <param name="binaryFolder">Folder holding the ffmpeg to run; the one on the PATH when null.</param>
/// <param name="sandbox">
/// The sandbox every run goes into (<see cref="SandboxedRun"/>: no network, only the run's own files,
/// its limits); none when null.
/// </param>
public sealed partial class FfmpegRunner(ILogger<FfmpegRunner>? logger = null, string? binaryFolder = null, SandboxOptions? sandbox = null)
{
    private const int StandardErrorTailLines = 20;
    private const int InterruptedExitCode = 255;
    private readonly ILogger logger = logger ?? NullLogger<FfmpegRunner>.Instance;

    /// <param name="framesEncoded">
    /// Frames handed to the encoder so far, from ffmpeg's <c>frame=</c> statistics. (Its <c>time=</c>
    /// lags by the encoder's look-ahead, which can be a whole short chunk.)
    /// </param>
    /// <param name="finishEarly">
    /// Asks ffmpeg to stop where it is and finish its file (SIGINT: it stops reading, flushes the encoder
    /// and writes the trailer), so the output holds the frames encoded so far and is playable.
    /// </param>
    /// <param name="watch">Told where the run's files appear and given every line of ffmpeg's log; none when null.</param>
    /// <returns>True when ffmpeg was asked to finish early and did; the file may hold fewer frames than asked for.</returns>
    public async Task<bool> RunAsync(
        FfmpegCommand command, IProgress<int>? framesEncoded, CancellationToken cancellationToken, CancellationToken finishEarly = default, FfmpegRunWatch? watch = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var scriptPath = command.FilterGraph is null ? null : command.OutputPath + ".filtergraph";
        try
        {
            if (scriptPath is not null)
                await File.WriteAllTextAsync(scriptPath, command.FilterGraph, cancellationToken);
            var program = binaryFolder is null ? "ffmpeg" : Path.Combine(binaryFolder, "ffmpeg");
            var arguments = Arguments(command, scriptPath);
            using var sandboxed = sandbox is null ? null : SandboxedRun.Prepare(sandbox, program, arguments, Reads(command, scriptPath), command.OutputPath);
            if (watch is not null)
                watch.OutputFolder = sandboxed?.WritesTo ?? Path.GetDirectoryName(Path.GetFullPath(command.OutputPath));
            var early = await RunProcessAsync(sandboxed is null ? (program, arguments) : (sandboxed.FileName, sandboxed.Arguments), framesEncoded, watch?.Log, cancellationToken, finishEarly);
            sandboxed?.Finish();
            return early;
        }
        finally
        {
            if (scriptPath is not null)
                File.Delete(scriptPath);
        }
    }

    private async Task<bool> RunProcessAsync(
        (string FileName, IReadOnlyList<string> Arguments) start, IProgress<int>? framesEncoded, IFfmpegLog? log, CancellationToken cancellationToken, CancellationToken finishEarly)
    {
        using var process = Start(start.FileName, start.Arguments);
        var interrupted = 0;
        using var finishing = finishEarly.Register(() =>
        {
            // Not once it has exited: its process id may already be another's. In the sandbox the signal goes
            // to ffmpeg itself, bubblewrap's child, since bubblewrap forwards none.
            if (Interlocked.Exchange(ref interrupted, 1) == 0 && !process.HasExited &&
                !((sandbox is null ? process.Id : SandboxedRun.ProgramProcessId(process.Id)) is { } target && ProcessInterrupt.Send(target)))
                logger.LogWarning("ffmpeg {Process} could not be asked to finish early", process.Id);
        });
        using var wallClock = new CancellationTokenSource();
        if (sandbox is not null)
            wallClock.CancelAfter(sandbox.WallClock);
        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, wallClock.Token);
        var tail = new Queue<string>();
        var errors = ReadStandardErrorAsync(process.StandardError, tail, framesEncoded, log);
        try
        {
            await process.WaitForExitAsync(stopped.Token);
        }
        catch (OperationCanceledException)
        {
            // The whole tree: in the sandbox, bubblewrap and the ffmpeg it runs.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            if (cancellationToken.IsCancellationRequested || sandbox is null)
                throw;
            await errors.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw new SandboxLimitException(SandboxLimit.WallClock, sandbox, "ffmpeg", string.Join(Environment.NewLine, tail));
        }
        await errors;
        var early = Volatile.Read(ref interrupted) == 1;
        // ffmpeg ends with 255 after a signal, having finished its file ("Exiting normally, received signal 2").
        if (process.ExitCode == InterruptedExitCode && early)
            return true;
        if (process.ExitCode != 0 && sandbox is not null && SandboxLimits.Exceeded(process.ExitCode, tail) is { } limit)
            throw new SandboxLimitException(limit, sandbox, "ffmpeg", string.Join(Environment.NewLine, tail));
        if (process.ExitCode != 0)
            throw new FfmpegFailedException(process.ExitCode, string.Join(Environment.NewLine, tail));
        return early;
    }

    /// <summary>Every file the run reads: its inputs that are files, its filter script, and those the command names besides.</summary>
    private static IEnumerable<string> Reads(FfmpegCommand command, string? scriptPath) =>
        command.Inputs.Select(input => input.Path).Concat(command.Reads).Concat(scriptPath is null ? [] : [scriptPath]);

    private Process Start(string fileName, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        logger.LogDebug("{Program} {Arguments}", fileName, string.Join(' ', arguments));
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start");
        process.StandardInput.Close();
        return process;
    }

    private static IReadOnlyList<string> Arguments(FfmpegCommand command, string? scriptPath)
    {
        var arguments = new List<string> { "-nostdin", "-hide_banner", "-y" };
        arguments.AddRange(command.GlobalOptions);
        foreach (var input in command.Inputs)
        {
            arguments.AddRange(input.Options);
            arguments.Add("-i");
            arguments.Add(input.Path);
        }
        if (scriptPath is not null)
        {
            arguments.Add("-filter_complex_script");
            arguments.Add(scriptPath);
        }
        arguments.AddRange(command.OutputOptions);
        arguments.Add(command.OutputPath);
        arguments.AddRange(command.FollowingOutputs);
        return arguments;
    }

    /// <summary>ffmpeg ends its statistics lines with carriage returns; a line reader splits on those too.</summary>
    private static async Task ReadStandardErrorAsync(StreamReader errors, Queue<string> tail, IProgress<int>? framesEncoded, IFfmpegLog? log)
    {
        while (await errors.ReadLineAsync() is { } line)
        {
            if (line.Length > 0)
                log?.Line(line);
            if (FrameStatistic().Match(line) is { Success: true } match)
            {
                framesEncoded?.Report(int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture));
                continue;
            }
            if (line.Length == 0)
                continue;
            tail.Enqueue(line);
            if (tail.Count > StandardErrorTailLines)
                tail.Dequeue();
        }
    }

    [GeneratedRegex(@"^frame=\s*(\d+)")]
    private static partial Regex FrameStatistic();
}

/// <summary>ffmpeg exited with an error; <see cref="StandardErrorTail"/> holds its last lines.</summary>
public sealed class FfmpegFailedException(int exitCode, string standardErrorTail)
    : Exception(string.Create(CultureInfo.InvariantCulture, $"ffmpeg exited with code {exitCode}: {standardErrorTail}"))
{
    public int ExitCode { get; } = exitCode;
    public string StandardErrorTail { get; } = standardErrorTail;
}
