using Dispatch.Domain.Cases;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Queries;

namespace Dispatch.Web.Tests.Components;

/// <summary>Read models for component tests, built around one instant.</summary>
internal static class Rows
{
    public static SummonsRow Summons(DateTimeOffset summonedAt, SummonsState state = SummonsState.Pending, string department = "住建局", bool escalated = false, DateTimeOffset? declinedAt = null, string? declineReason = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), department, state, summonedAt, summonedAt.AddMinutes(15), summonedAt.AddHours(2), summonedAt.AddDays(3),
            state >= SummonsState.Acknowledged && state != SummonsState.Declined ? summonedAt.AddMinutes(5) : null,
            state >= SummonsState.Acknowledged && state != SummonsState.Declined ? "李军（住建局）" : null,
            state >= SummonsState.OnSite && state != SummonsState.Declined ? summonedAt.AddMinutes(40) : null,
            state == SummonsState.Reported ? summonedAt.AddHours(5) : null, null, declineReason, 0, escalated, escalated)
        {
            DeclinedAt = declinedAt,
        };

    public static WhistleRow Whistle(string code, DateTimeOffset blownAt, params SummonsRow[] summonses) =>
        new(Guid.NewGuid(), Guid.NewGuid(), code, $"诉求 {code}", CaseCategory.Heating, blownAt, "张建国", "一般", summonses);

    public static SummonsBrief Brief(WhistleRow whistle, string? message = "请带供热合同到场") =>
        new(whistle.Id, message, "小区暖气不热，室温 12 度。", "梁家墩镇综治中心", "清凉寺村", "清凉寺村 3 组",
            [new ContactRow("李某明", "13970390122")],
            [new OtherSummons("热力公司", SummonsState.Acknowledged, false), new OtherSummons("市场监管局", SummonsState.Pending, true)],
            new ContactRow("张建国", "13909360001"));
}
