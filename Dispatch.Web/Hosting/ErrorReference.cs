using System.Security.Cryptography;
using Microsoft.AspNetCore.Diagnostics;

namespace Dispatch.Web.Hosting;

/// <summary>
/// An unhandled error gets a short reference number that the person sees and the log line
/// carries, so a clerk can read it out over the phone and an administrator finds the stack trace.
/// API callers get problem details with the number; people get the Chinese error page.
/// </summary>
public sealed class ErrorReference(ILogger<ErrorReference> logger) : IExceptionHandler
{
    public const string ItemKey = "Dispatch.ErrorReference";

    /// <summary>"E-" and eight characters a person can read out without confusing 0/O or 1/I.</summary>
    public static string NewReference()
    {
        const string alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        Span<char> text = stackalloc char[8];
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }

        return "E-" + new string(text);
    }

    public static string? Of(HttpContext? context) => context?.Items[ItemKey] as string;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);

        // The middleware has already pointed the request at /error; the caller asked for this.
        var path = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path.Value ?? string.Empty;
        if (IsClientFault(exception))
        {
            // A malformed request (a form that cannot be decoded, a body cut short) is the caller's
            // mistake, not a fault of ours: a 400 with a message, a warning without a stack trace.
            logger.LogWarning("Malformed request refused on {Method} {Path}: {Reason}", httpContext.Request.Method, path, exception.GetBaseException().Message);
            httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            await Results.Problem(
                title: "请求无法读取",
                detail: "提交的内容含有无法识别的字符或格式不完整，数据未被修改。请检查后重新提交。",
                statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(httpContext);
            return true;
        }

        var reference = NewReference();
        httpContext.Items[ItemKey] = reference;
        logger.LogError(exception, "Unhandled error {Reference} on {Method} {Path}", reference, httpContext.Request.Method, path);
        if (!IsMachineCaller(path))
        {
            // The middleware goes on to render /error, which shows the same number.
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        await Results.Problem(
            title: "服务器内部错误",
            detail: $"请求没有完成，数据未被修改。请稍后重试；如问题持续，请把参考编号 {reference} 告知系统管理员。",
            statusCode: StatusCodes.Status500InternalServerError,
            extensions: new Dictionary<string, object?> { ["reference"] = reference }).ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>Exceptions that mean the request itself was malformed.</summary>
    public static bool IsClientFault(Exception exception) =>
        exception is BadHttpRequestException or Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException or InvalidDataException
        || exception.InnerException is InvalidDataException;

    private static bool IsMachineCaller(string path) =>
        path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/open311/", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/hubs/", StringComparison.OrdinalIgnoreCase);
}
