/** Placeholder. */
export function OrderView({ qrToken }: { qrToken: string }) {
  return <main>{qrToken}</main>;
}
