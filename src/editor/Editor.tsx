import { ReactFlowProvider } from '@xyflow/react'
import { editorActions } from './actions'
import { useActionShortcuts } from './actions/use-action-shortcuts'
import { Canvas } from './canvas/Canvas'
import { Dialogs } from './dialogs/Dialogs'
import { Inspector } from './inspector/Inspector'
import { Palette } from './palette/Palette'
import { RunBar } from './run-bar/RunBar'
import { StorageBanner } from './StorageBanner'
import { useThemeOnPage } from './theme/use-theme-on-page'

/** The editor: run bar on top, palette left, canvas centre, inspector right. */
export function Editor() {
  return (
    <ReactFlowProvider>
      <EditorLayout />
    </ReactFlowProvider>
  )
}

function EditorLayout() {
  useActionShortcuts(editorActions)
  useThemeOnPage()
  return (
    <div className="editor">
      <RunBar />
      <StorageBanner />
      <div className="editor__workspace">
        <Palette />
        <Canvas />
        <Inspector />
      </div>
      <Dialogs />
    </div>
  )
}
