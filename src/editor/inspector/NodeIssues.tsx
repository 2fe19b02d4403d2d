import type { DocIssue } from '../../graph'

/** The node's problems, each with the field it is about (`params.exposure`), relative to the node. */
export function NodeIssues({ issues }: { issues: DocIssue[] }) {
  if (issues.length === 0) return null
  return (
    <section className="inspector__issues" aria-label="Problems">
      <h3>Needs attention</h3>
      <ul>
        {issues.map((issue, i) => (
          <li key={i}>
            {fieldOf(issue.path) && <code>{fieldOf(issue.path)}</code>} {issue.message}
          </li>
        ))}
      </ul>
    </section>
  )
}

/** `nodes[2].params.exposure` → `exposure`; a path about the whole node says nothing extra. */
function fieldOf(path: string): string {
  return path.replace(/^nodes\[\d+\]\.?/, '').replace(/^params\./, '')
}
