/** Placeholder. */
export function AdminView() {
  return <main>admin</main>;
}
