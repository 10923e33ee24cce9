using System.Reflection;
using Declarative.Dicom.Shared;

// Usage: Declarative.Dicom.Conformance <application.dll> <output folder> <application name>
if (args.Length != 3 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("Usage: Declarative.Dicom.Conformance <application.dll> <output folder> <application name>");
    return 64;
}

var context = new ApplicationLoadContext(Path.GetFullPath(args[0]));
var application = context.LoadFromAssemblyPath(Path.GetFullPath(args[0]));
var runtime = context.LoadFromAssemblyName(new AssemblyName("Declarative.Dicom"));
var write = runtime.GetType("Declarative.Dicom.Conformance.ConformanceFiles")?.GetMethod("Write");
if (write is null)
{
    Console.Error.WriteLine($"{runtime.GetName()} has no ConformanceFiles.Write: the application references a Declarative.Dicom too old for conformance statements.");
    return 1;
}

var written = (string?)write.Invoke(null, [args[2], application, args[1], null]);
Console.WriteLine(written is null ? $"{args[2]}: no DICOM handlers, no conformance statement" : $"{args[2]} -> {written}");
return 0;
