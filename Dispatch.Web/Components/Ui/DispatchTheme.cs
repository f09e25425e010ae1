using MudBlazor;

namespace Dispatch.Web.Components.Ui;

/// <summary>
/// The one theme of the operator pages (console, terminals, cases, reports, administration),
/// defined once. The wall keeps its own dark look in wall.css and does not use it.
/// </summary>
public static class DispatchTheme
{
    /// <summary>The font stack: the CJK faces a Chinese government desktop has, then the Noto faces Linux has.</summary>
    private static readonly string[] Fonts =
        ["\"PingFang SC\"", "\"Microsoft YaHei\"", "\"Noto Sans CJK SC\"", "\"Noto Sans SC\"", "system-ui", "sans-serif"];

    public static MudTheme Operators { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1565c0",
            Secondary = "#455a64",
            Tertiary = "#00897b",
            Info = "#0277bd",
            Success = "#2e7d32",
            Warning = "#e65100",
            Error = "#c62828",
            AppbarBackground = "#0d2b52",
            AppbarText = "#ffffff",
            DrawerBackground = "#ffffff",
            DrawerText = "#263238",
            DrawerIcon = "#455a64",
            Background = "#f3f5f8",
            TextPrimary = "#1f2a37",
            TextSecondary = "#55606e",
            TableLines = "#e3e7ec",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = Fonts, FontSize = "0.9375rem", LineHeight = "1.55" },
            H1 = new H1Typography { FontFamily = Fonts, FontSize = "1.5rem", FontWeight = "600" },
            H2 = new H2Typography { FontFamily = Fonts, FontSize = "1.15rem", FontWeight = "600" },
            H3 = new H3Typography { FontFamily = Fonts, FontSize = "1rem", FontWeight = "600" },
            Button = new ButtonTypography { FontFamily = Fonts, TextTransform = "none", FontWeight = "500" },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px", DrawerWidthLeft = "210px" },
    };
}
