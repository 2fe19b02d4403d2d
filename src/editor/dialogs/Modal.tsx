import { useEffect, useRef, type ReactNode } from 'react'

/** A modal dialog on the native <dialog>: focus is trapped, Escape closes it. */
export function Modal({ title, onClose, children }: { title: string; onClose(): void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => dialog?.close()
  }, [])
  return (
    <dialog
      ref={ref}
      className="modal"
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
