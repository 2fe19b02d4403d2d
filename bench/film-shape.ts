/** The film benchmark's shape, shared by its page (bench/film.ts) and its runner (bench/film-run.ts). */
export const FILM_SHOTS = 40
export const SHOTS_PER_SCENE = 5
export const TAKES = 3
export const SHOT_S = 2
export const HEIGHT = 480
