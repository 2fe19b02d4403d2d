/** Shown instead of the editor when storage cannot be opened at all (private mode, a blocked database). */
export function StartupFailure({ message }: { message: string }) {
  return (
    <main className="startup-failure" role="alert">
      <h1>Reelgraph could not open its storage</h1>
      <p>{message}</p>
      <p>Reelgraph keeps pipelines and results in this browser’s storage. Allow site data for this page and reload.</p>
    </main>
  )
}
