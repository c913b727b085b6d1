/** Placeholder. */
export function DisplayView() {
  return <main>display</main>;
}
