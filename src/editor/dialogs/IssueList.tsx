import type { DocIssue } from '../../graph'

/** Problems, each with the place it is about. Everything here is text from outside: shown, never run. */
export function IssueList({ issues }: { issues: readonly DocIssue[] }) {
  return (
    <ul>
      {issues.map((issue, i) => (
        <li key={i}>
          <code>{issue.path}</code>: {issue.message}
        </li>
      ))}
    </ul>
  )
}
