import './modal.css'
import { useLayoutEffect, useRef, type ReactNode } from 'react'

/**
 * A modal dialog on the native <dialog>: focus is trapped, Escape closes it. It opens before the
 * content's effects run, so they may move the focus into it.
 */
export function Modal({ title, onClose, className, children }: { title: string; onClose(): void; className?: string; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null)
  useLayoutEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => dialog?.close()
  }, [])
  return (
    <dialog
      ref={ref}
      className={className ? `modal ${className}` : 'modal'}
      aria-label={title}
      onCancel={(event) => {
        event.preventDefault()
        onClose()
      }}
    >
      <header className="modal__header">
        <h2>{title}</h2>
        <button type="button" className="button--quiet" onClick={onClose}>
          Close
        </button>
      </header>
      <div className="modal__body">{children}</div>
    </dialog>
  )
}
