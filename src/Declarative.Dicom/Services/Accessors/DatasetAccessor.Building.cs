using System.ComponentModel;
using Declarative.Dicom.Data;

namespace Declarative.Dicom;

/// <summary>
/// What the generated Create methods call to build the datasets we send. Type 1 attributes are parameters
/// without defaults, so a dataset cannot be built without them; these checks refuse an empty value or list,
/// which the compiler cannot see.
/// </summary>
public abstract partial class DatasetAccessor
{
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected static string RequireText(string value, string keyword) =>
        string.IsNullOrEmpty(value) ? throw new ArgumentException($"{keyword} is Type 1: it must have a value", keyword) : value;

    [EditorBrowsable(EditorBrowsableState.Never)]
    protected static T[] RequireValues<T>(T[] values, string keyword) =>
        values is null || values.Length == 0 ? throw new ArgumentException($"{keyword} is Type 1: it must have a value", keyword) : values;

    [EditorBrowsable(EditorBrowsableState.Never)]
    protected static DicomDataset[] RequireItems<TItem>(IEnumerable<TItem> items, string keyword) where TItem : DatasetAccessor
    {
        var datasets = ItemsOf(items ?? throw new ArgumentNullException(keyword));
        return datasets.Length == 0 ? throw new ArgumentException($"{keyword} is Type 1: it must have at least one item", keyword) : datasets;
    }

    [EditorBrowsable(EditorBrowsableState.Never)]
    protected static DicomDataset[] ItemsOf<TItem>(IEnumerable<TItem> items) where TItem : DatasetAccessor =>
        items.Select(i => i.Dataset).ToArray();
}
