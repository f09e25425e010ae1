using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Queries;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Terminal;

/// <summary>One summons on a department terminal: what it is for, where, whom to call, the deadlines and the one next action.</summary>
public partial class SummonsCard
{
    private ComposeMode? _mode;
    private string _text = string.Empty;

    [Parameter, EditorRequired]
    public WhistleRow Whistle { get; set; } = default!;

    [Parameter, EditorRequired]
    public SummonsRow Summons { get; set; } = default!;

    /// <summary>The summons' brief (message, place, contacts, other departments); null while it loads.</summary>
    [Parameter]
    public SummonsBrief? Brief { get; set; }

    [Parameter, EditorRequired]
    public DateTimeOffset Now { get; set; }

    [Parameter]
    public bool Busy { get; set; }

    [Parameter]
    public EventCallback<Guid> Acknowledge { get; set; }

    [Parameter]
    public EventCallback<Guid> MarkOnSite { get; set; }

    /// <summary>Sends the result (反馈); returns whether the server took it, so the text stays on a refusal.</summary>
    [Parameter]
    public Func<Guid, string, Task<bool>>? Report { get; set; }

    /// <summary>Declines (退回) with a reason; returns whether the server took it.</summary>
    [Parameter]
    public Func<Guid, string, Task<bool>>? Decline { get; set; }

    private Urgency Urgency => Summons.UrgencyAt(Now);

    private string UrgencyCss => Urgency switch
    {
        Urgency.Escalated => "escalated overdue",
        Urgency.Overdue => "overdue",
        Urgency.Declined => "declined",
        Urgency.Waiting => "pending",
        _ => string.Empty,
    };

    private string Place
    {
        get
        {
            var parts = new[] { Brief?.Township, Brief?.Village }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => Format.Place(p)).ToList();

            // The address often repeats the township and village it lies in; show it only when it adds something.
            if (Brief?.Address is { Length: > 0 } address && address != string.Concat(parts))
            {
                parts.Add(address);
            }

            return parts.Count == 0 ? "未登记" : string.Join(" · ", parts);
        }
    }

    private void Compose(ComposeMode mode) => (_mode, _text) = (mode, string.Empty);

    private async Task SubmitAsync()
    {
        var send = _mode == ComposeMode.Report ? Report : Decline;
        if (send is not null && await send(Summons.Id, _text))
        {
            _mode = null;
        }
    }

    private enum ComposeMode
    {
        Report,
        Decline,
    }
}
