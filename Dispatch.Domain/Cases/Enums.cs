namespace Dispatch.Domain.Cases;

/// <summary>Where a case came in.</summary>
public enum Channel
{
    WalkIn = 1,
    Letter = 2,
    Hotline12345 = 3,
    OnlinePetition = 4,
    VideoPetition = 5,
    GridReport = 6,
    PoliceReferral = 7,
    PreLitigation = 8,
}

/// <summary>What a case is about; drives risk analysis.</summary>
public enum CaseCategory
{
    PropertyManagement = 1,
    Heating = 2,
    WageArrears = 3,
    Land = 4,
    MarriageFamily = 5,
    Neighbourhood = 6,
    Medical = 7,
    TrafficAccident = 8,
    LandAcquisition = 9,
    Consumer = 10,
    Other = 99,
}

public enum RiskLevel
{
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}

/// <summary>The closed loop 受理 → 分流 → 研判 → 处置 → 回访 → 结案, plus 不予受理.</summary>
public enum CaseStatus
{
    Accepted = 1,
    Routed = 2,
    Assessed = 3,
    Handling = 4,
    FollowUp = 5,
    Closed = 6,
    Rejected = 7,
}

/// <summary>What a user does to a case; the transition table maps (status, action) to the next status.</summary>
public enum CaseAction
{
    Route = 1,
    Assess = 2,
    StartHandling = 3,
    SubmitResult = 4,
    Close = 5,
    Reject = 6,
    SuperviseAgain = 7,
}

public enum Satisfaction
{
    Satisfied = 1,
    BasicallySatisfied = 2,
    Dissatisfied = 3,
}
