import { ReactFlowProvider } from '@xyflow/react'
import { editorActions } from './actions'
import { useActionShortcuts } from './actions/use-action-shortcuts'
import { Canvas } from './canvas/Canvas'
import { Dialogs } from './dialogs/Dialogs'
import { Dock } from './dock/Dock'
import { Inspector } from './inspector/Inspector'
import { Palette } from './palette/Palette'
import { RunBar } from './run-bar/RunBar'
import { StorageBanner } from './StorageBanner'
import { TemplateForm } from './template-form/TemplateForm'
import { useEditorStore } from './state/use-editor-store'
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
  const mode = useEditorStore((state) => state.mode)
  useThemeOnPage()
  return (
    <div className="editor">
      <RunBar />
      <StorageBanner />
      {mode === 'simple' ? (
        <TemplateForm />
      ) : (
        <>
          <div className="editor__workspace">
            <Palette />
            <Canvas />
            <Inspector />
          </div>
          <Dock />
        </>
      )}
      <Dialogs />
    </div>
  )
}
