namespace RenderFarm.Media;

/// <summary>An upload the farm would not store: parts missing, or bytes that do not match its SHA-256.</summary>
[GenerateSerializer, Alias("RenderFarm.Media.UploadRefusedException")]
public sealed class UploadRefusedException(string message) : Exception(message);
