using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;

namespace Dispatch.Domain.Tests.Cases;

public class PartyTests
{
    [Theory]
    [InlineData("13909361234")]
    [InlineData("0936-8212345")]
    [InlineData("010-12345678")]
    public void Create_ValidPhone_IsKept(string phone) =>
        Party.Create("王某华", phone).Phone.ShouldBe(phone);

    [Theory]
    [InlineData("1390936123")]
    [InlineData("23909361234")]
    [InlineData("936-8212345")]
    [InlineData("abc")]
    public void Create_InvalidPhone_ThrowsWithTheValue(string phone) =>
        Should.Throw<DomainException>(() => Party.Create("王某华", phone)).Message.ShouldContain(phone);

    [Fact]
    public void Create_IdNumberWithValidCheck_IsAccepted()
    {
        // GB 11643 sample number with a correct check digit.
        Party.Create("王某华", idNumber: "11010519491231002x").IdNumber.ShouldBe("11010519491231002X");
    }

    [Theory]
    [InlineData("110105194912310021")]
    [InlineData("11010519491231002")]
    [InlineData("A10105194912310021")]
    public void Create_InvalidIdNumber_Throws(string id) =>
        Should.Throw<DomainException>(() => Party.Create("王某华", idNumber: id)).Message.ShouldContain("身份证号");

    [Fact]
    public void Create_NoName_AsksForIt() =>
        Should.Throw<DomainException>(() => Party.Create("  ")).Message.ShouldBe("请填写当事人姓名。");

    [Fact]
    public void PhoneTail_IsTheLastFourDigits() =>
        Party.Create("王某华", "13909361234").PhoneTail.ShouldBe("1234");

    [Fact]
    public void Problems_ListsEveryBadFieldAtOnce()
    {
        Party.Problems(" ", "12345", "110105194912310021").ShouldBe(
        [
            "请填写当事人姓名。",
            "联系电话「12345」格式不对：手机号为 11 位数字（1 开头），固话如 0936-8212345。",
            "身份证号「110105194912310021」无效：应为 18 位，且最后一位校验码须正确。",
        ]);
        Party.Problems("王某华", "13909361234", "11010519491231002x").ShouldBeEmpty();
    }
}
