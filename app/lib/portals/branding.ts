// A portal's accent colour: what may be stored (a plain hex colour readable on white) and what may
// be rendered (anything else falls back to the default, since it goes into a style rule).
const HEX_COLOR = /^#[0-9a-f]{6}$/i;
const DEFAULT_ACCENT = "#1d4ed8";

/** WCAG 2.2 AA for normal text: links and buttons in the accent colour sit on white. */
export const MIN_ACCENT_CONTRAST = 4.5;

/** The accent colour goes into a style rule: anything but a plain hex colour is replaced. */
export function safeAccentColor(value: string | null | undefined): string {
  return value && HEX_COLOR.test(value) ? value.toLowerCase() : DEFAULT_ACCENT;
}

export function isHexColor(value: string): boolean {
  return HEX_COLOR.test(value);
}

/** WCAG relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The contrast ratio of a `#rrggbb` colour against white (1 to 21). */
export function contrastOnWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}

/** Whether a colour may be a portal's accent: a `#rrggbb` hex colour with enough contrast on white. */
export function accentProblem(
  value: string,
): "branding.accent.format" | "branding.accent.contrast" | null {
  if (!HEX_COLOR.test(value)) return "branding.accent.format";
  return contrastOnWhite(value) < MIN_ACCENT_CONTRAST ? "branding.accent.contrast" : null;
}
