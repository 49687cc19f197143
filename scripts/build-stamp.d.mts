export function sourceHash(): string;
export function isFresh(): boolean;
export const ROOT: string;
