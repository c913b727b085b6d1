/** Placeholder. */
export function BaristaView() {
  return <main>barista</main>;
}
