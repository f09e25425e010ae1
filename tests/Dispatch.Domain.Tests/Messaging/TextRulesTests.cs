using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Messaging;

namespace Dispatch.Domain.Tests.Messaging;

public class TextRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 17, 10, 0, 0, TimeSpan.FromHours(8));

    private static DepartmentContacts Housing(bool firstOnDuty) => new(Guid.NewGuid(), "住建局",
    [
        new StaffContact(Guid.NewGuid(), "王明（住建局）", "139 0938 0001", firstOnDuty),
        new StaffContact(Guid.NewGuid(), "李芳（住建局）", null, false),
    ], "刘志刚", "13909370001");

    [Theory]
    [InlineData("13909380001", "13909380001")]
    [InlineData("+86 139-0938-0001", "13909380001")]
    [InlineData("008613909380001", "13909380001")]
    [InlineData("0936-8210100", null)]
    [InlineData("12909380001", null)]
    [InlineData("1390938000", null)]
    [InlineData("", null)]
    public void OnlyMainlandMobiles_AreTextable(string phone, string? expected) => MobileNumber.Normalize(phone).ShouldBe(expected);

    [Fact]
    public void ASummons_GoesToWhoIsOnDuty_AndNotToTheHead()
    {
        var audience = TextRules.For(TextPurpose.Summons, Housing(firstOnDuty: true));
        audience.Recipients.Select(r => r.Phone).ShouldBe(["13909380001"]);
        audience.Skipped.ShouldBeEmpty();
    }

    [Fact]
    public void WithNobodyOnDuty_ASummonsGoesToAllStaffAndTheHead_NamingWhoHasNoMobile()
    {
        var audience = TextRules.For(TextPurpose.Summons, Housing(firstOnDuty: false));
        audience.Recipients.Select(r => r.Name).ShouldBe(["王明（住建局）", "刘志刚（住建局负责人）"]);
        audience.Skipped.Single().ShouldBe(audience.Skipped.Single() with { Name = "李芳（住建局）", Reason = "未登记手机号" });
    }

    [Fact]
    public void AnUrge_GoesToTheHeadOnly()
    {
        TextRules.For(TextPurpose.Urge, Housing(firstOnDuty: true)).Recipients.Select(r => r.Phone).ShouldBe(["13909370001"]);
        TextRules.PurposeOf(EscalationAction.UrgeDepartmentHead, nobodyPresent: true).ShouldBe(TextPurpose.NobodyPresent);
        TextRules.PurposeOf(EscalationAction.RemindTerminal, nobodyPresent: false).ShouldBe(TextPurpose.Reminder);
        TextRules.PurposeOf(EscalationAction.FlagDirector, nobodyPresent: false).ShouldBeNull();
        TextRules.PurposeOf(EscalationAction.EscalateToLevelAbove, nobodyPresent: false).ShouldBeNull();
    }

    [Fact]
    public void APhone_GetsAtMostItsLimitInTheWindow_ThenWaitsForTheOldestToFallOut()
    {
        var window = TimeSpan.FromMinutes(10);
        TextRules.NextAllowed([Now.AddMinutes(-9), Now.AddMinutes(-1)], 3, window, Now).ShouldBe(Now);
        TextRules.NextAllowed([Now.AddMinutes(-9), Now.AddMinutes(-5), Now.AddMinutes(-1)], 3, window, Now).ShouldBe(Now.AddMinutes(1));
        TextRules.NextAllowed([Now.AddMinutes(-11), Now.AddMinutes(-5), Now.AddMinutes(-1)], 3, window, Now).ShouldBe(Now);
        Should.Throw<DomainException>(() => TextRules.NextAllowed([], 0, window, Now)).Message.ShouldBe("每个手机号的短信限额至少为 1 条。");
    }

    [Fact]
    public void TheTexts_SayWhatIsLateAndByWhen()
    {
        var facts = new SummonsFacts("GZ-2026-000123-K", "小区暖气不热", "东街街道南关社区", "热力公司", Now.AddMinutes(15), "https://d.test/m/x");
        TextTemplates.Summons(facts).ShouldBe("吹哨召集：请热力公司于10:15前报到。案件GZ-2026-000123-K「小区暖气不热」，地点：东街街道南关社区。报到请点 https://d.test/m/x 或回复1");
        TextTemplates.Reminder(facts, Dispatch.Domain.Whistles.DeadlineKind.Acknowledge, Now.AddMinutes(15), Now.AddMinutes(8)).ShouldContain("报到时限10:15，还剩7分钟");
        TextTemplates.Urge(facts, Dispatch.Domain.Whistles.DeadlineKind.OnSite, Now.AddMinutes(60), Now.AddMinutes(135)).ShouldContain("的到场（已超时1小时15分钟）");
    }
}
