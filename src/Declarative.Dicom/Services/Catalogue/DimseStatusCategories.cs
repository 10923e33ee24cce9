// Shared source (see CatalogueModel.cs): the runtime, the generator and the analyzers categorize codes alike.
namespace Declarative.Dicom
{
    /// <summary>Status categories of PS3.7 Annex C.</summary>
    public enum DimseStatusCategory
    {
        Success,
        Warning,
        Failure,
        Cancel,
        Pending,
    }

    /// <summary>The category of a status code (PS3.7 C.1): anything not Success, Warning, Cancel or Pending is a Failure.</summary>
    public static class DimseStatusCategories
    {
        public static DimseStatusCategory Of(ushort code)
        {
            if (code == 0x0000)
            {
                return DimseStatusCategory.Success;
            }

            if (code == 0xFF00 || code == 0xFF01)
            {
                return DimseStatusCategory.Pending;
            }

            if (code == 0xFE00)
            {
                return DimseStatusCategory.Cancel;
            }

            if (code == 0x0001 || code == 0x0107 || code == 0x0116 || (code >= 0xB000 && code <= 0xBFFF))
            {
                return DimseStatusCategory.Warning;
            }

            return DimseStatusCategory.Failure;
        }

        /// <summary>Success or Warning: the only categories that may carry a reply dataset.</summary>
        public static bool AllowsReply(ushort code)
        {
            var category = Of(code);
            return category == DimseStatusCategory.Success || category == DimseStatusCategory.Warning;
        }
    }
}
