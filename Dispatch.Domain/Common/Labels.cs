using Dispatch.Domain.Cases;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;

namespace Dispatch.Domain.Common;

/// <summary>The users' words (zh-CN) for the domain's values: one place, used by the rules' messages and the UI.</summary>
public static class Labels
{
    public static string Of(CaseStatus value) => value switch
    {
        CaseStatus.Accepted => "已受理",
        CaseStatus.Routed => "已分流",
        CaseStatus.Assessed => "已研判",
        CaseStatus.Handling => "处置中",
        CaseStatus.FollowUp => "待回访",
        CaseStatus.Closed => "已结案",
        CaseStatus.Rejected => "不予受理",
        _ => Unknown(value),
    };

    public static string Of(CaseAction value) => value switch
    {
        CaseAction.Route => "分流",
        CaseAction.Assess => "研判",
        CaseAction.StartHandling => "开始处置",
        CaseAction.SubmitResult => "提交办理结果",
        CaseAction.Close => "结案",
        CaseAction.Reject => "不予受理",
        CaseAction.SuperviseAgain => "二次督办",
        _ => Unknown(value),
    };

    public static string Of(Channel value) => value switch
    {
        Channel.WalkIn => "来访",
        Channel.Letter => "来信",
        Channel.Hotline12345 => "12345热线",
        Channel.OnlinePetition => "网上信访",
        Channel.VideoPetition => "视频信访",
        Channel.GridReport => "网格上报",
        Channel.PoliceReferral => "110警情",
        Channel.PreLitigation => "诉前",
        _ => Unknown(value),
    };

    public static string Of(CaseCategory value) => value switch
    {
        CaseCategory.PropertyManagement => "物业",
        CaseCategory.Heating => "供热",
        CaseCategory.WageArrears => "欠薪",
        CaseCategory.Land => "土地",
        CaseCategory.MarriageFamily => "婚姻家庭",
        CaseCategory.Neighbourhood => "邻里",
        CaseCategory.Medical => "医疗",
        CaseCategory.TrafficAccident => "交通事故",
        CaseCategory.LandAcquisition => "征地拆迁",
        CaseCategory.Consumer => "消费",
        CaseCategory.Other => "其他",
        _ => Unknown(value),
    };

    public static string Of(RiskLevel value) => value switch
    {
        RiskLevel.Low => "低",
        RiskLevel.Medium => "中",
        RiskLevel.High => "高",
        RiskLevel.Critical => "重大",
        _ => Unknown(value),
    };

    public static string Of(Satisfaction value) => value switch
    {
        Satisfaction.Satisfied => "满意",
        Satisfaction.BasicallySatisfied => "基本满意",
        Satisfaction.Dissatisfied => "不满意",
        _ => Unknown(value),
    };

    public static string Of(StaffRole value) => value switch
    {
        StaffRole.Director => "中心主任",
        StaffRole.Dispatcher => "调度员",
        StaffRole.DepartmentStaff => "部门工作人员",
        StaffRole.Leader => "县领导",
        StaffRole.WallDisplay => "大屏终端",
        StaffRole.Admin => "系统管理员",
        StaffRole.Mediator => "调解员",
        StaffRole.GridWorker => "网格员",
        _ => Unknown(value),
    };

    public static string Of(CenterLevel value) => value switch
    {
        CenterLevel.Village => "村（社区）",
        CenterLevel.Township => "乡镇（街道）",
        CenterLevel.County => "县（区）",
        _ => Unknown(value),
    };

    public static string Of(SummonsState value) => value switch
    {
        SummonsState.Pending => "待报到",
        SummonsState.Acknowledged => "已报到",
        SummonsState.OnSite => "已到场",
        SummonsState.Reported => "已反馈",
        SummonsState.Declined => "已退回",
        SummonsState.Reassigned => "已改派",
        _ => Unknown(value),
    };

    public static string Of(SummonsAction value) => value switch
    {
        SummonsAction.Acknowledge => "报到",
        SummonsAction.MarkOnSite => "到场",
        SummonsAction.Report => "反馈",
        SummonsAction.Decline => "退回",
        SummonsAction.Insist => "坚持交办",
        SummonsAction.Reassign => "改派",
        _ => Unknown(value),
    };

    public static string Of(WhistleStatus value) => value switch
    {
        WhistleStatus.Open => "进行中",
        WhistleStatus.Closed => "已结束",
        _ => Unknown(value),
    };

    public static string Of(WhistleOutcome value) => value switch
    {
        WhistleOutcome.ResolvedOnSite => "现场化解",
        WhistleOutcome.JointMediation => "联合调处",
        WhistleOutcome.ReferredToLitigation => "转诉讼",
        WhistleOutcome.Other => "其他",
        _ => Unknown(value),
    };

    public static string Of(DeadlineKind value) => value switch
    {
        DeadlineKind.Acknowledge => "报到",
        DeadlineKind.OnSite => "到场",
        DeadlineKind.Result => "反馈",
        _ => Unknown(value),
    };

    public static string Of(Reports.Bucket value) => value switch
    {
        Reports.Bucket.Day => "日",
        Reports.Bucket.Week => "周",
        Reports.Bucket.Month => "月",
        _ => Unknown(value),
    };

    public static string Of(LimitUnit value) => value switch
    {
        LimitUnit.Minutes => "分钟",
        LimitUnit.Hours => "小时",
        LimitUnit.WorkingDays => "个工作日",
        _ => Unknown(value),
    };

    /// <summary>A time limit as people say it: 15分钟, 2小时, 3个工作日.</summary>
    public static string Of(ResponseLimit limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        return $"{limit.Amount}{Of(limit.Unit)}";
    }

    /// <summary>The word a timeline line is written with.</summary>
    public static string Of(TimelineKind value) => value switch
    {
        TimelineKind.Accepted => "受理登记",
        TimelineKind.Rejected => Of(CaseAction.Reject),
        TimelineKind.Routed => Of(CaseAction.Route),
        TimelineKind.Assessed => Of(CaseAction.Assess),
        TimelineKind.HandlingStarted => Of(CaseAction.StartHandling),
        TimelineKind.ResultSubmitted => Of(CaseAction.SubmitResult),
        TimelineKind.FollowedUp => "回访",
        TimelineKind.SupervisedAgain => Of(CaseAction.SuperviseAgain),
        TimelineKind.Closed => Of(CaseAction.Close),
        TimelineKind.Raised => "升级",
        TimelineKind.Mediated => "调解",
        TimelineKind.Merged => "合并来件",
        TimelineKind.AttachmentsUploaded => "上传附件",
        TimelineKind.WhistleBlown => "吹哨",
        TimelineKind.NobodyPresent => "无人在岗",
        TimelineKind.Acknowledged => "部门报到",
        TimelineKind.OnSite => "部门到场",
        TimelineKind.Reported => "部门反馈",
        TimelineKind.Declined => "部门退回",
        TimelineKind.Insisted => "坚持交办",
        TimelineKind.Reassigned => "改派",
        TimelineKind.Urged => "催办",
        TimelineKind.WhistleClosed => "结束吹哨",
        TimelineKind.EscalationReminded => Of(EscalationAction.RemindTerminal),
        TimelineKind.EscalationUrged => Of(EscalationAction.UrgeDepartmentHead),
        TimelineKind.EscalationFlagged => Of(EscalationAction.FlagDirector),
        TimelineKind.EscalationRaised => Of(EscalationAction.EscalateToLevelAbove),
        _ => Unknown(value),
    };

    public static string Of(EscalationAction value) => value switch
    {
        EscalationAction.RemindTerminal => "提醒",
        EscalationAction.UrgeDepartmentHead => "催办",
        EscalationAction.FlagDirector => "督办",
        EscalationAction.EscalateToLevelAbove => "升级",
        _ => Unknown(value),
    };

    /// <summary>e.g. "报到时限 50% 时未报到" or "反馈期限过后 30 分钟仍未反馈".</summary>
    /// <summary>Why a recorded step was taken, from its key ("Acknowledge@50%:…"): "无人在岗", "报到时限过半", "报到超时".</summary>
    public static string Trigger(string stepKey, DeadlineKind deadline)
    {
        ArgumentNullException.ThrowIfNull(stepKey);
        var at = stepKey.IndexOf('@', StringComparison.Ordinal);
        var end = stepKey.IndexOf(':', StringComparison.Ordinal);
        var when = at >= 0 && end > at ? stepKey[(at + 1)..end] : string.Empty;
        return when switch
        {
            "0%" => "吹哨时无人在岗",
            "50%" => $"{Of(deadline)}时限过半",
            _ when when.EndsWith('%') && int.TryParse(when[..^1], System.Globalization.CultureInfo.InvariantCulture, out var p) && p < 100 => $"{Of(deadline)}时限已过 {p}%",
            _ => $"{Of(deadline)}超时",
        };
    }

    public static string Describe(EscalationStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (step.IsNobodyPresent)
        {
            return "吹哨时部门无人在岗";
        }

        var when = step.PercentOfLimit is { } p
            ? $"{Of(step.Deadline)}时限 {p}% 时"
            : $"{Of(step.Deadline)}期限过后 {step.MinutesAfterDeadline} 分钟";
        var notYet = step.UnlessReached switch
        {
            SummonsState.Acknowledged => "未报到",
            SummonsState.OnSite => "未到场",
            _ => "未反馈",
        };
        return $"{when}仍{notYet}";
    }

    /// <summary>A moment in China Standard Time, as the users read it.</summary>
    /// <summary>
    /// China time to the minute. Midnight reads as 24:00 of the day before, the way a deadline
    /// of whole working days is written (the end of that day, 当日24时), never as the next day's 00:00.
    /// </summary>
    public static string Of(Messaging.TextState value) => value switch
    {
        Messaging.TextState.Queued => "待发送",
        Messaging.TextState.Sending => "发送中",
        Messaging.TextState.Sent => "已发送",
        Messaging.TextState.Delivered => "已送达",
        Messaging.TextState.Failed => "失败",
        Messaging.TextState.Skipped => "未发送",
        _ => Unknown(value),
    };

    public static string Of(Messaging.TextAction value) => value switch
    {
        Messaging.TextAction.Claim => "开始发送",
        Messaging.TextAction.Accept => "确认已发送",
        Messaging.TextAction.Defer => "推迟发送",
        Messaging.TextAction.Reject => "记为失败",
        Messaging.TextAction.ConfirmDelivery => "确认送达",
        Messaging.TextAction.ReportFailure => "记为未送达",
        Messaging.TextAction.Postpone => "延后发送",
        _ => Unknown(value),
    };

    public static string Of(Messaging.TextPurpose value) => value switch
    {
        Messaging.TextPurpose.Summons => "召集通知",
        Messaging.TextPurpose.Reminder => "提醒",
        Messaging.TextPurpose.Urge => "催办",
        Messaging.TextPurpose.NobodyPresent => "无人在岗催办",
        Messaging.TextPurpose.Bulletin => "每日信访通报",
        Messaging.TextPurpose.Reply => "回复",
        _ => Unknown(value),
    };

    public static string Time(DateTimeOffset value, string dateFormat = "yyyy-MM-dd")
    {
        var local = value.ToOffset(WorkingCalendar.ChinaStandardTime);
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        return local.TimeOfDay == TimeSpan.Zero
            ? local.AddDays(-1).ToString(dateFormat, culture) + " 24:00"
            : local.ToString(dateFormat + " HH:mm", culture);
    }

    private static string Unknown<T>(T value) where T : struct, Enum => $"未知（{Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)}）";
}
