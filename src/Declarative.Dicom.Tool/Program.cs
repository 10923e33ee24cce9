using Declarative.Dicom.Tool.Cli;

// dicom-events: see Cli/DicomEventsCli.cs for the commands and docs/tool.md for a tour.
return await DicomEventsCli.RunAsync(args);
