using Dispatch.Domain.Common;
using Dispatch.Domain.Messaging;

namespace Dispatch.Domain.Tests.Messaging;

public class TextMessageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 17, 10, 0, 0, TimeSpan.FromHours(8));

    private static TextMessage Planned() =>
        TextMessage.Plan(Guid.NewGuid(), TextPurpose.Summons, "s1:1", null, new TextRecipient(null, "刘志刚", "+86 13909370001"), "吹哨召集", Now);

    [Fact]
    public void Planning_KeepsTheNumberAsElevenDigits_AndKeysByPurposeSubjectAndPerson()
    {
        var text = Planned();
        text.Phone.ShouldBe("13909370001");
        text.Key.ShouldBe("Summons:s1:1:13909370001");
        text.State.ShouldBe(TextState.Queued);
        Should.Throw<DomainException>(() => TextMessage.Plan(Guid.NewGuid(), TextPurpose.Summons, "s1", null, new TextRecipient(null, "某局", "0936-8210100"), "x", Now))
            .Message.ShouldBe("「某局」的电话 0936-8210100 不是有效的手机号码，无法发送短信。");
    }

    [Fact]
    public void Claim_IsHeldUntilItsLeaseRunsOut_SoASecondRunCannotSend()
    {
        var text = Planned();
        text.Claim(TimeSpan.FromMinutes(2), Now);
        text.IsClaimable(Now.AddMinutes(1)).ShouldBeFalse();
        Should.Throw<DomainException>(() => text.Claim(TimeSpan.FromMinutes(2), Now.AddMinutes(1))).Message.ShouldStartWith("短信正由另一发送任务处理");
        text.IsClaimable(Now.AddMinutes(3)).ShouldBeTrue();
        text.Claim(TimeSpan.FromMinutes(2), Now.AddMinutes(3));
        text.Attempts.ShouldBe(2);
    }

    [Fact]
    public void Receipts_SettleASentText_AndARepeatChangesNothing()
    {
        var text = Planned();
        Should.Throw<DomainException>(() => text.Receipt(true, null, Now)).Message.ShouldBe("短信当前为「待发送」，不能确认送达。");
        text.Claim(TimeSpan.FromMinutes(2), Now);
        text.Accept("Http", "gw-1", Now);
        text.Receipt(true, null, Now.AddSeconds(5)).ShouldBeTrue();
        text.Receipt(true, null, Now.AddSeconds(6)).ShouldBeFalse();
        text.State.ShouldBe(TextState.Delivered);
        text.DomainEvents.OfType<TextStatusChanged>().Select(e => e.State).ShouldBe([TextState.Sent, TextState.Delivered]);
    }

    [Fact]
    public void AFailure_IsFinal_AndADeferralWaitsForItsTime()
    {
        var text = Planned();
        text.Claim(TimeSpan.FromMinutes(2), Now);
        text.Defer("短信网关暂不可用（HTTP 503）", Now.AddSeconds(10), Now);
        text.IsClaimable(Now.AddSeconds(5)).ShouldBeFalse();
        Should.Throw<DomainException>(() => text.Claim(TimeSpan.FromMinutes(2), Now.AddSeconds(5))).Message.ShouldStartWith("短信须在");
        text.Claim(TimeSpan.FromMinutes(2), Now.AddSeconds(10));
        text.Reject("短信网关拒绝（HTTP 400）", Now.AddSeconds(11));
        text.State.ShouldBe(TextState.Failed);
        Should.Throw<DomainException>(() => text.Claim(TimeSpan.FromMinutes(2), Now.AddMinutes(5))).Message.ShouldBe("短信当前为「失败」，不能开始发送。");
    }
}
