import type { Plugin } from 'vite'

export declare function modelFiles(): Plugin
