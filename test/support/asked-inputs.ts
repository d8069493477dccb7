import { InputReader } from '../../src/core/inputs.js';

/** An InputReader that remembers every input name the parser asked for, whatever accessor it used. */
export class AskedInputs extends InputReader {
  readonly asked = new Set<string>();

  override optional(name: string): string | undefined {
    this.asked.add(name);
    return super.optional(name);
  }
  override secret(name: string): string | undefined {
    this.asked.add(name);
    return super.secret(name);
  }
  override isSet(name: string): boolean {
    this.asked.add(name);
    return super.isSet(name);
  }
  override subset(names: readonly string[], extra?: ReadonlyMap<string, string>): InputReader {
    for (const name of names) this.asked.add(name);
    return super.subset(names, extra);
  }
}
