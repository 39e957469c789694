using Microsoft.Extensions.Options;

namespace RenderFarm.Storage;

/// <summary>The shared folder every node of a farm mounts at the same path.</summary>
public sealed class MediaStoreOptions
{
    public const string SectionName = "MediaStore";

    /// <summary>Jobs' chunks, sound and outputs go under <c>Root/jobs/JOB-ID/</c>.</summary>
    public string Root { get; set; } = Path.Combine(Path.GetTempPath(), "renderfarm-store");

    /// <summary>Folder timeline asset paths are relative to; defaults to <c>Root/assets</c>.</summary>
    public string? AssetsRoot { get; set; }

    /// <summary>Throws <see cref="OptionsValidationException"/> naming every setting at fault.</summary>
    public void Validate()
    {
        var result = new MediaStoreOptionsValidator().Validate(Options.DefaultName, this);
        if (result.Failed)
            throw new OptionsValidationException(Options.DefaultName, typeof(MediaStoreOptions), result.Failures);
    }
}

/// <summary>Checked when the silo starts.</summary>
public sealed class MediaStoreOptionsValidator : IValidateOptions<MediaStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaStoreOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Root))
            failures.Add($"{MediaStoreOptions.SectionName}:{nameof(MediaStoreOptions.Root)} must be set");
        if (options.AssetsRoot is { } assets && string.IsNullOrWhiteSpace(assets))
            failures.Add($"{MediaStoreOptions.SectionName}:{nameof(MediaStoreOptions.AssetsRoot)} must be a folder, or unset for {nameof(MediaStoreOptions.Root)}/assets");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
