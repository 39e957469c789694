namespace RenderFarm.Storage.Objects;

/// <summary>An object of the store: its key, its size in bytes and when it was last written.</summary>
public sealed record StoredObject(string Key, long Size, DateTimeOffset LastModified);
