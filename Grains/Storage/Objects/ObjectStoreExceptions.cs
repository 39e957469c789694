namespace RenderFarm.Storage.Objects;

/// <summary>The store holds nothing under the key.</summary>
public sealed class StoredObjectNotFoundException(string key, string location, Exception? inner = null)
    : Exception($"No object '{key}' in the media store ({location}).", inner)
{
    public string Key { get; } = key;
}

/// <summary>The store could not be reached or answered that it is busy: worth trying again later.</summary>
public sealed class ObjectStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
