using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;

namespace Dispatch.Domain.Cases;

/// <summary>
/// A dispute or request (矛盾纠纷 / 诉求), one code for life (一案一码), running the closed loop
/// 受理 → 分流 → 研判 → 处置 → 回访 → 结案. Every step is on the timeline.
/// </summary>
public sealed class Case : AggregateRoot
{
    public const int TitleMaxLength = 100;
    public const int DescriptionMaxLength = 4000;
    public const int AddressMaxLength = 200;
    public const int SourceMaxLength = 40;
    public const int ExternalIdMaxLength = 64;

    public static readonly TransitionTable<CaseStatus, CaseAction> Transitions =
        new TransitionTable<CaseStatus, CaseAction>("案件", Labels.Of, Labels.Of)
            .Allow(CaseStatus.Accepted, CaseAction.Route, CaseStatus.Routed)
            .Allow(CaseStatus.Accepted, CaseAction.Reject, CaseStatus.Rejected)
            .Allow(CaseStatus.Routed, CaseAction.Route, CaseStatus.Routed)
            .Allow(CaseStatus.Routed, CaseAction.Assess, CaseStatus.Assessed)
            .Allow(CaseStatus.Assessed, CaseAction.Assess, CaseStatus.Assessed)
            .Allow(CaseStatus.Assessed, CaseAction.StartHandling, CaseStatus.Handling)
            .Allow(CaseStatus.Handling, CaseAction.SubmitResult, CaseStatus.FollowUp)
            .Allow(CaseStatus.FollowUp, CaseAction.SuperviseAgain, CaseStatus.Handling)
            .Allow(CaseStatus.FollowUp, CaseAction.Close, CaseStatus.Closed);

    private IReadOnlyList<Party> _parties = [];
    private readonly List<TimelineEntry> _timeline = [];
    private readonly List<FollowUp> _followUps = [];

    private Case()
    {
        Code = string.Empty;
        Title = string.Empty;
        Description = string.Empty;
    }

    public string Code { get; private set; }

    public Channel Channel { get; private set; }

    public CaseCategory Category { get; private set; }

    public string Title { get; private set; }

    public string Description { get; private set; }

    public IReadOnlyList<Party> Parties => _parties;

    /// <summary>The center now responsible for the case.</summary>
    public Guid CenterId { get; private set; }

    public CenterLevel CenterLevel { get; private set; }

    public Guid? TownshipId { get; private set; }

    public Guid? VillageId { get; private set; }

    public string? Address { get; private set; }

    public RiskLevel RiskLevel { get; private set; }

    public CaseStatus Status { get; private set; }

    /// <summary>When the request reached the center (the hotline ticket time, the letter's arrival).</summary>
    public DateTimeOffset ReceivedAt { get; private set; }

    /// <summary>The acceptance decision (受理 or 不予受理) is due by this time.</summary>
    public DateTimeOffset AcceptanceDueAt { get; private set; }

    /// <summary>When the acceptance decision was made, accepted or rejected.</summary>
    public DateTimeOffset AcceptedAt { get; private set; }

    public Guid? AssignedDepartmentId { get; private set; }

    /// <summary>The handling is due by this time; set when handling starts, renewed by second supervision.</summary>
    public DateTimeOffset? DueAt { get; private set; }

    public string? RejectionReason { get; private set; }

    public DateTimeOffset? ResultAt { get; private set; }

    public string? Result { get; private set; }

    public Satisfaction? LastSatisfaction { get; private set; }

    public DateTimeOffset? FollowedUpAt { get; private set; }

    /// <summary>How many times a dissatisfied follow-up sent the case back (二次督办).</summary>
    public int SupervisionCount { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>When the case last moved up to a higher center (升级); null if it never did.</summary>
    public DateTimeOffset? RaisedAt { get; private set; }

    /// <summary>
    /// The center that first handed the case up (上交 or 升级); null if it never moved up. That
    /// center and those above it follow the case read-only (「已上交」) while a higher one holds it.
    /// </summary>
    public Guid? RaisedFromCenterId { get; private set; }

    /// <summary>Whether the case was handed up out of a center (or one below it) that <paramref name="covers"/> no longer covers its holder: the lower center's 「已上交」.</summary>
    public bool WasRaisedOutOf(Func<Guid, bool> covers)
    {
        ArgumentNullException.ThrowIfNull(covers);
        return RaisedFromCenterId is { } from && covers(from) && !covers(CenterId);
    }

    /// <summary>
    /// Raised to its center and waiting there: nobody at the receiving center has done anything
    /// with it since it arrived (the raise is still the last line of its timeline).
    /// </summary>
    public bool AwaitsReceivingCenter => IsOpen && RaisedAt is { } raised && Timeline.Count > 0 && Timeline.MaxBy(t => t.Sequence)!.At <= raised;

    public CenterLevel? ClosedAtLevel { get; private set; }

    public string? Outcome { get; private set; }

    public double? Latitude { get; private set; }

    public double? Longitude { get; private set; }

    /// <summary>The API client that filed the case; only it may read the case through the API.</summary>
    public string? Source { get; private set; }

    public string? ExternalId { get; private set; }

    /// <summary>Failed mediation attempts at the current level (抓三级定三责); reset when the case moves up.</summary>
    public int MediationAttempts { get; private set; }

    /// <summary>Repeat petitions about the same matter merged into this case.</summary>
    public int MergedCount { get; private set; }

    public IReadOnlyList<TimelineEntry> Timeline => _timeline;

    /// <summary>Every follow-up call, kept for the satisfaction rate (a case can be followed up more than once).</summary>
    public IReadOnlyList<FollowUp> FollowUps => _followUps;

    /// <summary>The statuses that end a case; every other one is open (the one definition of "open case", queries included).</summary>
    public static readonly IReadOnlyList<CaseStatus> EndStatuses = [CaseStatus.Closed, CaseStatus.Rejected];

    /// <summary>Every status but the end ones: the same fact as <see cref="EndStatuses"/>, listed so a query can use an index on the status.</summary>
    public static readonly IReadOnlyList<CaseStatus> OpenStatuses = [.. Enum.GetValues<CaseStatus>().Where(s => !EndStatuses.Contains(s))];

    public bool IsOpen => IsOpenStatus(Status);

    public static bool IsOpenStatus(CaseStatus status) => !EndStatuses.Contains(status);

    /// <summary>The public tracking check: a party's phone ends with these four digits.</summary>
    public bool HasPhoneEnding(string? tail) => tail is { Length: 4 } && tail.All(char.IsAsciiDigit) && _parties.Any(p => p.PhoneTail == tail);

    public bool IsOverdue(DateTimeOffset now) => IsOpen && DueAt is { } due && now > due;

    /// <summary>A grid worker reports what they see (a blocked lane, a quarrel): who is involved may be found out later.</summary>
    public static bool PartyMayBeUnknown(Channel channel) => channel == Channel.GridReport;

    public static Case Register(Guid id, CaseCode code, Guid centerId, CaseIntake intake, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(actor);
        if (intake.Parties.Count == 0 && !PartyMayBeUnknown(intake.Channel))
        {
            throw new DomainException("请至少登记一名当事人。");
        }

        if (intake.ReceivedAt > now)
        {
            throw new DomainException("收到时间不能晚于当前时间。");
        }

        if (intake.AcceptanceLimit <= TimeSpan.Zero)
        {
            throw new DomainException("受理时限必须大于零。");
        }

        var received = Guard.Utc(intake.ReceivedAt);
        var @case = new Case
        {
            Id = id,
            Code = code.Value,
            Channel = intake.Channel,
            Category = intake.Category,
            Title = Guard.Required(intake.Title, "诉求标题", TitleMaxLength),
            Description = Guard.Required(intake.Description, "诉求内容", DescriptionMaxLength),
            CenterId = centerId,
            CenterLevel = intake.CenterLevel,
            TownshipId = intake.TownshipId,
            VillageId = intake.VillageId,
            Address = Guard.Optional(intake.Address, "地址", AddressMaxLength),
            RiskLevel = RiskLevel.Low,
            Status = CaseStatus.Accepted,
            ReceivedAt = received,
            AcceptanceDueAt = received + intake.AcceptanceLimit,
            AcceptedAt = Guard.Utc(now),
            Latitude = ValidCoordinate(intake.Latitude, 90, "纬度"),
            Longitude = ValidCoordinate(intake.Longitude, 180, "经度"),
            Source = Guard.Optional(intake.Source, "来源系统", SourceMaxLength),
            ExternalId = Guard.Optional(intake.ExternalId, "来源系统编号", ExternalIdMaxLength),
        };
        @case._parties = [.. intake.Parties];
        @case.Record(actor, now, TimelineKind.Accepted, $"{Labels.Of(intake.Channel)}｜{Labels.Of(intake.Category)}");
        @case.Raise(new CaseRegistered(id, code.Value, centerId, now));
        return @case;
    }

    public void Reject(string reason, Actor actor, DateTimeOffset now)
    {
        var text = Guard.Required(reason, "不予受理的理由", 1000);
        Move(CaseAction.Reject, actor, now, text);
        RejectionReason = text;
    }

    /// <summary>分流: to a department of the center, or to another center (a lower or higher level).</summary>
    public void Route(Guid centerId, CenterLevel centerLevel, Guid? departmentId, string routedTo, Actor actor, DateTimeOffset now)
    {
        Move(CaseAction.Route, actor, now, $"分流至{routedTo}");
        if (centerLevel > CenterLevel)
        {
            RaisedFromCenterId ??= CenterId;
        }

        CenterId = centerId;
        CenterLevel = centerLevel;
        AssignedDepartmentId = departmentId;
    }

    /// <summary>研判: assess the risk; may be repeated before handling starts.</summary>
    public void Assess(RiskLevel risk, string? note, Actor actor, DateTimeOffset now)
    {
        if (!Enum.IsDefined(risk))
        {
            throw new DomainException("请选择风险等级。");
        }

        Move(CaseAction.Assess, actor, now, $"风险等级：{Labels.Of(risk)}" + (note is null ? string.Empty : $"；{note.Trim()}"));
        RiskLevel = risk;
    }

    /// <summary>处置: by the department it was routed to, another department, or the center itself (department null).</summary>
    public void StartHandling(DateTimeOffset dueAt, string? note, Actor actor, DateTimeOffset now, (Guid Id, string Name)? department = null)
    {
        if (dueAt <= now)
        {
            throw new DomainException("办理期限必须晚于当前时间。");
        }

        var by = department is { } d ? $"交{d.Name}办理；" : string.Empty;
        Move(CaseAction.StartHandling, actor, now, $"{by}办理期限 {Labels.Time(dueAt)}" + (string.IsNullOrWhiteSpace(note) ? string.Empty : $"；{note.Trim()}"));
        DueAt = Guard.Utc(dueAt);
        if (department is { } assigned)
        {
            AssignedDepartmentId = assigned.Id;
        }
    }

    /// <summary>The longest handling term a case can be given, in working days.</summary>
    public const int MaxHandlingWorkingDays = 60;

    /// <summary>The longest new term of a second supervision (二次督办), in working days.</summary>
    public const int MaxSupervisionWorkingDays = 30;

    /// <summary>处置 due in so many working days (1–60) from now.</summary>
    public void StartHandling(int workingDays, WorkingCalendar calendar, string? note, Actor actor, DateTimeOffset now, (Guid Id, string Name)? department = null)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (workingDays is < 1 or > MaxHandlingWorkingDays)
        {
            throw new DomainException($"办理期限应为 1–{MaxHandlingWorkingDays} 个工作日。");
        }

        StartHandling(calendar.AddWorkingDays(now, workingDays), note, actor, now, department);
    }

    /// <summary>How many failed mediations a level may have before the case moves up; the county is final (null).</summary>
    public static int? MediationLimit(CenterLevel level) => level switch
    {
        CenterLevel.Village => 3,
        CenterLevel.Township => 2,
        _ => null,
    };

    /// <summary>
    /// One mediation attempt (调解) at the current level. Success submits the result; a failure is
    /// counted, and when the level's attempts run out (village 3, township 2) the case moves up
    /// to <paramref name="levelAbove"/> by itself, where the count starts again.
    /// </summary>
    public bool RecordMediation(bool resolved, string note, CenterRef? levelAbove, Actor actor, DateTimeOffset now)
    {
        if (Status != CaseStatus.Handling)
        {
            throw new DomainException($"案件当前为「{Labels.Of(Status)}」，开始处置后才能登记调解。");
        }

        var text = Guard.Required(note, "调解情况", 1000);
        var limit = MediationLimit(CenterLevel);
        var attempt = MediationAttempts + 1;
        var ordinal = limit is { } max ? $"第 {attempt}/{max} 次" : $"第 {attempt} 次";
        if (resolved)
        {
            Record(actor, now, TimelineKind.Mediated, $"{Labels.Of(CenterLevel)}级{ordinal}调解成功：{text}");
            SubmitResult($"{Labels.Of(CenterLevel)}级调解成功：{text}", actor, now);
            return false;
        }

        if (limit is { } exhausted && attempt >= exhausted && levelAbove is null)
        {
            throw new DomainException($"{Labels.Of(CenterLevel)}调解次数已满，但找不到上一级中心，无法升级，请联系系统管理员。");
        }

        MediationAttempts = attempt;
        Record(actor, now, TimelineKind.Mediated, $"{Labels.Of(CenterLevel)}级{ordinal}调解未成功：{text}");
        if (limit is not { } reached || attempt < reached)
        {
            return false;
        }

        var from = CenterLevel;
        RaiseTo(levelAbove!.Id, levelAbove.Level, levelAbove.Name, $"{Labels.Of(from)}级调解 {reached} 次未果，依规上移", Actor.System, now);
        return true;
    }

    /// <summary>
    /// A repeat petition about the same matter (same person, category and place) joins this case
    /// instead of opening a second one; its parties and text go on the timeline.
    /// </summary>
    public void Merge(CaseIntake intake, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(intake);
        if (!IsOpen)
        {
            throw new DomainException($"案件 {Code} 已{Labels.Of(Status)}，不能再合并来件，请新建案件。");
        }

        var known = _parties.ToList();
        foreach (var party in intake.Parties)
        {
            if (!known.Any(k => k.IsSamePerson(party)))
            {
                known.Add(party);
            }
        }

        _parties = known;
        MergedCount++;
        var description = Guard.Required(intake.Description, "诉求内容", DescriptionMaxLength);
        Record(actor, now, TimelineKind.Merged, $"{Labels.Of(intake.Channel)}｜{string.Join("、", intake.Parties.Select(p => p.Name))}：{description}");
    }

    /// <summary>
    /// 办理结果. Not while a whistle on the case runs: the summoned departments answer in it first
    /// and the center ends it, then the result is submitted.
    /// </summary>
    public void SubmitResult(string result, bool whistleRunning, Actor actor, DateTimeOffset now)
    {
        if (whistleRunning)
        {
            throw new DomainException($"案件 {Code} 的吹哨尚未结束：请各部门在召集中反馈，由中心结束吹哨后再提交办理结果。");
        }

        SubmitResult(result, actor, now);
    }

    public void SubmitResult(string result, Actor actor, DateTimeOffset now)
    {
        var text = Guard.Required(result, "办理结果", 4000);
        Move(CaseAction.SubmitResult, actor, now, text);
        Result = text;
        ResultAt = Guard.Utc(now);
        LastSatisfaction = null;
        FollowedUpAt = null;
    }

    /// <summary>
    /// 回访. A dissatisfied answer starts second supervision (二次督办): the case goes back to
    /// handling with a new deadline.
    /// </summary>
    /// <summary>回访 as the center records it: 不满意 needs a new term of 1–30 working days.</summary>
    public void RecordFollowUp(Satisfaction satisfaction, string? note, int? newWorkingDays, WorkingCalendar calendar, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (!Enum.IsDefined(satisfaction))
        {
            throw new DomainException("请选择群众满意度。");
        }

        DateTimeOffset? due = satisfaction == Satisfaction.Dissatisfied
            ? newWorkingDays is >= 1 and <= MaxSupervisionWorkingDays ? calendar.AddWorkingDays(now, newWorkingDays.Value) : throw new DomainException($"二次督办须给出 1–{MaxSupervisionWorkingDays} 个工作日的新办理期限。")
            : null;
        RecordFollowUp(satisfaction, note, due, actor, now);
    }

    public void RecordFollowUp(Satisfaction satisfaction, string? note, DateTimeOffset? newDueAtIfDissatisfied, Actor actor, DateTimeOffset now)
    {
        if (Status != CaseStatus.FollowUp)
        {
            throw new DomainException($"案件当前为「{Labels.Of(Status)}」，只有待回访的案件才能登记回访。");
        }

        if (satisfaction == Satisfaction.Dissatisfied && (newDueAtIfDissatisfied is null || newDueAtIfDissatisfied <= now))
        {
            throw new DomainException("群众不满意时须启动二次督办，请给出晚于当前时间的新办理期限。");
        }

        LastSatisfaction = satisfaction;
        FollowedUpAt = Guard.Utc(now);
        _followUps.Add(new FollowUp(_followUps.Count + 1, Guard.Utc(now), satisfaction, Guard.Optional(note, "回访记录", 1000), actor.Name));
        Record(actor, now, TimelineKind.FollowedUp, $"{Labels.Of(satisfaction)}" + (string.IsNullOrWhiteSpace(note) ? string.Empty : $"；{note.Trim()}"));
        if (satisfaction == Satisfaction.Dissatisfied)
        {
            Move(CaseAction.SuperviseAgain, actor, now, $"二次督办，新期限 {Labels.Time(newDueAtIfDissatisfied!.Value)}");
            SupervisionCount++;
            DueAt = Guard.Utc(newDueAtIfDissatisfied.Value);
        }
    }

    public void Close(string outcome, Actor actor, DateTimeOffset now)
    {
        if (Status == CaseStatus.FollowUp && LastSatisfaction is null)
        {
            throw new DomainException("结案前须先完成回访。");
        }

        var text = Guard.Required(outcome, "结案情况", 1000);
        Move(CaseAction.Close, actor, now, text);
        Outcome = text;
        ClosedAt = Guard.Utc(now);
        ClosedAtLevel = CenterLevel;
    }

    /// <summary>
    /// What raising means for this case: below the county it moves up to its center's parent
    /// (<paramref name="parent"/>); at the county there is no level above, the director has been
    /// flagged and the case stays. Returns whether it moved.
    /// </summary>
    public bool RaiseToParent(CenterRef? parent, string reason, Actor actor, DateTimeOffset now)
    {
        if (parent is null)
        {
            return false;
        }

        RaiseTo(parent.Id, parent.Level, parent.Name, reason, actor, now);
        return true;
    }

    /// <summary>
    /// 升级: the case moves up to the center one level above (a township whistle left
    /// unanswered, attempts exhausted). Its stage in the loop stays as it is.
    /// </summary>
    public void RaiseTo(Guid centerId, CenterLevel level, string centerName, string reason, Actor actor, DateTimeOffset now)
    {
        if (!IsOpen)
        {
            throw new DomainException($"案件 {Code} 已{Labels.Of(Status)}，不能再升级。");
        }

        if (level <= CenterLevel)
        {
            throw new DomainException($"案件已由{Labels.Of(CenterLevel)}中心承办，只能升级到更高一级。");
        }

        var from = CenterLevel;
        RaisedFromCenterId ??= CenterId;
        CenterId = centerId;
        CenterLevel = level;
        MediationAttempts = 0;
        RaisedAt = Guard.Utc(now);
        Record(actor, now, TimelineKind.Raised, $"由{Labels.Of(from)}升至{centerName}：{reason}");
        Raise(new CaseRaised(Id, Code, centerId, from, level, now));
    }

    /// <summary>Adds a timeline line that is not a status change (a whistle, an urge, a note).</summary>
    public void Record(Actor actor, DateTimeOffset now, TimelineKind kind, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        _timeline.Add(new TimelineEntry(_timeline.Count + 1, Guard.Utc(now), actor.Id, actor.Name, kind, Labels.Of(kind), note));
    }

    /// <summary>The timeline line a status change writes.</summary>
    public static TimelineKind KindOf(CaseAction action) => action switch
    {
        CaseAction.Route => TimelineKind.Routed,
        CaseAction.Assess => TimelineKind.Assessed,
        CaseAction.StartHandling => TimelineKind.HandlingStarted,
        CaseAction.SubmitResult => TimelineKind.ResultSubmitted,
        CaseAction.Close => TimelineKind.Closed,
        CaseAction.Reject => TimelineKind.Rejected,
        CaseAction.SuperviseAgain => TimelineKind.SupervisedAgain,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>The latest line of this kind, if any.</summary>
    public TimelineEntry? LastOf(params ReadOnlySpan<TimelineKind> kinds)
    {
        for (var i = _timeline.Count - 1; i >= 0; i--)
        {
            if (kinds.Contains(_timeline[i].Kind))
            {
                return _timeline[i];
            }
        }

        return null;
    }

    /// <summary>A latitude (limit 90) or longitude (limit 180), if given, must be a real coordinate.</summary>
    /// <summary>
    /// The intake's own fields checked as <see cref="Register"/> will check them, each problem under
    /// its field (title, description, address, externalId, latitude, longitude), so every edge —
    /// the form, the REST API, Open311 — can list them all at once.
    /// </summary>
    public static void CheckIntakeFields(string? title, string? description, string? address, string? externalId, double? latitude, double? longitude, FieldProblems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        problems.Check("title", () => Guard.Required(title, "诉求标题", TitleMaxLength));
        problems.Check("description", () => Guard.Required(description, "诉求内容", DescriptionMaxLength));
        problems.Check("address", () => Guard.Optional(address, "地址", AddressMaxLength));
        problems.Check("externalId", () => Guard.Optional(externalId, "来源系统编号", ExternalIdMaxLength));
        problems.Check("latitude", () => ValidCoordinate(latitude, 90, "纬度"));
        problems.Check("longitude", () => ValidCoordinate(longitude, 180, "经度"));
    }

    public static double? ValidCoordinate(double? value, double limit, string what) =>
        value is { } v && (double.IsNaN(v) || Math.Abs(v) > limit)
            ? throw new DomainException($"{what} {v} 超出范围（-{limit} 至 {limit}）。")
            : value;

    private void Move(CaseAction action, Actor actor, DateTimeOffset now, string? note)
    {
        var from = Status;
        Status = Transitions.Next(from, action);
        Record(actor, now, KindOf(action), note);
        Raise(new CaseStatusChanged(Id, Code, from, Status, AssignedDepartmentId, now));
    }
}
