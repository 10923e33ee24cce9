using System.CommandLine;
using Declarative.Dicom.Data;
using Declarative.Dicom.Data.Json;
using Declarative.Dicom.Tool.Cli;
using Declarative.Dicom.Tool.Dump;

namespace Declarative.Dicom.Tool.Commands;

/// <summary>`dump file.dcm [--json]`: a Part 10 file in dcmdump's layout, or its dataset as DICOM JSON (PS3.18 F) as dcm2json writes it.</summary>
internal static class DumpCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("file") { Description = "DICOM Part 10 files", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "the dataset as DICOM JSON instead of text" };
        var command = new Command("dump", "Print DICOM files as dcmdump does, or as DICOM JSON.") { files, json };
        command.SetAction(DicomEventsCli.Guarded((parsed, _) =>
        {
            foreach (var path in parsed.GetRequiredValue(files))
            {
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException($"{path}: no such file");
                }

                DicomFile file;
                try
                {
                    file = DicomFile.Open(path);
                }
                catch (DicomDataException ex)
                {
                    throw new DicomDataException($"{path}: {ex.Message}");
                }

                Console.Write(parsed.GetValue(json) ? DicomJsonWriter.Write(file.Dataset, indented: true) + Environment.NewLine : DcmdumpFormat.File(file));
            }

            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }
}
