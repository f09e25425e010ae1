using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Mail;
using Dispatch.Domain.Reports;
using Microsoft.Extensions.Options;

namespace Dispatch.Infrastructure.Reports;

/// <summary>The bulletin settings: when it is composed, and where it is mailed.</summary>
public sealed class BulletinOptions
{
    public const string SectionName = "Bulletin";

    /// <summary>Composed on working days at this China time (HH:mm), default 17:00.</summary>
    [RegularExpression(@"^([01]\d|2[0-3]):[0-5]\d$", ErrorMessage = "Bulletin:At 须为 HH:mm，例如 17:00。")]
    public string At { get; set; } = "17:00";

    public bool Enabled { get; set; } = true;

    public SmtpOptions Smtp { get; set; } = new();

    public TimeOnly Time => TimeOnly.ParseExact(At, "HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Mail delivery; off unless <see cref="Host"/> and at least one recipient are set.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    public bool EnableSsl { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "dispatch@localhost";

    /// <summary>The department heads and leaders who receive the bulletin.</summary>
    public List<string> To { get; set; } = [];

    public bool Configured => !string.IsNullOrWhiteSpace(Host) && To.Count > 0;
}

/// <summary>Mails the bulletin's text to the configured recipients.</summary>
public sealed class SmtpBulletinSender(IOptions<BulletinOptions> options) : IBulletinSender
{
    public string Name => "邮件";

    public async Task SendAsync(Bulletin bulletin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bulletin);
        var smtp = options.Value.Smtp;
        using var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableSsl, DeliveryMethod = SmtpDeliveryMethod.Network };
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        }

        using var message = new MailMessage
        {
            From = new MailAddress(smtp.From),
            Subject = bulletin.Title,
            Body = bulletin.Text,
            SubjectEncoding = System.Text.Encoding.UTF8,
            BodyEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var to in smtp.To)
        {
            message.To.Add(to);
        }

        await client.SendMailAsync(message, cancellationToken);
    }
}
