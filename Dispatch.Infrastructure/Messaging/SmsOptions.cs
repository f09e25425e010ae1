using System.ComponentModel.DataAnnotations;

namespace Dispatch.Infrastructure.Messaging;

public enum SmsProvider
{
    /// <summary>Writes each text to the log and keeps it for the administrators' page (the embedded default).</summary>
    Log,

    /// <summary>A generic government SMS gateway: POST JSON {id, phone, text} with a bearer token.</summary>
    Http,

    /// <summary>Alibaba Cloud SMS (dysmsapi SendSms), signed as its RPC API specifies.</summary>
    Aliyun,
}

/// <summary>The <c>Sms</c> section: which provider, the links in the texts, the per-phone limit.</summary>
public sealed class SmsOptions
{
    public const string SectionName = "Sms";

    public SmsProvider Provider { get; set; } = SmsProvider.Log;

    /// <summary>Whether texts are planned at all (off: nothing is texted, the terminals still ring).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The signature (签名) in front of every text, 【甘州综治】.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Sms:SignName 不能为空，例如 甘州综治。")]
    [StringLength(12, ErrorMessage = "Sms:SignName 最多 12 个字。")]
    public string SignName { get; set; } = "甘州综治";

    /// <summary>Where phones reach the app, for the links in the texts (https://dispatch.example.gov.cn).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Sms:PublicBaseUrl 不能为空：短信中的链接以它开头。")]
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>At most this many texts to one phone in <see cref="PerPhoneWindow"/>; more wait their turn.</summary>
    [Range(1, 100, ErrorMessage = "Sms:PerPhoneLimit 应为 1–100。")]
    public int PerPhoneLimit { get; set; } = 6;

    public TimeSpan PerPhoneWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Delivery attempts before a text counts as failed (a provider that keeps answering 5xx).</summary>
    [Range(1, 20, ErrorMessage = "Sms:MaxAttempts 应为 1–20。")]
    public int MaxAttempts { get; set; } = 6;

    public HttpSmsOptions Http { get; set; } = new();

    public AliyunSmsOptions Aliyun { get; set; } = new();
}

public sealed class HttpSmsOptions
{
    /// <summary>The gateway's send address; texts are POSTed there as JSON.</summary>
    public string? Url { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer …</c>.</summary>
    public string? Token { get; set; }

    /// <summary>Signs receipts and replies (<c>X-Signature</c>: hex HMAC-SHA256 of the body).</summary>
    public string? Secret { get; set; }

    [Range(1, 120, ErrorMessage = "Sms:Http:TimeoutSeconds 应为 1–120。")]
    public int TimeoutSeconds { get; set; } = 10;
}

public sealed class AliyunSmsOptions
{
    public string Endpoint { get; set; } = "https://dysmsapi.aliyuncs.com/";

    public string RegionId { get; set; } = "cn-hangzhou";

    public string? AccessKeyId { get; set; }

    public string? AccessKeySecret { get; set; }

    /// <summary>
    /// The approved template (模板 CODE) per purpose: Summons, Reminder, Urge, NobodyPresent,
    /// Bulletin, Reply. Each template has one variable, <c>${content}</c>, the text's body.
    /// </summary>
    public Dictionary<string, string> Templates { get; set; } = [];
}
