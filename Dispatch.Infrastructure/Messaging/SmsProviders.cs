using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dispatch.Domain.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dispatch.Infrastructure.Messaging;

/// <summary>The embedded default: each text goes to the log (masked number) and stays on the administrators' page 短信记录.</summary>
public sealed class LogSmsSender(IOptions<SmsOptions> options, ILogger<LogSmsSender> logger) : ISmsSender
{
    public string Name => nameof(SmsProvider.Log);

    public Task<SmsResult> SendAsync(OutgoingText text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        logger.LogInformation("SMS ({Purpose}) to {Phone}: 【{Sign}】{Text}", text.Purpose, MobileNumber.Masked(text.Phone), options.Value.SignName, text.Text);
        return Task.FromResult(SmsResult.Accepted($"log-{text.Id:N}"));
    }
}

/// <summary>Shared by the HTTP providers: one pooled client, and how a reply's status reads.</summary>
public abstract class HttpSmsSenderBase : IDisposable
{
    protected HttpSmsSenderBase(TimeSpan timeout) =>
        Http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = timeout };

    protected HttpClient Http { get; }

    public void Dispose()
    {
        Http.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Sends and reads the body; a network failure or a time-out is "not now", never a refusal.</summary>
    protected async Task<(int Status, string Body)?> ExchangeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.SendAsync(request, cancellationToken);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    protected static string Excerpt(string body) => body.Length <= 200 ? body : body[..200];
}

/// <summary>
/// A generic government SMS gateway: <c>POST Sms:Http:Url</c> with <c>{"id","phone","text"}</c> and
/// <c>Authorization: Bearer Sms:Http:Token</c>; 2xx with <c>{"messageId"}</c> is sent, 4xx a final
/// refusal (the reason kept), anything else tried again. The id lets the gateway drop a repeat.
/// </summary>
public sealed class HttpSmsSender(IOptions<SmsOptions> options) : HttpSmsSenderBase(TimeSpan.FromSeconds(options.Value.Http.TimeoutSeconds)), ISmsSender
{
    public string Name => nameof(SmsProvider.Http);

    public async Task<SmsResult> SendAsync(OutgoingText text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Http.Url)
        {
            Content = JsonContent.Create(new { id = text.Id.ToString("N"), phone = text.Phone, text = $"【{settings.SignName}】{text.Text}" }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", settings.Http.Token);
        if (await ExchangeAsync(request, cancellationToken) is not var (status, body))
        {
            return SmsResult.Unavailable("无法连接短信网关或网关超时");
        }

        if (status is >= 200 and < 300)
        {
            return SmsResult.Accepted(ReadMessageId(body));
        }

        return status is >= 400 and < 500 && status != 429
            ? SmsResult.Refused($"短信网关拒绝（HTTP {status}）：{Excerpt(body)}")
            : SmsResult.Unavailable($"短信网关暂不可用（HTTP {status}）");
    }

    private static string? ReadMessageId(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("messageId", out var id) ? id.ToString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// Alibaba Cloud SMS, <c>SendSms</c> of API version 2017-05-25, signed with the RPC signature
/// (HMAC-SHA1 over the sorted, percent-encoded parameters, as Alibaba's documentation gives it);
/// no SDK. Each purpose has an approved template with one variable, <c>${content}</c>.
/// </summary>
public sealed class AliyunSmsSender(IOptions<SmsOptions> options, TimeProvider clock) : HttpSmsSenderBase(TimeSpan.FromSeconds(options.Value.Http.TimeoutSeconds)), ISmsSender
{
    public string Name => nameof(SmsProvider.Aliyun);

    public async Task<SmsResult> SendAsync(OutgoingText text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var settings = options.Value;
        if (!settings.Aliyun.Templates.TryGetValue(text.Purpose.ToString(), out var template))
        {
            return SmsResult.Refused($"未配置「{Domain.Common.Labels.Of(text.Purpose)}」的阿里云短信模板（Sms:Aliyun:Templates:{text.Purpose}）");
        }

        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["AccessKeyId"] = settings.Aliyun.AccessKeyId ?? string.Empty,
            ["Action"] = "SendSms",
            ["Format"] = "JSON",
            ["OutId"] = text.Id.ToString("N"),
            ["PhoneNumbers"] = text.Phone,
            ["RegionId"] = settings.Aliyun.RegionId,
            ["SignName"] = settings.SignName,
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureNonce"] = Guid.NewGuid().ToString("N"),
            ["SignatureVersion"] = "1.0",
            ["TemplateCode"] = template,
            ["TemplateParam"] = JsonSerializer.Serialize(new { content = text.Text }),
            ["Timestamp"] = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["Version"] = "2017-05-25",
        };
        parameters["Signature"] = AliyunSignature.Sign("POST", parameters, settings.Aliyun.AccessKeySecret ?? string.Empty);
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Aliyun.Endpoint)
        {
            Content = new StringContent(AliyunSignature.Canonical(parameters), Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        if (await ExchangeAsync(request, cancellationToken) is not var (status, body))
        {
            return SmsResult.Unavailable("无法连接阿里云短信服务或请求超时");
        }

        var (code, message, bizId) = Read(body);
        if (status is >= 200 and < 300 && code == "OK")
        {
            return SmsResult.Accepted(bizId);
        }

        // Flow control and server trouble pass; a bad number, sign, template or key does not.
        var transient = status >= 500 || code is "isv.BUSINESS_LIMIT_CONTROL" or "Throttling" or "ServiceUnavailable" or "InternalError";
        var reason = $"阿里云短信{(transient ? "暂不可用" : "拒绝")}：{code ?? $"HTTP {status}"}{(message is null ? string.Empty : $" {message}")}";
        return transient ? SmsResult.Unavailable(reason) : SmsResult.Refused(reason);
    }

    private static (string? Code, string? Message, string? BizId) Read(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            string? Get(string name) => json.RootElement.TryGetProperty(name, out var value) ? value.GetString() : null;
            return (Get("Code"), Get("Message"), Get("BizId"));
        }
        catch (JsonException)
        {
            return (null, Excerpt(body), null);
        }
    }
}

/// <summary>Alibaba Cloud's RPC signature (签名机制, SignatureVersion 1.0).</summary>
public static class AliyunSignature
{
    /// <summary>RFC 3986 percent-encoding of UTF-8, as the signature wants it: only A–Z a–z 0–9 - _ . ~ stay, a space is %20.</summary>
    public static string PercentEncode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>The parameters sorted by name and joined as name=value&amp;…, each part percent-encoded.</summary>
    public static string Canonical(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{PercentEncode(p.Key)}={PercentEncode(p.Value)}"));

    /// <summary>Base64 of HMAC-SHA1 with key "secret&amp;" over "METHOD&amp;%2F&amp;" + the encoded canonical query (the Signature parameter itself left out).</summary>
    public static string Sign(string method, IEnumerable<KeyValuePair<string, string>> parameters, string accessKeySecret)
    {
        ArgumentNullException.ThrowIfNull(accessKeySecret);
        var stringToSign = $"{method}&{PercentEncode("/")}&{PercentEncode(Canonical(parameters.Where(p => p.Key != "Signature")))}";
#pragma warning disable CA5350 // Alibaba's SignatureVersion 1.0 is defined as HMAC-SHA1; the provider accepts nothing else.
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(accessKeySecret + "&"), Encoding.UTF8.GetBytes(stringToSign)));
#pragma warning restore CA5350
    }
}
