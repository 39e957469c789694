using RenderFarm.Jobs;

namespace RenderFarm.Access;

/// <summary>
/// Reads the farm's keys file: one user a line, <c>USER ROLE SHA256 [PROJECT,PROJECT...]</c>, fields
/// apart by spaces or tabs; <c>#</c> starts a comment, blank lines are skipped.
/// <code>
/// # user  role      sha256 of the key (renderfarm key new prints the line)                 projects
/// alice   user      4f1c9a0e5b7d2c3a8e6f1b0d9c7a5e3f2b1d0c9e8f7a6b5c4d3e2f1a0b9c8d7e   trailer,teaser
/// ops     operator  9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d
/// </code>
/// Every bad line is reported at once, by its number and field.
/// </summary>
public static class KeysFileReader
{
    public const int Sha256HexLength = 64;

    /// <exception cref="KeysFileException">The file is missing or unreadable, or any line breaks the rules.</exception>
    public static IReadOnlyList<KeysFileEntry> Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeysFileException(path, [$"it cannot be read: {e.Message}"]);
        }
        var (entries, errors) = Parse(lines);
        return errors.Count > 0 ? throw new KeysFileException(path, errors) : entries;
    }

    /// <summary>The users of the lines, and each error as <c>line N, FIELD: rule (was ...)</c>.</summary>
    public static (IReadOnlyList<KeysFileEntry> Entries, IReadOnlyList<string> Errors) Parse(IReadOnlyList<string> lines)
    {
        var entries = new List<KeysFileEntry>();
        var errors = new List<string>();
        var users = new Dictionary<string, int>(StringComparer.Ordinal);
        var hashes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            var number = i + 1;
            var text = lines[i];
            var comment = text.IndexOf('#');
            var fields = (comment >= 0 ? text[..comment] : text).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
                continue;
            var lineErrors = new List<string>();
            void Fail(string field, string rule) => lineErrors.Add($"line {number}, {field}: {rule}");

            if (fields.Length < 3 || fields.Length > 4)
            {
                Fail("line", $"must be USER ROLE SHA256 [PROJECTS], 3 or 4 fields (has {fields.Length})");
                errors.AddRange(lineErrors);
                continue;
            }
            var user = fields[0];
            if (!JobOptionsRules.IsIdentity(user))
                Fail("user", $"must be 1 to {JobOptionsRules.MaxIdentityLength} letters, digits, '.', '_', '-' or '@' (was '{user}')");
            else if (users.TryGetValue(user, out var earlier))
                Fail("user", $"'{user}' is already on line {earlier}");
            var role = fields[1] switch
            {
                "user" => CallerRole.User,
                "operator" => CallerRole.Operator,
                _ => (CallerRole?)null,
            };
            if (role is null)
                Fail("role", $"must be 'user' or 'operator' (was '{fields[1]}')");
            var hash = fields[2].ToLowerInvariant();
            if (hash.Length != Sha256HexLength || !hash.All(Uri.IsHexDigit))
                Fail("sha256", $"must be the key's SHA-256 as {Sha256HexLength} hex digits (was {fields[2].Length} characters)");
            else if (hashes.TryGetValue(hash, out var same))
                Fail("sha256", $"is the same key as on line {same}");
            var projects = fields.Length == 4 ? fields[3].Split(',') : [];
            foreach (var project in projects.Where(p => !JobOptionsRules.IsIdentity(p)))
                Fail("projects", $"must be names of 1 to {JobOptionsRules.MaxIdentityLength} letters, digits, '.', '_', '-' or '@' apart by commas (was '{project}')");

            if (lineErrors.Count > 0)
            {
                errors.AddRange(lineErrors);
                continue;
            }
            users[user] = number;
            hashes[hash] = number;
            entries.Add(new KeysFileEntry(user, role!.Value, Convert.FromHexString(hash), projects.Distinct(StringComparer.Ordinal).ToList()));
        }
        return (entries, errors);
    }
}
