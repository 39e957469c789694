namespace RenderFarm.Rendering;

/// <summary>One ffmpeg input: options placed before <c>-i</c> and the absolute file it reads.</summary>
public sealed record FfmpegInput(string Path, IReadOnlyList<string> Options);

/// <summary>
/// A complete ffmpeg invocation as data: inputs, a filter graph (written to a script file when run,
/// so it never passes through a shell or command-line parser) and output options.
/// </summary>
public sealed record FfmpegCommand(
    IReadOnlyList<string> GlobalOptions,
    IReadOnlyList<FfmpegInput> Inputs,
    string? FilterGraph,
    IReadOnlyList<string> OutputOptions,
    string OutputPath)
{
    /// <summary>
    /// Files the run reads besides its inputs (a title's text and font, the entries of a concat list):
    /// the sandbox binds them read-only, and nothing else of the host's files.
    /// </summary>
    public IReadOnlyList<string> Reads { get; init; } = [];

    /// <summary>
    /// Outputs after the main one, each as its options then its path. Their files must be in the main
    /// output's folder, the only one a sandboxed run may write (<see cref="FfmpegRunWatch.OutputFolder"/>
    /// says where they appear while it runs).
    /// </summary>
    public IReadOnlyList<string> FollowingOutputs { get; init; } = [];
}
