export function sourceHash(): string;
export function isFresh(): boolean;
