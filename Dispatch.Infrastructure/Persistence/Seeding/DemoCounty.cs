using Dispatch.Domain.Cases;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Whistles;

namespace Dispatch.Infrastructure.Persistence.Seeding;

/// <summary>
/// The demo county, modelled on the seed reports (甘州区, Zhangye): a county center, six township
/// centers, twenty village and community centers, and the departments the reports name.
/// </summary>
internal static class DemoCounty
{
    public const string CountyCode = "GZ";
    public const string CountyName = "甘州区综治中心";

    /// <summary>Password of every demo account; shown in the README and on the sign-in page.</summary>
    public const string DemoPassword = "Dispatch@2026";

    /// <summary>A stricter preset for hot cases: urge at half time, escalate at the deadline.</summary>
    public static readonly EscalationPolicy StrictPolicy = new("从严预警", [
        EscalationStep.AtPercent(DeadlineKind.Acknowledge, 50, EscalationAction.UrgeDepartmentHead),
        EscalationStep.AtPercent(DeadlineKind.Acknowledge, 100, EscalationAction.FlagDirector),
        EscalationStep.AtPercent(DeadlineKind.Acknowledge, 100, EscalationAction.EscalateToLevelAbove),
        EscalationStep.AtPercent(DeadlineKind.OnSite, 100, EscalationAction.FlagDirector),
        EscalationStep.AtPercent(DeadlineKind.Result, 100, EscalationAction.FlagDirector),
    ]) { WhenNobodyPresent = EscalationAction.EscalateToLevelAbove };

    public static readonly (string Code, string Name, (string Code, string Name)[] Villages)[] Townships =
    [
        ("DJ", "东街街道", [("NG", "南关社区"), ("DHL", "东环路社区"), ("QNJ", "青年街社区")]),
        ("XJ", "西街街道", [("BHL", "北环路社区"), ("XG", "西关社区"), ("XFJ", "县府街社区")]),
        ("LJD", "梁家墩镇", [("LJDC", "梁家墩村"), ("QLS", "清凉寺村"), ("TP", "太平村")]),
        ("DM", "大满镇", [("XX", "新新村"), ("DMC", "大满村"), ("CXZ", "城西闸村"), ("ZJZ", "朱家庄村")]),
        ("DZ", "党寨镇", [("DZC", "党寨村"), ("SH", "十号村"), ("CJD", "陈家墩村")]),
        ("SJ", "沙井镇", [("SJC", "沙井村"), ("BM", "坝庙村"), ("XZ", "小闸村"), ("LJB", "梁家堡村")]),
    ];

    /// <summary>The 站所 every township center can summon (派出所 and the rest): login suffix, name.</summary>
    public static readonly (string Code, string Name)[] Offices =
    [
        ("pcs", "派出所"), ("sfs", "司法所"), ("zrzys", "自然资源所"), ("scjgs", "市场监管所"), ("zhzfd", "综合执法队"), ("gds", "供电所"),
    ];

    /// <summary>The 站所 a township whistle summons for a category (by the end of their short name).</summary>
    public static string[] OfficesFor(CaseCategory category) => category switch
    {
        CaseCategory.Neighbourhood or CaseCategory.TrafficAccident => ["派出所", "司法所"],
        CaseCategory.Land or CaseCategory.LandAcquisition => ["自然资源所", "司法所"],
        CaseCategory.Consumer or CaseCategory.PropertyManagement => ["市场监管所", "综合执法队"],
        CaseCategory.Heating => ["综合执法队", "供电所"],
        _ => ["司法所", "派出所"],
    };

    /// <summary>What a mediator writes when an attempt fails.</summary>
    public static readonly string[] FailedMediationNotes =
    [
        "双方分歧较大，未能达成一致，约定再次调解。",
        "一方当事人未到场，调解未能进行。",
        "赔偿数额差距较大，当事人不接受调解方案。",
        "涉及权属认定，需相关部门出具意见后再调。",
    ];

    /// <summary>The townships whose whistle policy does not reach the county's departments (they raise such cases instead).</summary>
    public static readonly string[] TownshipsSummoningOnlyOwnOffices = ["LJD"];

    /// <summary>Villages with a mediator and a grid worker of their own (the first two of each township).</summary>
    public const int StaffedVillagesPerTownship = 2;

    /// <summary>Where each township's cases cluster (WGS-84 longitude, latitude), inside the bounds of wall-config/maps/ganzhou-townships.json.</summary>
    public static readonly IReadOnlyDictionary<string, (double Longitude, double Latitude)> TownshipCentres = new Dictionary<string, (double, double)>(StringComparer.Ordinal)
    {
        ["DJ"] = (100.489, 38.981),
        ["XJ"] = (100.414, 38.981),
        ["LJD"] = (100.546, 39.042),
        ["DM"] = (100.372, 38.885),
        ["DZ"] = (100.600, 38.913),
        ["SJ"] = (100.291, 39.021),
    };

    /// <summary>Departments: login prefix, full name, short name, head.</summary>
    public static readonly (string Login, string Name, string ShortName, string Head)[] Departments =
    [
        ("zjj", "甘州区住房和城乡建设局", "住建局", "刘志刚"),
        ("rsj", "甘州区人力资源和社会保障局", "人社局", "陈丽华"),
        ("wjj", "甘州区卫生健康局", "卫健局", "马文斌"),
        ("zrzyj", "甘州区自然资源局", "自然资源局", "赵永平"),
        ("scjgj", "甘州区市场监督管理局", "市场监管局", "孙海燕"),
        ("mzj", "甘州区民政局", "民政局", "周建军"),
        ("gafj", "张掖市公安局甘州分局", "公安分局", "吴国庆"),
        ("sfj", "甘州区司法局", "司法局", "郑晓梅"),
        ("xfj", "甘州区信访局", "信访局", "王立新"),
        ("fy", "甘州区人民法院", "法院", "冯德明"),
        ("jcy", "甘州区人民检察院", "检察院", "韩秀英"),
        ("rlgs", "甘州区热力公司", "热力公司", "杨国栋"),
        ("jyj", "甘州区教育局", "教育局", "许文静"),
        ("jtj", "甘州区交通运输局", "交通运输局", "何建华"),
    ];

    public static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"];

    public static readonly (CaseCategory Category, int Weight, string[] Departments, string[] Titles)[] Categories =
    [
        (CaseCategory.Heating, 24, ["热力公司", "住建局"], ["小区暖气不热", "供热管网漏水停暖", "供暖费收取争议", "新楼盘未通暖"]),
        (CaseCategory.PropertyManagement, 18, ["住建局", "市场监管局"], ["物业服务不到位", "小区电梯长期停运", "物业费上涨纠纷", "楼顶漏水无人维修"]),
        (CaseCategory.WageArrears, 15, ["人社局", "住建局"], ["农民工工资拖欠", "工程款拖欠致欠薪", "用人单位克扣工资"]),
        (CaseCategory.Neighbourhood, 10, ["司法局", "公安分局"], ["邻里通道纠纷", "宅基地界址争议", "噪音扰民纠纷"]),
        (CaseCategory.MarriageFamily, 8, ["民政局", "司法局", "法院"], ["赡养老人纠纷", "离婚财产分割纠纷", "子女抚养费纠纷"]),
        (CaseCategory.Land, 7, ["自然资源局"], ["土地承包经营权纠纷", "土地租赁合同纠纷", "耕地流转租金争议"]),
        (CaseCategory.LandAcquisition, 5, ["自然资源局", "住建局"], ["征地补偿款分配争议", "房屋拆迁安置纠纷"]),
        (CaseCategory.Consumer, 5, ["市场监管局"], ["预付卡退费纠纷", "商品质量投诉", "装修合同纠纷"]),
        (CaseCategory.TrafficAccident, 4, ["公安分局", "司法局"], ["交通事故赔偿纠纷"]),
        (CaseCategory.Medical, 4, ["卫健局", "司法局"], ["医疗费用争议", "医疗损害赔偿纠纷"]),
    ];

    public static readonly (Channel Channel, int Weight)[] Channels =
    [
        (Channel.WalkIn, 30), (Channel.Hotline12345, 30), (Channel.OnlinePetition, 14), (Channel.GridReport, 10),
        (Channel.Letter, 5), (Channel.PoliceReferral, 5), (Channel.VideoPetition, 3), (Channel.PreLitigation, 3),
    ];
}
