using RenderFarm.Timelines;
using Spectre.Console;

namespace RenderFarm.Cli;

/// <summary>How the commands report what went wrong: one red line on standard error, never a stack trace.</summary>
internal static class CommandErrors
{
    private static readonly IAnsiConsole Error = CreateErrorConsole();

    /// <summary>Writes the error and returns the exit code it stands for.</summary>
    public static int Report(Exception exception) => exception switch
    {
        TimelineValidationException invalid => Invalid(invalid.Errors),
        OperationCanceledException => Interrupted(),
        Access.AccessDeniedException denied => Denied(denied.Message),
        _ => Fail(FirstLine(exception.Message)),
    };

    /// <summary>The farm refused the call for the user of the client's API key.</summary>
    public static int Denied(string message)
    {
        Error.MarkupLineInterpolated($"[red]{message}[/]");
        return ExitCodes.Denied;
    }

    public static int Fail(string message)
    {
        Error.MarkupLineInterpolated($"[red]{message}[/]");
        return ExitCodes.Failure;
    }

    /// <summary>An option the command was given is wrong; the message names it.</summary>
    public static int Usage(string message)
    {
        Error.MarkupLineInterpolated($"[red]{message}[/]");
        return ExitCodes.Invalid;
    }

    public static int Invalid(IReadOnlyList<ValidationError> errors, string heading = "The job was refused:")
    {
        Error.MarkupLineInterpolated($"[red]{heading}[/]");
        foreach (var error in errors)
            Error.MarkupLineInterpolated($"  [yellow]{error.Field}[/]: {error.Rule}");
        return ExitCodes.Invalid;
    }

    public static int Interrupted()
    {
        Error.MarkupLine("[yellow]Interrupted.[/]");
        return ExitCodes.Interrupted;
    }

    private static IAnsiConsole CreateErrorConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Profile.Width = 10_000; // one line stays one line, also when standard error is not a terminal
        return console;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
