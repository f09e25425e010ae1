using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dispatch.Tests.Shared;

/// <summary>One message as a fake provider received it.</summary>
public sealed record ReceivedSms(string Provider, string Id, string Phone, string Text, string? Template);

/// <summary>
/// An SMS provider on loopback for the tests: the generic gateway at <c>/send</c> (bearer token
/// checked) and Alibaba Cloud's SendSms at <c>/aliyun/</c>, which checks the RPC signature by the
/// algorithm Alibaba documents (Java's URLEncoder, then + → %20, * → %2A, %7E → ~), written
/// here on its own rather than by calling the app's code. Scripted answers come first, then 200.
/// </summary>
public sealed class FakeSmsGateway : IAsyncDisposable
{
    public const string Token = "gateway-test-token";
    public const string AccessKeyId = "LTAI-test";
    public const string AccessKeySecret = "aliyun-test-secret";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script = new();
    private int _count;

    private FakeSmsGateway(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedSms> Received { get; } = new();

    private readonly ConcurrentQueue<(Func<ReceivedSms, bool> Match, TaskCompletionSource<ReceivedSms> Done)> _waiters = new();

    /// <summary>The first message (received already or arriving later) that matches; fails after <paramref name="timeout"/>.</summary>
    public async Task<ReceivedSms> WaitForAsync(Func<ReceivedSms, bool> match, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<ReceivedSms>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Enqueue((match, done));
        if (Received.FirstOrDefault(match) is { } already)
        {
            done.TrySetResult(already);
        }

        return await done.Task.WaitAsync(timeout);
    }

    private void Arrived(ReceivedSms sms)
    {
        Received.Enqueue(sms);
        foreach (var (match, done) in _waiters)
        {
            if (match(sms))
            {
                done.TrySetResult(sms);
            }
        }
    }

    /// <summary>Every request, accepted or not (retries included).</summary>
    public ConcurrentQueue<string> Attempts { get; } = new();

    public Uri Address { get; private set; } = null!;

    public string SendUrl => new Uri(Address, "/send").ToString();

    public string AliyunUrl => new Uri(Address, "/aliyun/").ToString();

    /// <summary>The next answers, in order (e.g. 503 then 400); after them every request gets 200.</summary>
    public void Answer(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _script.Enqueue(status);
        }
    }

    public static async Task<FakeSmsGateway> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var gateway = new FakeSmsGateway(app);
        app.MapPost("/send", (Delegate)gateway.SendAsync);
        app.MapPost("/aliyun/", (Delegate)gateway.AliyunAsync);
        await app.StartAsync();
        gateway.Address = new Uri(app.Urls.First());
        return gateway;
    }

    private async Task<IResult> SendAsync(HttpContext http)
    {
        using var json = await JsonDocument.ParseAsync(http.Request.Body);
        var id = json.RootElement.GetProperty("id").GetString()!;
        Attempts.Enqueue(id);
        if (http.Request.Headers.Authorization.ToString() != $"Bearer {Token}")
        {
            return Results.Json(new { error = "bad token" }, statusCode: 401);
        }

        if (_script.TryDequeue(out var status) && status != 200)
        {
            return Results.Json(new { error = $"scripted {status}" }, statusCode: status);
        }

        Arrived(new ReceivedSms("Http", id, json.RootElement.GetProperty("phone").GetString()!, json.RootElement.GetProperty("text").GetString()!, null));
        return Results.Json(new { messageId = $"gw-{Interlocked.Increment(ref _count)}" });
    }

    /// <summary>Alibaba's replies keep their PascalCase names (Code, Message, BizId).</summary>
    private static readonly JsonSerializerOptions AsAlibabaWrites = new();

    private async Task<IResult> AliyunAsync(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync();
        var parameters = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        Attempts.Enqueue(parameters.GetValueOrDefault("OutId") ?? "?");
        var expected = AliyunSignatureAsDocumented("POST", parameters.Where(p => p.Key != "Signature"), AccessKeySecret);
        if (parameters.GetValueOrDefault("Signature") != expected || parameters.GetValueOrDefault("AccessKeyId") != AccessKeyId)
        {
            return Results.Json(new { Code = "SignatureDoesNotMatch", Message = "Specified signature is not matched with our calculation." }, AsAlibabaWrites, statusCode: 400);
        }

        if (parameters["Action"] != "SendSms" || parameters["Version"] != "2017-05-25" || parameters["SignatureMethod"] != "HMAC-SHA1" || parameters["SignatureVersion"] != "1.0")
        {
            return Results.Json(new { Code = "InvalidParameter", Message = "unexpected action or version" }, AsAlibabaWrites, statusCode: 400);
        }

        if (_script.TryDequeue(out var status) && status != 200)
        {
            return Results.Json(new { Code = status >= 500 ? "ServiceUnavailable" : "isv.MOBILE_NUMBER_ILLEGAL", Message = $"scripted {status}" }, AsAlibabaWrites, statusCode: status);
        }

        using var param = JsonDocument.Parse(parameters["TemplateParam"]);
        Arrived(new ReceivedSms("Aliyun", parameters["OutId"], parameters["PhoneNumbers"], param.RootElement.GetProperty("content").GetString()!, parameters["TemplateCode"]));
        return Results.Json(new { Code = "OK", Message = "OK", BizId = $"biz-{Interlocked.Increment(ref _count)}", RequestId = Guid.NewGuid().ToString() }, AsAlibabaWrites);
    }

    /// <summary>Alibaba's documented recipe: sort, encode as Java's URLEncoder does and patch it to RFC 3986, sign "POST&amp;%2F&amp;…" with "secret&amp;".</summary>
    private static string AliyunSignatureAsDocumented(string method, IEnumerable<KeyValuePair<string, string>> parameters, string secret)
    {
        static string JavaUrlEncode(string value)
        {
            var builder = new StringBuilder();
            foreach (var b in Encoding.UTF8.GetBytes(value))
            {
                var c = (char)b;
                if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '.' or '-' or '*' or '_')
                {
                    builder.Append(c);
                }
                else if (c == ' ')
                {
                    builder.Append('+');
                }
                else
                {
                    builder.Append('%').Append(((int)b).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            return builder.ToString();
        }

        static string Special(string value) => JavaUrlEncode(value).Replace("+", "%20", StringComparison.Ordinal).Replace("*", "%2A", StringComparison.Ordinal).Replace("%7E", "~", StringComparison.Ordinal);

        var sorted = parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{Special(p.Key)}={Special(p.Value)}");
        var stringToSign = $"{method}&{Special("/")}&{Special(string.Join("&", sorted))}";
#pragma warning disable CA5350 // Alibaba's signature is HMAC-SHA1 by definition.
        using var hmac = new HMACSHA1(Encoding.UTF8.GetBytes(secret + "&"));
#pragma warning restore CA5350
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
