import { Handle, Position } from '@xyflow/react'
import type { BaseValueType, PortType } from '../../graph'
import { portClass, portStyle } from './port-colour'

export interface PortView {
  name: string
  type: PortType
  label?: string
  optional?: boolean
  also?: readonly BaseValueType[]
}

/** Inputs down the left edge, outputs down the right, each a handle coloured by its type. */
export function NodePorts({ inputs, outputs }: { inputs: PortView[]; outputs: PortView[] }) {
  if (inputs.length === 0 && outputs.length === 0) return null
  return (
    <div className="node__ports">
      <ul className="node__inputs">
        {inputs.map((port) => (
          <li key={port.name} className="port port--in" title={describe(port)}>
            <Handle type="target" position={Position.Left} id={port.name} className={`handle ${portClass(port.type)}`} style={portStyle(port.type)} />
            <span className="port__name">{port.label ?? port.name}</span>
            {port.optional && <span className="port__optional">optional</span>}
          </li>
        ))}
      </ul>
      <ul className="node__outputs">
        {outputs.map((port) => (
          <li key={port.name} className="port port--out" title={describe(port)}>
            <span className="port__name">{port.label ?? port.name}</span>
            <Handle type="source" position={Position.Right} id={port.name} className={`handle ${portClass(port.type)}`} style={portStyle(port.type)} />
          </li>
        ))}
      </ul>
    </div>
  )
}

function describe(port: PortView): string {
  const also = port.also?.length ? `, also ${port.also.join(', ')}` : ''
  return `${port.name}: ${port.type}${also}${port.optional ? ' (optional)' : ''}`
}
