/** Reading GitHub's JSON (API answers, webhook payloads) without trusting its shape: a missing or mistyped field reads as empty. */
export type Obj = Record<string, unknown>;

export const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
export const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d);
export const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
