// Shared type-level checks: no exported function takes or returns `any`.
export type IsAny<T> = 0 extends 1 & T ? true : false;
type Fn = (...args: never[]) => unknown;
/** The names of the module's functions with an `any` parameter or result (never = none). */
export type AnyLeaks<M> = {
  [K in keyof M]: M[K] extends Fn
    ? IsAny<ReturnType<M[K]>> extends true
      ? K
      : true extends { [I in keyof Parameters<M[K]>]: IsAny<Parameters<M[K]>[I]> }[number]
        ? K
        : never
    : never;
}[keyof M];
