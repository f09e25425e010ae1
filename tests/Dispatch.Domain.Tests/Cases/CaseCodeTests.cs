using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;

namespace Dispatch.Domain.Tests.Cases;

public class CaseCodeTests
{
    [Fact]
    public void Create_FormatsCenterYearSerialAndCheck()
    {
        var code = CaseCode.Create("gz", 2026, 123);

        code.Value.ShouldStartWith("GZ-2026-000123-");
        code.Value.Length.ShouldBe("GZ-2026-000123-X".Length);
        code.CenterCode.ShouldBe("GZ");
        code.Year.ShouldBe(2026);
        code.Serial.ShouldBe(123);
    }

    [Fact]
    public void Parse_RoundTripsAndIgnoresSpacesAndCase()
    {
        var code = CaseCode.Create("GZ", 2026, 4213);

        CaseCode.Parse(" " + code.Value.ToLowerInvariant().Replace("-2026", " -2026", StringComparison.Ordinal)).ShouldBe(code);
    }

    [Fact]
    public void Parse_EverySingleCharacterTypo_IsCaught()
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for (var serial = 1; serial <= 200; serial += 7)
        {
            var value = CaseCode.Create("GZ", 2026, serial).Value;
            for (var i = 0; i < value.Length; i++)
            {
                if (value[i] == '-')
                {
                    continue;
                }

                foreach (var replacement in alphabet.Where(c => c != value[i]))
                {
                    var typo = value[..i] + replacement + value[(i + 1)..];
                    CaseCode.TryParse(typo, out _, out _).ShouldBeFalse($"{typo} should not pass for {value}");
                }
            }
        }
    }

    [Fact]
    public void Parse_AdjacentDigitSwapsInTheSerial_AreCaught()
    {
        var missed = 0;
        var tried = 0;
        for (var serial = 1; serial <= 999; serial += 13)
        {
            var value = CaseCode.Create("GZ", 2026, serial).Value;
            for (var i = 8; i < 13; i++)
            {
                if (value[i] == value[i + 1])
                {
                    continue;
                }

                tried++;
                var swapped = value[..i] + value[i + 1] + value[i] + value[(i + 2)..];
                if (CaseCode.TryParse(swapped, out _, out _))
                {
                    missed++;
                }
            }
        }

        tried.ShouldBeGreaterThan(100);
        missed.ShouldBe(0);
    }

    [Fact]
    public void Parse_WrongCheckCharacter_SaysTheCodeIsMistyped()
    {
        var value = CaseCode.Create("GZ", 2026, 77).Value;
        var wrong = value[..^1] + (value[^1] == 'A' ? 'B' : 'A');

        var error = Should.Throw<DomainException>(() => CaseCode.Parse(wrong));

        error.Message.ShouldContain("校验位不符");
    }

    [Theory]
    [InlineData("")]
    [InlineData("GZ-26-000001-K")]
    [InlineData("GZ-2026-1-K")]
    [InlineData("GZ/2026/000001/K")]
    [InlineData("粤-2026-000001-K")]
    public void Parse_Malformed_ExplainsTheFormat(string text)
    {
        var error = Should.Throw<DomainException>(() => CaseCode.Parse(text));

        error.Message.ShouldContain("格式应为");
    }

    [Fact]
    public void Create_SerialOutOfRange_Throws()
    {
        Should.Throw<DomainException>(() => CaseCode.Create("GZ", 2026, 0));
        Should.Throw<DomainException>(() => CaseCode.Create("GZ", 2026, 1_000_000));
    }
}
