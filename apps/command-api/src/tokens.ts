/** Injection token of the wired System (see system.ts). */
export const SYSTEM = Symbol('SYSTEM');
