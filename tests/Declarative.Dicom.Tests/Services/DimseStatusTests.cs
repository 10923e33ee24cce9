using System.Reflection;

namespace Declarative.Dicom.Tests.Services;

public class DimseStatusTests
{
    [Fact]
    public void EveryNamedStatus_StatesItsCodeForTheAnalyzers()
    {
        var members = typeof(DimseStatus).GetProperties(BindingFlags.Public | BindingFlags.Static);
        Assert.True(members.Length > 20);
        foreach (var member in members)
        {
            var attribute = member.GetCustomAttribute<DimseStatusCodeAttribute>();
            Assert.True(attribute is not null, $"{member.Name} has no [DimseStatusCode]");
            Assert.Equal(((DimseStatus)member.GetValue(null)!).Code, attribute.Code);
        }
    }

    [Theory]
    [InlineData(0x0000, DimseStatusCategory.Success)]
    [InlineData(0x0107, DimseStatusCategory.Warning)]
    [InlineData(0xB000, DimseStatusCategory.Warning)]
    [InlineData(0x0110, DimseStatusCategory.Failure)]
    [InlineData(0xA700, DimseStatusCategory.Failure)]
    [InlineData(0xC001, DimseStatusCategory.Failure)]
    [InlineData(0xFE00, DimseStatusCategory.Cancel)]
    [InlineData(0xFF01, DimseStatusCategory.Pending)]
    public void Categories_FollowPs37AnnexC(ushort code, DimseStatusCategory category) =>
        Assert.Equal(category, new DimseStatus(code).Category);
}
