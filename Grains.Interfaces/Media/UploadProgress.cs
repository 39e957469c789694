namespace RenderFarm.Media;

/// <summary>Where an asset's upload stands: held already (nothing to send), or which parts the farm has.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.Media.UploadProgress")]
public sealed record UploadProgress(
    [property: Id(0)] string Sha256,
    [property: Id(1)] long Size,
    [property: Id(2)] bool Held,
    [property: Id(3)] IReadOnlyList<int> PartsReceived)
{
    public long BytesReceived => Held ? Size : PartsReceived.Sum(part => UploadRules.PartLength(Size, part));
}
