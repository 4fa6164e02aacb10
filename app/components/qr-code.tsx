import type { QrCode } from "../lib/two-factor/qr-code";

/** A QR code from app/lib/two-factor/qr-code.ts, dark on white whatever the page's colours. */
export function QrCodeImage({ code, label }: { code: QrCode; label: string }) {
  return (
    <svg
      className="qr-code"
      viewBox={`0 0 ${code.size} ${code.size}`}
      width={code.size * 5}
      height={code.size * 5}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
    >
      <rect width={code.size} height={code.size} fill="#fff" />
      <path d={code.path} fill="#000" />
    </svg>
  );
}
