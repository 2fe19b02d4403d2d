/** One value per channel, in the order red, green, blue. */
export type Rgb = readonly [number, number, number]
