using QRCoder;

namespace Dispatch.Web;

/// <summary>QR codes for receipts, as inline SVG (sharp at any print size, no image request).</summary>
public static class QrCodes
{
    public static string Svg(string content)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(new System.Drawing.Size(160, 160), "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
