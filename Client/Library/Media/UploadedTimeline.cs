using RenderFarm.Timelines;

namespace RenderFarm.Client.Media;

/// <summary>
/// A timeline whose assets now name uploaded content (<see cref="AssetRef.Stored"/>), and what moved:
/// the bytes sent, and the bytes the farm already held and were not sent again.
/// </summary>
public sealed record UploadedTimeline(Timeline Timeline, int AssetsSent, long BytesSent, int AssetsAlreadyHeld, long BytesAlreadyHeld);
