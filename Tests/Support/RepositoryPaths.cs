namespace RenderFarm.Tests.Support;

/// <summary>Finds files of the repository from the test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Samples => Path.Combine(Root, "samples");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.RenderFarm.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Orleans.RenderFarm.sln not found above " + AppContext.BaseDirectory);
    }
}
