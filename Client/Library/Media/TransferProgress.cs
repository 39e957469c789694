namespace RenderFarm.Client.Media;

/// <summary>
/// How far a transfer of one file is: <see cref="BytesDone"/> of <see cref="BytesTotal"/>, of which
/// <see cref="BytesSkipped"/> the farm (or the local file) already had, so they did not travel.
/// </summary>
public sealed record TransferProgress(string Name, long BytesDone, long BytesTotal, long BytesSkipped)
{
    public bool IsDone => BytesDone >= BytesTotal;
}
