using Dispatch.Domain.Common;

namespace Dispatch.Domain.Cases;

/// <summary>A person the case is about or brought by (当事人).</summary>
public sealed record Party
{
    public const int NameMaxLength = 30;

    private Party(string name, string? phone, string? idNumber)
    {
        Name = name;
        Phone = phone;
        IdNumber = idNumber;
    }

    public string Name { get; }

    public string? Phone { get; }

    public string? IdNumber { get; }

    public static Party Create(string name, string? phone = null, string? idNumber = null)
    {
        var cleanPhone = CleanPhone(phone);
        var cleanId = CleanIdNumber(idNumber);
        return new Party(Guard.Required(name, "当事人姓名", NameMaxLength), cleanPhone, cleanId);
    }

    /// <summary>
    /// Everything wrong with a party's details at once (name, phone, ID number), so a form can show
    /// every bad field together; empty when <see cref="Create"/> would succeed.
    /// </summary>
    public static IReadOnlyList<string> Problems(string? name, string? phone, string? idNumber)
    {
        var problems = new FieldProblems();
        Check(name, phone, idNumber, problems, string.Empty);
        return [.. problems.ToDictionary().SelectMany(p => p.Value)];
    }

    /// <summary>The same checks, each problem under its field: <paramref name="prefix"/> + name, phone or idNumber.</summary>
    /// <summary>More people than this go into the description; a form with hundreds of parties is a mistake or an attack.</summary>
    public const int MaxPerCase = 50;

    /// <summary>
    /// The parties of an intake: at least one, at most <see cref="MaxPerCase"/>, each checked under
    /// <c>parties[i].</c>; returns those that are right (all of them when there is no problem).
    /// </summary>
    public static List<Party> ReadAll(IReadOnlyList<(string? Name, string? Phone, string? IdNumber)>? parties, FieldProblems problems, bool required = true)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var read = new List<Party>();
        if (parties is not { Count: > 0 })
        {
            if (required)
            {
                problems.Add("parties", "请至少登记一名当事人。");
            }

            return read;
        }

        if (parties.Count > MaxPerCase)
        {
            problems.Add("parties", $"一件案件最多登记 {MaxPerCase} 名当事人（现为 {parties.Count} 名），人数更多时请在诉求内容中说明。");
            return read;
        }

        for (var i = 0; i < parties.Count; i++)
        {
            var (name, phone, idNumber) = parties[i];
            var own = new FieldProblems();
            Check(name, phone, idNumber, own, $"parties[{i}].");
            foreach (var (field, messages) in own.ToDictionary())
            {
                foreach (var message in messages)
                {
                    problems.Add(field, message);
                }
            }

            if (!own.Any)
            {
                read.Add(Create(name!, phone, idNumber));
            }
        }

        return read;
    }

    public static void Check(string? name, string? phone, string? idNumber, FieldProblems problems, string prefix)
    {
        ArgumentNullException.ThrowIfNull(problems);
        problems.Check(prefix + "name", () => Guard.Required(name, "当事人姓名", NameMaxLength));
        problems.Check(prefix + "phone", () => CleanPhone(phone));
        problems.Check(prefix + "idNumber", () => CleanIdNumber(idNumber));
    }

    private static string? CleanPhone(string? phone)
    {
        var cleanPhone = Guard.Optional(phone, "联系电话", 20);
        return cleanPhone is not null && !IsValidPhone(cleanPhone)
            ? throw new DomainException($"联系电话「{Guard.Quote(phone)}」格式不对：手机号为 11 位数字（1 开头），固话如 0936-8212345。")
            : cleanPhone;
    }

    private static string? CleanIdNumber(string? idNumber)
    {
        var cleanId = Guard.Optional(idNumber, "身份证号", 18)?.ToUpperInvariant();
        return cleanId is not null && !IsValidIdNumber(cleanId)
            ? throw new DomainException($"身份证号「{Guard.Quote(idNumber)}」无效：应为 18 位，且最后一位校验码须正确。")
            : cleanId;
    }

    /// <summary>The last four digits of the phone, used by the public tracking page.</summary>
    public string? PhoneTail => Phone is { Length: >= 4 } p ? p[^4..] : null;

    /// <summary>The same person: same ID number, or same phone, or (neither known) the same name.</summary>
    public bool IsSamePerson(Party other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (IdNumber is not null && other.IdNumber is not null)
        {
            return IdNumber == other.IdNumber;
        }

        if (Phone is not null && other.Phone is not null)
        {
            return Phone == other.Phone;
        }

        return Name == other.Name;
    }

    internal static bool IsValidPhone(string phone)
    {
        if (phone.Length == 11 && phone[0] == '1' && phone.All(char.IsAsciiDigit))
        {
            return true;
        }

        var parts = phone.Split('-');
        return parts.Length == 2
            && parts[0].Length is 3 or 4 && parts[0][0] == '0' && parts[0].All(char.IsAsciiDigit)
            && parts[1].Length is 7 or 8 && parts[1].All(char.IsAsciiDigit);
    }

    /// <summary>GB 11643-1999: 17 digits and a MOD 11-2 check character.</summary>
    internal static bool IsValidIdNumber(string id)
    {
        if (id.Length != 18 || !id[..17].All(char.IsAsciiDigit))
        {
            return false;
        }

        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        const string checks = "10X98765432";
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (id[i] - '0') * weights[i];
        }

        return id[17] == checks[sum % 11];
    }
}
