/**
 * Until when a scanned QR code can start an order, read from the code itself: the API issues
 * `<rotationSeconds>-<period>.<secret>` (packages/data, qr-token-repository.ts), valid until the
 * period ends plus a minute's grace. Undefined for a code of another shape (then ask the API).
 */
const PATTERN = /^(\d{1,6})-(\d{1,12})\.[A-Za-z0-9_-]+$/;
const GRACE_MS = 60_000;

export function qrCodeValidUntil(qrToken: string): number | undefined {
  const match = PATTERN.exec(qrToken);
  if (!match) return undefined;
  const rotationMs = Number(match[1]) * 1000;
  return (Number(match[2]) + 1) * rotationMs + GRACE_MS;
}

/** Whether the code may still start an order at `nowMs` (unknown shapes: yes, the API decides). */
export function qrCodeStillValid(qrToken: string, nowMs: number): boolean {
  const until = qrCodeValidUntil(qrToken);
  return until === undefined || nowMs < until;
}
