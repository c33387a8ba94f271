// The parts of @observablehq/inputs the components use (the package ships no types).
declare module "@observablehq/inputs" {
  interface ChooserOptions<T> {
    label?: string | Node;
    value?: T;
    format?: (value: string) => string | Node;
    disabled?: boolean;
  }
  export function checkbox(data: readonly string[], options?: ChooserOptions<string[]>): HTMLFormElement & { value: string[] };
  export function select(data: readonly string[], options?: ChooserOptions<string> & { multiple?: boolean }): HTMLFormElement & { value: string };
  export function text(options?: { label?: string; placeholder?: string; value?: string; submit?: boolean | string }): HTMLFormElement & { value: string };
  export function search(data: unknown, options?: { label?: string; placeholder?: string }): HTMLFormElement & { value: unknown };
  export function range(extent: [number, number], options?: { label?: string; step?: number; value?: number }): HTMLFormElement & { value: number };
}
