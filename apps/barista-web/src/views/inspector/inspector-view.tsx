/** Placeholder. */
export function InspectorView({ orderId }: { orderId: string }) {
  return <main>{orderId}</main>;
}
