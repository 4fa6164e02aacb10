const HEX_COLOR = /^#[0-9a-f]{6}$/i;
const DEFAULT_ACCENT = "#1d4ed8";

/** The accent colour goes into a style rule: anything but a plain hex colour is replaced. */
export function safeAccentColor(value: string | null | undefined): string {
  return value && HEX_COLOR.test(value) ? value.toLowerCase() : DEFAULT_ACCENT;
}
