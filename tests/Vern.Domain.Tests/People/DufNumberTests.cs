using Vern.Domain.People;

namespace Vern.Domain.Tests.People;

/// <summary>DUF-nummer control digits (UDI; SSB Personalia Kontroll 17).</summary>
public class DufNumberTests
{
    [Theory]
    [InlineData("201412345607", true)]  // 4·2+6·0+3·1+2·4+4·1+6·2+3·3+2·4+7·5+5·6 = 117; 117 mod 11 = 7
    [InlineData("201412345608", false)] // wrong control digits
    [InlineData("20141234560", false)]  // 11 digits
    [InlineData("20141234560x", false)]
    public void IsValid_Examples(string number, bool valid) => Assert.Equal(valid, DufNumber.IsValid(number));

    [Fact]
    public void Create_IsValid() => Assert.True(DufNumber.IsValid(DufNumber.Create(2019, 42)));
}
