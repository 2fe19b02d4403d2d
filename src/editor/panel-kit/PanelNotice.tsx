import './panel-notice.css'
import type { ReactNode } from 'react'

/** A warning on a node's panel that is not a failure (the node still runs), e.g. a reference no shot takes. */
export function PanelNotice({ children }: { children: ReactNode }) {
  return (
    <p className="panel-notice" role="status">
      {children}
    </p>
  )
}
