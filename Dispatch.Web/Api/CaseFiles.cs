using Dispatch.Infrastructure.Cases;
using Dispatch.Infrastructure.Queries;
using Dispatch.Infrastructure.Security;
using Dispatch.Web.Security;

namespace Dispatch.Web.Api;

/// <summary>Downloads of a case's attachments, for the staff of the centers the case is within reach of.</summary>
public static class CaseFiles
{
    public static IEndpointRouteBuilder MapCaseFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/cases/{caseId:guid}/files/{fileId:guid}", async (Guid caseId, Guid fileId, HttpContext http, CaseIntakeCommands commands, DispatchQueries queries, CenterScopes scopes, CancellationToken cancellationToken) =>
                await queries.CaseAsync(caseId, cancellationToken) is { } @case
                && UserScope.Reaches(await UserScope.OfAsync(http.User, scopes, cancellationToken), @case.CenterId)
                && await commands.AttachmentAsync(caseId, fileId, cancellationToken) is { } file
                    ? Results.File(file.Content, file.ContentType, file.FileName)
                    : Results.NotFound())
            .RequireAuthorization(Policies.Cases)
            .ExcludeFromDescription();
        return app;
    }
}
