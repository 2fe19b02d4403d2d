import { useContext } from 'react'
import { AbsentMediaContext } from './use-absent-media'

/**
 * On a node, the files it holds (a component node: its inner nodes hold) that the pipeline came
 * without, and how to bring them; gone as soon as they are stored.
 */
export function AbsentMediaNote({ nodeId }: { nodeId: string }) {
  const absent = useContext(AbsentMediaContext).filter((file) => file.nodes.includes(nodeId))
  if (absent.length === 0) return null
  const one = absent.length === 1
  return (
    <p className="node__message node__message--absent" role="status">
      Not on this computer: {absent.map((file) => `“${file.name}”`).join(', ')}. The pipeline came without {one ? 'it' : 'them'}: import the bundle that carries {one ? 'it' : 'them'}, or add {one ? 'the file' : 'the files'} again.
    </p>
  )
}
