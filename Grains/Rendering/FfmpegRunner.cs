using System.Globalization;
using System.Text.RegularExpressions;
using FFMpegCore;
using FFMpegCore.Arguments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RenderFarm.Rendering;

/// <summary>
/// Runs an <see cref="FfmpegCommand"/> through FFMpegCore: progress as frames encoded, cancellation
/// that ends the process, and ffmpeg's own error text when it fails.
/// </summary>
/// <param name="binaryFolder">Folder holding the ffmpeg to run; the one on the PATH when null.</param>
public sealed partial class FfmpegRunner(ILogger<FfmpegRunner>? logger = null, string? binaryFolder = null)
{
    /// <summary>How long ffmpeg gets to quit by itself after a cancel before it is killed.</summary>
    public static readonly TimeSpan CancelGracePeriod = TimeSpan.FromMilliseconds(500);

    private const int StandardErrorTailLines = 20;
    private readonly ILogger logger = logger ?? NullLogger<FfmpegRunner>.Instance;

    /// <param name="framesEncoded">
    /// Frames handed to the encoder so far, from ffmpeg's <c>frame=</c> statistics. (Its <c>time=</c>
    /// lags by the encoder's look-ahead, which can be a whole short chunk.)
    /// </param>
    public async Task RunAsync(FfmpegCommand command, IProgress<int>? framesEncoded, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var scriptPath = command.FilterGraph is null ? null : command.OutputPath + ".filtergraph";
        try
        {
            if (scriptPath is not null)
                await File.WriteAllTextAsync(scriptPath, command.FilterGraph, cancellationToken);

            var arguments = FFMpegArguments.FromInput(new RawArgument(InputText(command, scriptPath)));
            var processor = arguments
                .OutputToFile(command.OutputPath, overwrite: true, options =>
                {
                    foreach (var option in command.OutputOptions)
                        options.WithCustomArgument(FilterText.CommandLineArgument(option));
                })
                .CancellableThrough(cancellationToken, CancelGracePeriod);
            if (framesEncoded is not null)
                processor = processor.NotifyOnStandardError(line =>
                {
                    if (FrameStatistic().Match(line) is { Success: true } match)
                        framesEncoded.Report(int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture));
                });

            logger.LogDebug("ffmpeg {Arguments}", processor.Arguments);
            var result = await processor.ProcessAsynchronously(throwOnError: false, binaryFolder is null ? null : new FFOptions { BinaryFolder = binaryFolder });
            cancellationToken.ThrowIfCancellationRequested();
            if (!result.Success)
                throw new FfmpegFailedException(result.ExitCode, Tail(result.StandardError));
        }
        finally
        {
            if (scriptPath is not null)
                File.Delete(scriptPath);
        }
    }

    private static string InputText(FfmpegCommand command, string? scriptPath)
    {
        var parts = new List<string> { "-nostdin", "-hide_banner" };
        parts.AddRange(command.GlobalOptions.Select(FilterText.CommandLineArgument));
        foreach (var input in command.Inputs)
        {
            parts.AddRange(input.Options.Select(FilterText.CommandLineArgument));
            parts.Add("-i");
            parts.Add(FilterText.CommandLineArgument(input.Path));
        }
        if (scriptPath is not null)
        {
            parts.Add("-filter_complex_script");
            parts.Add(FilterText.CommandLineArgument(scriptPath));
        }
        return string.Join(' ', parts);
    }

    private static string Tail(IReadOnlyList<string> lines) =>
        string.Join(Environment.NewLine, lines.TakeLast(StandardErrorTailLines));

    [GeneratedRegex(@"^frame=\s*(\d+)")]
    private static partial Regex FrameStatistic();

    /// <summary>Text placed verbatim where FFMpegCore expects its inputs.</summary>
    private sealed class RawArgument(string text) : IInputArgument
    {
        public string Text => text;
        public void Pre(FFOptions options) { }
        public Task During(CancellationToken cancellationToken = default) => Task.CompletedTask;
        public void Post() { }
    }
}

/// <summary>ffmpeg exited with an error; <see cref="StandardErrorTail"/> holds its last lines.</summary>
public sealed class FfmpegFailedException(int exitCode, string standardErrorTail)
    : Exception(string.Create(CultureInfo.InvariantCulture, $"ffmpeg exited with code {exitCode}: {standardErrorTail}"))
{
    public int ExitCode { get; } = exitCode;
    public string StandardErrorTail { get; } = standardErrorTail;
}
