using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;

namespace Dispatch.Domain.Tests.Common;

public class GuardTests
{
    [Theory]
    [InlineData("王某华\u0000")]
    [InlineData("王\u0007某华")]
    [InlineData("王某\u001B[31m华")]
    [InlineData("王某\u007F华")]
    [InlineData("王某\uFFFF华")]
    public void Required_RefusesControlCharacters(string value) =>
        Should.Throw<DomainException>(() => Guard.Required(value, "姓名", 30)).Message.ShouldBe("姓名含有不可见的控制字符或残缺的字符，请删除后重新填写（换行和制表符可以保留）。");

    [Theory]
    [InlineData(0xD800, false)]
    [InlineData(0xDC00, true)]
    public void Required_RefusesHalfACharacter(int half, bool atTheEnd)
    {
        // Built here: a test runner cannot carry an unpaired surrogate in its test data.
        var value = atTheEnd ? "王某华" + (char)half : "王某" + (char)half + "华";

        Should.Throw<DomainException>(() => Guard.Required(value, "姓名", 30)).Message.ShouldContain("残缺的字符");
    }

    [Theory]
    [InlineData("第一行\r\n第二行")]
    [InlineData("甲\t乙")]
    [InlineData("表情 😀 可以")]
    public void Required_KeepsLineBreaksTabsAndWholeCharacters(string value) =>
        Guard.Required(value, "说明", 100).ShouldBe(value);

    [Fact]
    public void Required_AtTheLimitPasses_OnePastItIsRefusedWithBothNumbers()
    {
        Guard.Required(new string('字', 200), "地址", 200).Length.ShouldBe(200);
        Should.Throw<DomainException>(() => Guard.Required(new string('字', 201), "地址", 200)).Message.ShouldBe("地址不能超过 200 个字（现为 201 个）。");
    }

    [Fact]
    public void Quote_ShortensLongValues_AndHidesControlCharacters()
    {
        Guard.Quote(new string('9', 5_000_000)).ShouldBe(new string('9', Guard.QuoteLength) + "…");
        Guard.Quote("ab\u0000c").ShouldBe("ab\uFFFDc");
        Guard.Quote(null).ShouldBe(string.Empty);
    }

    [Fact]
    public void FieldProblems_CollectsEveryRefusal_UnderItsField()
    {
        var problems = new FieldProblems(new Dictionary<string, string[]> { ["channel"] = ["来源渠道无效。"] });
        Case.CheckIntakeFields(new string('题', 101), " ", new string('址', 201), new string('x', 65), 91, -181, problems);
        Party.Check("张三", "12345", null, problems, "parties[0].");

        var all = problems.ToDictionary();
        all.Keys.Order().ShouldBe(["address", "channel", "description", "externalId", "latitude", "longitude", "parties[0].phone", "title"]);
        all["address"].ShouldBe(["地址不能超过 200 个字（现为 201 个）。"]);
        all["externalId"].ShouldBe(["来源系统编号不能超过 64 个字（现为 65 个）。"]);
        all["latitude"].Single().ShouldContain("纬度 91 超出范围");
    }

    [Fact]
    public void Party_Problems_QuoteAtMostAShortPieceOfAHugeValue()
    {
        var message = Party.Problems("王某华", null, new string('1', 17) + "\u0000").Single();
        message.ShouldContain("控制字符");
        Party.Problems("王某华", "139" + new string('0', 18), null).Single().ShouldBe("联系电话不能超过 20 个字（现为 21 个）。");
    }
}
