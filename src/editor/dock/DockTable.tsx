import type { ReactNode, Ref } from 'react'
import './dock-table.css'

/**
 * The table shell the dock's panels (Log, Run history) and the storage manager share: a header row
 * naming the columns, kept in view as the rows scroll. The rows (`<tbody>`, a `<tfoot>`) are the
 * caller's: each table says its own things in them.
 */
export function DockTable({
  columns,
  label,
  className,
  ref,
  children,
}: {
  columns: readonly string[]
  label?: string
  className?: string
  ref?: Ref<HTMLTableElement>
  children: ReactNode
}) {
  return (
    <table ref={ref} className={className === undefined ? 'dock-table' : `dock-table ${className}`} aria-label={label}>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      {children}
    </table>
  )
}
