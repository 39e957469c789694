using Microsoft.Extensions.Options;
using RenderFarm.Storage.Azure;
using RenderFarm.Storage.Gcs;
using RenderFarm.Storage.S3;

namespace RenderFarm.Storage;

/// <summary>The farm's media store: which kind, where its folders are, and how long an outage is waited out.</summary>
public sealed class MediaStoreOptions
{
    public const string SectionName = "MediaStore";

    public static readonly TimeSpan DefaultOutageTolerance = TimeSpan.FromMinutes(5);

    public MediaStoreKind Kind { get; set; } = MediaStoreKind.Folder;

    /// <summary>The folder store's root (<c>Kind = Folder</c>): assets, jobs' chunks, sound and outputs go under it.</summary>
    public string Root { get; set; } = Path.Combine(Path.GetTempPath(), "renderfarm-store");

    /// <summary>Folder timeline asset paths are relative to, on every node; defaults to <c>Root/assets</c>.</summary>
    public string? AssetsRoot { get; set; }

    /// <summary>How long a store that cannot be reached is tried again, with backoff, before the work fails.</summary>
    public TimeSpan OutageTolerance { get; set; } = DefaultOutageTolerance;

    public AssetCacheOptions Cache { get; set; } = new();

    /// <summary>The bucket when <c>Kind = S3</c>.</summary>
    public S3StoreOptions S3 { get; set; } = new();

    /// <summary>The container when <c>Kind = Azure</c>.</summary>
    public AzureBlobStoreOptions Azure { get; set; } = new();

    /// <summary>The bucket when <c>Kind = Gcs</c>.</summary>
    public GcsStoreOptions Gcs { get; set; } = new();

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
        const string section = MediaStoreOptions.SectionName;
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Kind))
            failures.Add($"{section}:{nameof(MediaStoreOptions.Kind)} must be one of {string.Join(", ", Enum.GetNames<MediaStoreKind>())}");
        if (string.IsNullOrWhiteSpace(options.Root))
            failures.Add($"{section}:{nameof(MediaStoreOptions.Root)} must be set");
        if (options.AssetsRoot is { } assets && string.IsNullOrWhiteSpace(assets))
            failures.Add($"{section}:{nameof(MediaStoreOptions.AssetsRoot)} must be a folder, or unset for {nameof(MediaStoreOptions.Root)}/assets");
        if (options.OutageTolerance < TimeSpan.Zero)
            failures.Add($"{section}:{nameof(MediaStoreOptions.OutageTolerance)} must be zero or more");
        failures.AddRange(options.Cache.Problems($"{section}:{nameof(MediaStoreOptions.Cache)}"));
        if (options.Kind == MediaStoreKind.S3 && new S3StoreOptionsValidator().Validate(name, options.S3) is { Failed: true } s3)
            failures.AddRange(s3.Failures);
        if (options.Kind == MediaStoreKind.Azure && new AzureBlobStoreOptionsValidator().Validate(name, options.Azure) is { Failed: true } azure)
            failures.AddRange(azure.Failures);
        if (options.Kind == MediaStoreKind.Gcs && new GcsStoreOptionsValidator().Validate(name, options.Gcs) is { Failed: true } gcs)
            failures.AddRange(gcs.Failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
