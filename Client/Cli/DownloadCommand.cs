using System.CommandLine;

namespace RenderFarm.Cli;

/// <summary><c>download JOB -o OUT</c>: writes a completed job's output here, resumable and checked against its SHA-256.</summary>
internal static class DownloadCommand
{
    public static Command Create(FarmOptions farm)
    {
        var jobId = new Argument<Guid>("job-id") { Description = "The completed job." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where to write the file; a broken download carries on from OUT.partial.", Required = true };
        var command = new Command("download", "Write a completed job's output to a local file, checked against its SHA-256.") { jobId, output };
        command.SetFarmAction(farm, async (renderFarm, result, cancellationToken) =>
        {
            await FetchAsync(renderFarm, result.GetValue(jobId), result.GetValue(output)!, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    public static async Task FetchAsync(Client.IRenderFarm renderFarm, Guid jobId, FileInfo target, CancellationToken cancellationToken)
    {
        var file = await TransferView.ShowAsync("download", progress => renderFarm.DownloadOutputAsync(jobId, target.FullName, progress, cancellationToken));
        Console.WriteLine($"downloaded {target.FullName} ({TransferView.Bytes(file.Bytes)}, SHA-256 {file.Sha256})");
    }
}
