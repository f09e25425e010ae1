using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dispatch.Domain.Common;
using Dispatch.Infrastructure.Messaging;
using Dispatch.Infrastructure.Whistles;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace Dispatch.Web.Messaging;

/// <summary>
/// What the SMS gateway calls back (delivery receipts and replies, each signed with
/// <c>Sms:Http:Secret</c>: <c>X-Signature</c> = hex HMAC-SHA256 of the raw body) and the phone
/// link's form posts (报到, 到场, 反馈, 退回), which act on the link's summons only.
/// </summary>
public static class SmsEndpoints
{
    public const int MaxBody = 16 * 1024;

    public static void MapSmsEndpoints(this WebApplication app)
    {
        var sms = app.MapGroup("/sms").DisableAntiforgery().AllowAnonymous().ExcludeFromDescription();
        sms.MapPost("/receipts", async (HttpContext http, TextInbox inbox, IOptions<SmsOptions> options, CancellationToken cancellationToken) =>
        {
            if (await SignedBodyAsync(http, options.Value, cancellationToken) is not { } body)
            {
                return Refused(http);
            }

            var status = Read(body, "status");
            if (Read(body, "messageId") is not { Length: > 0 } messageId || status is not ("delivered" or "failed"))
            {
                return Results.Problem(title: "回执格式不对", detail: "须为 {\"messageId\": \"…\", \"status\": \"delivered\" 或 \"failed\", \"reason\": \"…\"}。", statusCode: 400);
            }

            var changed = await inbox.ReceiptAsync(messageId, status == "delivered", Read(body, "reason"), cancellationToken);
            return changed is false
                ? Results.Problem(title: "没有这条短信", detail: $"找不到编号为 {messageId} 的短信。", statusCode: 404)
                : Results.Ok(new { updated = changed is true });
        });

        sms.MapPost("/inbound", async (HttpContext http, TextInbox inbox, IOptions<SmsOptions> options, CancellationToken cancellationToken) =>
        {
            if (await SignedBodyAsync(http, options.Value, cancellationToken) is not { } body)
            {
                return Refused(http);
            }

            if (Read(body, "from") is not { Length: > 0 } from)
            {
                return Results.Problem(title: "回复格式不对", detail: "须为 {\"from\": \"手机号\", \"text\": \"回复内容\"}。", statusCode: 400);
            }

            try
            {
                var result = await inbox.ReplyAsync(from, Read(body, "text") ?? string.Empty, cancellationToken);
                return Results.Ok(new { outcome = JsonNamingPolicy.CamelCase.ConvertName(result.Outcome.ToString()), reply = result.Answer, caseCode = result.CaseCode });
            }
            catch (Exception ex) when (ex is DomainException or AccessDeniedException)
            {
                return Results.Ok(new { outcome = "refused", reply = ex.Message, caseCode = (string?)null });
            }
        });

        // The phone page's buttons. The token in the path is the only authority: it names one
        // summons and one person, and only while that summons is open.
        app.MapPost("/m/{token}/act", async (string token, HttpContext http, IAntiforgery antiforgery, TextInbox inbox, WhistleCommands whistles, CancellationToken cancellationToken) =>
        {
            var page = $"/m/{Uri.EscapeDataString(token)}";
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.Redirect($"{page}?error=expired");
            }

            var form = await http.Request.ReadFormAsync(cancellationToken);
            if (await inbox.ResolveAsync(token, cancellationToken) is not { } view)
            {
                return Results.Redirect(page);
            }

            var action = form["action"].ToString();
            var note = form["note"].ToString();
            try
            {
                await inbox.ActAsync(view, action switch
                {
                    "acknowledge" => (user, summons) => whistles.AcknowledgeAsync(user, summons, cancellationToken),
                    "onsite" => (user, summons) => whistles.MarkOnSiteAsync(user, summons, cancellationToken),
                    "report" => (user, summons) => whistles.ReportAsync(user, summons, note, cancellationToken),
                    "decline" => (user, summons) => whistles.DeclineAsync(user, summons, note, cancellationToken),
                    _ => throw new DomainException("请选择要办理的操作。"),
                }, cancellationToken);
            }
            catch (Exception ex) when (ex is DomainException or AccessDeniedException)
            {
                return Results.Redirect($"{page}?{QueryString.Create(new Dictionary<string, string?> { ["error"] = ex.Message, ["note"] = note.Length > 500 ? note[..500] : note }).Value![1..]}");
            }

            return Results.Redirect($"{page}?done={Uri.EscapeDataString(action)}");
        }).DisableAntiforgery().AllowAnonymous();
    }

    /// <summary>The body when its signature is right; null when the secret is not set, the signature is missing or wrong, or the body too large.</summary>
    private static async Task<string?> SignedBodyAsync(HttpContext http, SmsOptions options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.Http.Secret) || http.Request.ContentLength > MaxBody)
        {
            return null;
        }

        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var buffer = new char[MaxBody + 1];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        if (read > MaxBody)
        {
            return null;
        }

        var body = new string(buffer, 0, read);
        var expected = Signature(options.Http.Secret, body);
        var given = http.Request.Headers["X-Signature"].ToString().Trim().ToLowerInvariant();
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given)) ? body : null;
    }

    /// <summary>Hex HMAC-SHA256 of the body with the shared secret, as the gateway signs its calls.</summary>
    public static string Signature(string secret, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    private static IResult Refused(HttpContext http)
    {
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SmsEndpoints))
            .LogWarning("An SMS callback to {Path} was refused: signature missing or wrong, no secret set, or body too large", http.Request.Path);
        return Results.Problem(title: "签名无效", detail: "X-Signature 须为请求体以 Sms:Http:Secret 计算的 HMAC-SHA256（十六进制）。", statusCode: 401);
    }

    private static string? Read(string body, string name)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
