using System.CommandLine;
using System.Reflection;
using Declarative.Dicom.Shared;
using Declarative.Dicom.Tool.Cli;

namespace Declarative.Dicom.Tool.Commands;

/// <summary>
/// `conformance app.dll [--json]`: the conformance summary of the handler classes in an application's assembly.
/// The application is loaded with its own dependencies and the statement is written by the Declarative.Dicom
/// it was built against, so the summary is what that application really conforms to, whatever this tool's version.
/// </summary>
internal static class ConformanceCommand
{
    public static Command Create()
    {
        var assembly = new Argument<string>("assembly") { Description = "the application's .dll (next to its .deps.json, as built)" };
        var json = new Option<bool>("--json") { Description = "the statement as JSON instead of Markdown" };
        var command = new Command("conformance", "Print the DICOM conformance summary of the handlers in an assembly.") { assembly, json };
        command.SetAction(DicomEventsCli.Guarded((parsed, _) =>
        {
            var path = Path.GetFullPath(parsed.GetRequiredValue(assembly));
            if (!File.Exists(path))
            {
                throw new UsageException($"{path}: no such file");
            }

            var context = new ApplicationLoadContext(path);
            var application = context.LoadFromAssemblyPath(path);
            // Asked of the application's references, not of the load context: that would fall back to this tool's own copy.
            if (application.GetReferencedAssemblies().FirstOrDefault(a => a.Name == "Declarative.Dicom") is not { } reference)
            {
                Console.Error.WriteLine($"error: {Path.GetFileName(path)} does not use Declarative.Dicom");
                return Task.FromResult(ExitCodes.Failure);
            }

            var runtime = context.LoadFromAssemblyName(reference);

            var write = runtime.GetType("Declarative.Dicom.Conformance.ConformanceFiles")?.GetMethod("Write");
            if (write is null)
            {
                Console.Error.WriteLine($"error: {runtime.GetName()} is too old to write conformance statements");
                return Task.FromResult(ExitCodes.Failure);
            }

            var name = Path.GetFileNameWithoutExtension(path);
            var folder = Directory.CreateTempSubdirectory("dicom-events-conformance-");
            try
            {
                if (write.Invoke(null, [name, application, folder.FullName, null]) is not string markdown)
                {
                    Console.Error.WriteLine($"error: {Path.GetFileName(path)} declares no DICOM handlers");
                    return Task.FromResult(ExitCodes.Failure);
                }

                Console.Write(File.ReadAllText(parsed.GetValue(json) ? Path.ChangeExtension(markdown, ".json") : markdown));
                return Task.FromResult(ExitCodes.Ok);
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        }));
        return command;
    }
}
