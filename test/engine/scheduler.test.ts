import { describe, expect, it } from 'vitest'
import { ResourcePool } from '../../src/engine'

const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('ResourcePool', () => {
  it('never lets more steps hold a resource than its limit', async () => {
    const pool = new ResourcePool({ cpu: 2, gpu: 1 })
    let peakCpu = 0
    let peakGpu = 0
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const release = await pool.acquire(i % 3 === 0 ? ['cpu', 'gpu'] : ['cpu'])
        peakCpu = Math.max(peakCpu, pool.inUse('cpu'))
        peakGpu = Math.max(peakGpu, pool.inUse('gpu'))
        await tick()
        release()
      }),
    )
    expect(peakCpu).toBe(2)
    expect(peakGpu).toBe(1)
    expect(pool.inUse('cpu')).toBe(0)
  })

  it('runs a resource nobody set a limit for one at a time', async () => {
    const pool = new ResourcePool({ cpu: 4 })
    const first = await pool.acquire(['provider:runway'])
    let secondGranted = false
    const second = pool.acquire(['provider:runway']).then((release) => {
      secondGranted = true
      return release
    })
    await tick()
    expect(secondGranted).toBe(false)
    first()
    ;(await second)()
    expect(secondGranted).toBe(true)
  })

  it('lets a step with free resources pass one that waits for a busy resource', async () => {
    const pool = new ResourcePool({ cpu: 4, gpu: 1 })
    const gpuHolder = await pool.acquire(['gpu'])
    const order: string[] = []
    const waitsForGpu = pool.acquire(['gpu']).then((release) => {
      order.push('gpu')
      release()
    })
    const needsCpu = pool.acquire(['cpu']).then((release) => {
      order.push('cpu')
      release()
    })
    await needsCpu
    expect(order).toEqual(['cpu'])
    gpuHolder()
    await waitsForGpu
    expect(order).toEqual(['cpu', 'gpu'])
  })
})
