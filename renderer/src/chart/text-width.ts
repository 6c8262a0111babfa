// Text widths at the reference font size, cached per character: canvas labels here are digits,
// separators and a few unit characters, so a label's width is the sum of its characters' widths
// and measureText runs once per distinct character, never per frame.

export class TextWidthCache {
  private readonly chars = new Map<string, number>();

  constructor(private readonly measure: (s: string) => number) {}

  width(text: string): number {
    let w = 0;
    for (const ch of text) {
      let cw = this.chars.get(ch);
      if (cw === undefined) {
        cw = this.measure(ch);
        this.chars.set(ch, cw);
      }
      w += cw;
    }
    return w;
  }
}
