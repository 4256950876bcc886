/**
 * Chart files from a mounted chart: a standalone SVG (every element's computed look written inline, so it
 * renders the same outside the page) and a PNG drawn from that SVG on a canvas.
 */
const PROPS = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'opacity', 'font-family', 'font-size', 'font-weight', 'text-anchor', 'dominant-baseline', 'display'];

/** The SVG text of `live` with computed styles inlined, `<style>` removed and a white background. */
export function standaloneSvg(live: SVGSVGElement): string {
  const clone = live.cloneNode(true) as SVGSVGElement;
  const src = [live, ...Array.from(live.querySelectorAll('*'))];
  const dst = [clone, ...Array.from(clone.querySelectorAll('*'))];
  src.forEach((el, i) => {
    if (el.tagName.toLowerCase() === 'style') return;
    const cs = getComputedStyle(el);
    const style = PROPS.map((p) => [p, cs.getPropertyValue(p)]).filter(([, v]) => v !== '').map(([p, v]) => `${p}:${v}`).join(';');
    dst[i].setAttribute('style', style);
  });
  clone.querySelectorAll('style').forEach((s) => s.remove());
  const { width, height } = size(live);
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  const bg = clone.ownerDocument.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#ffffff');
  clone.insertBefore(bg, clone.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

/** The chart's drawing size (its viewBox, else its box on the page). */
export function size(svg: SVGSVGElement): { width: number; height: number } {
  const vb = svg.viewBox?.baseVal;
  if (vb && vb.width > 0 && vb.height > 0) return { width: vb.width, height: vb.height };
  const r = svg.getBoundingClientRect();
  return { width: Math.max(1, Math.round(r.width)), height: Math.max(1, Math.round(r.height)) };
}

/** PNG of an SVG text, `scale` × its size (default 2 for sharp prints). */
export async function svgToPng(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the chart could not be drawn as an image'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser gave no canvas to draw on');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be encoded'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
