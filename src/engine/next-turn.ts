/**
 * Resolves once the work already waiting in the event loop (a storage event, another batch's turn)
 * has run. A message rather than `setTimeout(0)`: nested timers are held back 4 ms each, and the
 * browser may run posted messages ahead of due timers, so a run that lets other work in by message
 * and a cache that waits for its turn by timer would not take turns.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof MessageChannel === 'undefined') {
      setTimeout(resolve, 0)
      return
    }
    const channel = new MessageChannel()
    channel.port1.onmessage = () => {
      channel.port1.close()
      resolve()
    }
    channel.port2.postMessage(undefined)
  })
}
