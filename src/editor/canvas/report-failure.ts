import type { EditorContextValue } from '../state/context'
import { StorageFullError } from '../../storage'

/**
 * Shows a failed canvas action where the person is looking: a full disk in the banner (it says
 * what to free), anything else in the notice by the canvas.
 */
export function reportFailure({ store }: EditorContextValue, error: unknown): void {
  if (error instanceof StorageFullError) store.getState().reportProblem(error)
  else store.getState().say(error instanceof Error ? error.message : String(error))
}
