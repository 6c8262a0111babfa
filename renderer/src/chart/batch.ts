// Draw calls grouped by colour, so a frame sets fillStyle a few dozen times instead of once per
// cell. Buffers are reused across frames to keep the paint path free of allocations.

export class RectBatch {
  private readonly groups = new Map<string, number[]>();

  add(color: string, x: number, y: number, w: number, h: number): void {
    let g = this.groups.get(color);
    if (g === undefined) {
      g = [];
      this.groups.set(color, g);
    }
    g.push(x, y, w, h);
  }

  flush(ctx: CanvasRenderingContext2D): void {
    for (const [color, g] of this.groups) {
      if (g.length === 0) continue;
      // One path and one fill per colour: rasterising once is much cheaper than a fillRect per cell.
      ctx.fillStyle = color;
      ctx.beginPath();
      for (let i = 0; i < g.length; i += 4) ctx.rect(g[i]!, g[i + 1]!, g[i + 2]!, g[i + 3]!);
      ctx.fill();
      g.length = 0;
    }
  }
}

interface TextGroup {
  texts: string[];
  xy: number[];
}

/** Text runs grouped by alignment and colour (no key string built per label); one font per batch. */
export class TextBatch {
  private readonly groups = new Map<CanvasTextAlign, Map<string, TextGroup>>();

  add(color: string, align: CanvasTextAlign, text: string, x: number, y: number): void {
    let byColor = this.groups.get(align);
    if (byColor === undefined) {
      byColor = new Map();
      this.groups.set(align, byColor);
    }
    let g = byColor.get(color);
    if (g === undefined) {
      g = { texts: [], xy: [] };
      byColor.set(color, g);
    }
    g.texts.push(text);
    g.xy.push(x, y);
  }

  flush(ctx: CanvasRenderingContext2D, font: string): void {
    ctx.font = font;
    ctx.textBaseline = 'middle';
    for (const [align, byColor] of this.groups) {
      ctx.textAlign = align;
      for (const [color, g] of byColor) {
        if (g.texts.length === 0) continue;
        ctx.fillStyle = color;
        for (let i = 0; i < g.texts.length; i++) ctx.fillText(g.texts[i]!, g.xy[2 * i]!, g.xy[2 * i + 1]!);
        g.texts.length = 0;
        g.xy.length = 0;
      }
    }
  }
}
